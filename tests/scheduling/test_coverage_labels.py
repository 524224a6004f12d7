"""The roster's coverage row and list say what is missing or extra in plain words, with a
legend."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.urls import reverse

from scheduling.models import Coverage
from tests.scheduling import factories


def _coverage_row(html: str) -> str:
    found = re.search(r'<tr class="roster-coverage">(.*?)</tr>', html, re.S)
    assert found, "no coverage row"
    return found.group(1)


def _words(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


@pytest.fixture
def uneven(shop, team):
    """Monday needs two and has nobody, Tuesday needs one and has two, Wednesday has only an
    open shift; the rest of the week is one person short each day."""
    period, monday = shop["draft"], shop["monday"] + timedelta(days=7)
    Coverage.objects.filter(location=shop["location"], weekday=0).update(count=2)
    people = team["people"]
    factories.shift(period, people["staff"], monday + timedelta(days=1), shop["morning"])
    factories.shift(period, people["colleague"], monday + timedelta(days=1), shop["morning"])
    factories.shift(period, None, monday + timedelta(days=2), shop["morning"])
    return period


def test_the_coverage_row_says_missing_extra_and_open_in_words(client, login, team, uneven):
    login(client, team["users"]["planner"])

    html = client.get(reverse("scheduling:period-detail", args=[uneven.pk])).content.decode()

    row = _coverage_row(html)
    cells = re.findall(r'<td class="text-center small roster-coverage-cell">(.*?)</td>', row, re.S)
    assert _words(cells[0]) == "0/2 2 missing"
    assert _words(cells[1]) == "2/1 1 extra"
    assert _words(cells[2]) == "0/1 1 missing 1 open"
    assert (
        'title="0 planned of 1 needed · 1 open shift not taken yet, not counted as planned"'
        in (cells[2])
    )
    assert "+1" not in row and "short:" not in html and "over:" not in html
    assert "people planned / people needed" in html  # the legend
    listed = _words(html[html.index('id="conflicts-title"') :])
    assert "0/2 · 2 missing" in listed
    assert "2/1 · 1 extra" in listed
