"""The knowledge base: articles in categories, public (staff) or internal (IT)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ArticleCategory(models.Model):
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        verbose_name = _("article category")
        verbose_name_plural = _("article categories")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ArticleQuerySet(models.QuerySet):
    def public(self) -> ArticleQuerySet:
        return self.filter(public=True)


class Article(models.Model):
    title = models.CharField(_("title"), max_length=200)
    category = models.ForeignKey(
        ArticleCategory, verbose_name=_("category"), on_delete=models.PROTECT
    )
    body = models.TextField(_("text (Markdown)"))
    public = models.BooleanField(
        _("public"), default=True, help_text=_("Public articles are shown to all staff.")
    )
    search_text = models.TextField(editable=False, default="")
    helpful_yes = models.PositiveIntegerField(default=0, editable=False)
    helpful_no = models.PositiveIntegerField(default=0, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title

    def refresh_search_text(self) -> None:
        self.search_text = f"{self.title} {self.body}".casefold()
