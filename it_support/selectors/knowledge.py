"""Knowledge-base reads: staff see public articles, IT every article."""

from __future__ import annotations

from django.db.models import QuerySet

from backoffice.models import User
from it_support.models import Article
from it_support.permissions import is_agent

MIN_WORD = 3
SUGGESTIONS = 5


def article_list(*, viewer: User, search: str = "") -> QuerySet[Article]:
    articles = Article.objects.select_related("category")
    if not is_agent(viewer):
        articles = articles.public()
    for word in search.replace("\x00", "").casefold().split()[:8]:
        articles = articles.filter(search_text__contains=word)
    return articles


def article_suggestions(*, viewer: User, text: str) -> list[Article]:
    """Articles matching any longer word of what is being typed, best match first."""
    words = [w for w in text.replace("\x00", "").casefold().split() if len(w) >= MIN_WORD][:6]
    if not words:
        return []
    articles = Article.objects.only("pk", "title", "search_text", "public")
    if not is_agent(viewer):
        articles = articles.public()
    from django.db.models import Q

    query = Q()
    for word in words:
        query |= Q(search_text__contains=word)
    candidates = list(articles.filter(query)[:50])
    candidates.sort(key=lambda a: (-sum(w in a.search_text for w in words), a.title))
    return candidates[:SUGGESTIONS]
