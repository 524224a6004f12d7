"""Contracts and risks: bad input refused with nothing written; renewals and reminders once."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from backoffice.models import Notification
from compliance.models import Contract, ContractRenewal, Risk
from compliance.services import contract_save, contracts_nightly, risk_save
from tests.compliance import factories

pytestmark = pytest.mark.django_db


def _contract(owner, **fields) -> Contract:
    values = dict(
        title="Cleaning",
        counterparty=factories.partner(),
        owner=owner,
        start=date(2026, 1, 1),
        end=date(2026, 12, 31),
        notice_value=1,
        notice_unit="months",
        value=Decimal("1200.00"),
    )
    values.update(fields)
    return Contract(**values)


def test_a_contract_ending_before_it_starts_is_refused(make_user):
    owner = make_user("Compliance")
    with pytest.raises(ValidationError) as error:
        contract_save(contract=_contract(owner, end=date(2025, 12, 31)), actor=owner)
    assert "end" in error.value.message_dict
    assert not Contract.objects.exists()


def test_a_notice_period_longer_than_the_term_is_refused(make_user):
    owner = make_user("Compliance")
    with pytest.raises(ValidationError) as error:
        contract_save(contract=_contract(owner, end=date(2026, 3, 31), notice_value=6), actor=owner)
    assert "notice_value" in error.value.message_dict
    with pytest.raises(ValidationError):
        contract_save(
            contract=_contract(owner, auto_renew=True, renewal_months=1, notice_value=2),
            actor=owner,
        )
    assert not Contract.objects.exists()


def test_a_renewing_contract_needs_its_term(make_user):
    owner = make_user("Compliance")
    with pytest.raises(ValidationError) as error:
        contract_save(contract=_contract(owner, auto_renew=True), actor=owner)
    assert "renewal_months" in error.value.message_dict


def test_renewals_are_recorded_once_and_reminders_sent_once(make_user):
    owner = make_user("Compliance")
    today = timezone.localdate()
    contract = factories.contract(
        owner,
        start=today - timedelta(days=800),
        end=today - timedelta(days=800) + timedelta(days=364),
        renewal_months=12,
        notice_value=400,
        notice_unit="days",
        lead_days=400,
    )
    first = contracts_nightly(today=today)
    second = contracts_nightly(today=today)

    number = contract.deadlines(today).term.number
    assert number >= 2
    assert ContractRenewal.objects.filter(contract=contract).count() == number
    assert first["renewed"] == number and second["renewed"] == 0
    assert second["reminded"] == 0
    assert (
        Notification.objects.filter(recipient=owner, kind="compliance.contract_notice").count()
        == first["reminded"]
    )


def test_a_likelihood_of_six_is_refused(make_user):
    owner = make_user("Compliance")
    risk = Risk(
        title="Fire",
        category="people",
        owner=owner,
        likelihood=6,
        impact=3,
        residual_likelihood=2,
        residual_impact=3,
        review_on=date(2027, 1, 1),
    )
    with pytest.raises(ValidationError) as error:
        risk_save(risk=risk, actor=owner)
    assert "likelihood" in error.value.message_dict
    assert not Risk.objects.exists()


def test_saving_a_risk_keeps_its_history(make_user):
    owner = make_user("Compliance")
    risk = risk_save(
        risk=Risk(
            title="Fire",
            category="people",
            owner=owner,
            likelihood=4,
            impact=5,
            residual_likelihood=2,
            residual_impact=5,
            review_on=date(2027, 1, 1),
        ),
        actor=owner,
    )
    risk.residual_likelihood = 1
    risk_save(risk=risk, actor=owner)
    assert risk.history.count() == 2
    assert (risk.score, risk.residual_score) == (20, 5)
