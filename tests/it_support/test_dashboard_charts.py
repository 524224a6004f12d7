"""The dashboard's weekly SLA share and the backlog by age, with hand-counted figures."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.urls import reverse

from it_support.models import Ticket
from it_support.selectors import backlog_by_age, sla_met_by_week

SOFIA = ZoneInfo("Europe/Sofia")
# Wednesday 11 March 2026, noon in Sofia: its week starts on Monday 9 March.
NOW = datetime(2026, 3, 11, 12, 0, tzinfo=SOFIA)


def ticket(desk, *, opened, status="open", resolved=None, met=None) -> Ticket:
    return Ticket.objects.create(
        subject="x",
        requester=desk["users"]["staff"],
        queue=desk["queues"]["helpdesk"],
        created_at=opened,
        status=status,
        resolved_at=resolved,
        sla_met=met,
    )


def test_sla_met_by_week_counts_each_monday_to_sunday(desk):
    # This week: 2 of 3 met; the week before: 1 of 1; Sunday 8 March 23:30 belongs to last week.
    for met in (True, True, False):
        ticket(desk, opened=NOW - timedelta(days=3), status="resolved", resolved=NOW, met=met)
    late_sunday = datetime(2026, 3, 8, 23, 30, tzinfo=SOFIA)
    ticket(desk, opened=late_sunday, status="closed", resolved=late_sunday, met=True)
    # Resolved without a target: not counted.
    ticket(desk, opened=NOW, status="resolved", resolved=NOW, met=None)

    weeks = sla_met_by_week(now=NOW, weeks=3)

    assert [(w["week"].isoformat(), w["resolved"], w["met"], w["percent"]) for w in weeks] == [
        ("2026-02-23", 0, 0, None),
        ("2026-03-02", 1, 1, 100),
        ("2026-03-09", 3, 2, 67),
    ]


def test_backlog_by_age_buckets_only_unfinished_tickets(desk):
    for hours in (2, 30, 30, 24 * 5, 24 * 10, 24 * 40):
        ticket(desk, opened=NOW - timedelta(hours=hours))
    ticket(desk, opened=NOW - timedelta(hours=2), status="resolved", resolved=NOW)
    assert backlog_by_age(now=NOW) == {"day": 1, "three": 2, "week": 1, "month": 1, "older": 1}


def test_the_dashboard_draws_both_charts(desk, client, login):
    login(client, desk["users"]["agent"])
    page = client.get(reverse("it_support:it-dashboard")).content.decode()
    for chart_id in ("it-backlog", "it-sla-weeks", "it-backlog-age"):
        start = page.index(f'<script id="{chart_id}" type="application/json">')
        spec = json.loads(page[start:].split(">", 1)[1].split("</script>")[0])
        assert spec["series"] and len(spec["labels"]) == len(spec["series"][0]["data"])
