"""Knowledge base: search and read (public articles for staff), write (IT), "was this helpful"."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from backoffice.lists import paginate
from it_support import services
from it_support.forms import ArticleForm
from it_support.models import Article
from it_support.permissions import writes_articles
from it_support.selectors import article_list


def _article_or_404(request, pk: int) -> Article:
    article = article_list(viewer=request.user).filter(pk=pk).first()
    if article is None:
        raise Http404
    return article


@require_GET
def article_index(request: HttpRequest) -> HttpResponse:
    search = request.GET.get("q", "")[:200]
    page = paginate(request, article_list(viewer=request.user, search=search))
    return render(
        request,
        "it_support/article_list.html",
        {"page": page, "q": search, "may_write": writes_articles(request.user)},
    )


@require_GET
def article_detail(request: HttpRequest, pk: int) -> HttpResponse:
    article = _article_or_404(request, pk)
    return render(
        request,
        "it_support/article_detail.html",
        {"article": article, "may_write": writes_articles(request.user)},
    )


@require_http_methods(["GET", "POST"])
def article_form(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    if not writes_articles(request.user):
        raise PermissionDenied
    article = _article_or_404(request, pk) if pk else Article()
    form = ArticleForm(request.POST or None, instance=article)
    if request.method == "POST" and form.is_valid():
        try:
            article = services.article_save(article=form.save(commit=False), actor=request.user)
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("Article saved."))
            return redirect("it_support:article-detail", article.pk)
    return render(
        request,
        "it_support/article_form.html",
        {"form": form, "article": article},
        status=400 if request.method == "POST" else 200,
    )


@require_POST
def article_vote(request: HttpRequest, pk: int) -> HttpResponse:
    article = _article_or_404(request, pk)
    services.article_vote(article=article, helpful=request.POST.get("helpful") == "1")
    messages.success(request, _("Thank you for your feedback."))
    return redirect("it_support:article-detail", pk)
