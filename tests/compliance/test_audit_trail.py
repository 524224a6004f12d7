"""Compliance searches the whole audit trail by person, record, action and date."""

from __future__ import annotations

import pytest
from django.urls import reverse

from compliance.models import Risk
from compliance.services import risk_save
from tests.conftest import login_verified

pytestmark = pytest.mark.django_db


def test_compliance_finds_the_events_of_one_record(client, make_user):
    officer = make_user("Compliance")
    first = risk_save(
        risk=Risk(
            title="Fire",
            category="people",
            owner=officer,
            likelihood=3,
            impact=4,
            residual_likelihood=2,
            residual_impact=2,
            review_on="2027-01-01",
        ),
        actor=officer,
    )
    risk_save(
        risk=Risk(
            title="Flood",
            category="people",
            owner=officer,
            likelihood=2,
            impact=4,
            residual_likelihood=1,
            residual_impact=2,
            review_on="2027-01-01",
        ),
        actor=officer,
    )
    login_verified(client, officer)

    page = client.get(
        reverse("backoffice:audit-list"),
        {
            "record_type": "compliance.risk",
            "record_id": str(first.pk),
            "actor": officer.username,
            "kind": "compliance.risk_saved",
        },
    )

    assert page.status_code == 200
    events = list(page.context["page"].object_list)
    assert [e.object_id for e in events] == [str(first.pk)]
