"""Opening IT support's pages writes nothing (STYLE: a GET never writes), for IT and for staff."""

from __future__ import annotations

from django.apps import apps
from django.urls import reverse

from it_support.models import Article, ArticleCategory, Asset, Licence
from it_support.services import asset_check_out, licence_save, ticket_open, ticket_reply


def _counts() -> dict[str, int]:
    return {
        model._meta.label: model._default_manager.count()
        for app in ("it_support", "backoffice")
        for model in apps.get_app_config(app).get_models()
    }


def test_get_pages_write_nothing(desk, client, login):
    staff, agent = desk["users"]["staff"], desk["users"]["agent"]
    ticket = ticket_open(requester=staff, subject="Printer", actor=staff)
    ticket_reply(ticket=ticket, author=agent, body="On it")
    article = Article(title="VPN", category=ArticleCategory.objects.create(name="FAQ"), body="x")
    article.refresh_search_text()
    article.save()
    asset = Asset.objects.create(tag="G-1", model="Laptop")
    asset_check_out(asset=asset, employee=desk["people"]["staff"], actor=agent)
    licence = licence_save(licence=Licence(name="Office"), seats_total=2, actor=agent)
    agent_pages = [
        reverse("it_support:it-dashboard"),
        reverse("it_support:sla-report"),
        reverse("it_support:ticket-list"),
        reverse("it_support:ticket-detail", args=[ticket.pk]),
        reverse("it_support:asset-list"),
        reverse("it_support:asset-detail", args=[asset.pk]),
        reverse("it_support:licence-list"),
        reverse("it_support:licence-detail", args=[licence.pk]),
        reverse("it_support:article-create"),
    ]
    staff_pages = [
        reverse("it_support:ticket-mine"),
        reverse("it_support:ticket-create"),
        reverse("it_support:ticket-mine-detail", args=[ticket.pk]),
        reverse("it_support:article-list"),
        reverse("it_support:article-detail", args=[article.pk]),
        reverse("it_support:article-suggest") + "?subject=vpn",
        reverse("it_support:asset-mine"),
    ]
    for user, pages in ((agent, agent_pages), (staff, staff_pages)):
        login(client, user)
        client.get(pages[0])
        before = _counts()
        for url in pages:
            assert client.get(url).status_code == 200, url
        assert _counts() == before
