"""Knowledge-base articles: save (keeping the search text) and "was this helpful"."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from it_support.models import Article

NO_TITLE = _("Give the article a title.")


@transaction.atomic
def article_save(*, article: Article, actor) -> Article:
    article.title = (article.title or "").replace("\x00", "").strip()
    if not article.title:
        raise ValidationError({"title": NO_TITLE})
    article.body = (article.body or "").replace("\x00", "")
    article.refresh_search_text()
    article.save()
    return article


def article_vote(*, article: Article, helpful: bool) -> None:
    field = "helpful_yes" if helpful else "helpful_no"
    Article.objects.filter(pk=article.pk).update(**{field: F(field) + 1})
