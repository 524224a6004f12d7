"""Finance pages as people read them: a missing budget says so instead of showing a zero budget,
the variance list shows the variance itself, and messages give dates in the reader's format."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from finance.models import JournalEntry
from finance.services import budget_set
from tests.finance.factories import account, books, sale


@pytest.mark.django_db
def test_dashboard_says_no_budget_where_none_is_set_and_lists_variances(make_user, login, client):
    year = timezone.localdate().year
    world = books(year)
    budget_set(
        actor=None,
        department=world["ops"],
        account=account("602"),
        year=year,
        amounts=["100"] * 12,
    )
    login(client, make_user("Finance"))
    page = " ".join(client.get(reverse("finance:finance-dashboard")).content.decode().split())
    # Income has no budget, so neither income nor profit shows a made-up budget figure.
    assert page.count("No budget") == 2
    assert "Budget: 100.00" in page
    assert "Budget: 0.00" not in page
    assert ">Variance</th>" in page


@pytest.mark.django_db
def test_the_reversal_message_gives_the_date_in_the_readers_format(make_user, login, client):
    world = books(2026)
    entry = sale(date(2026, 3, 7), "10.00", world)
    login(client, make_user("Finance"))
    response = client.post(
        reverse("finance:entry-reverse", args=[entry.pk]), {"on": "2026-03-20"}, follow=True
    )
    page = response.content.decode()
    reversal = JournalEntry.objects.get(reverses=entry)
    assert f"reversed by {reversal.reference}, dated 20 Mar 2026." in page
    assert "2026-03-20" not in page
