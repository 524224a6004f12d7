"""Policy versions through their states, acknowledgements by audience, rates and reminders."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from backoffice.models import Notification
from compliance.models import Acknowledgement, PolicyVersion
from compliance.selectors import acknowledgement_rates, my_policies, not_acknowledged
from compliance.services import (
    policies_for_new_hire,
    policy_acknowledge,
    version_approve,
    version_publish,
    version_retire,
    version_save,
)
from hr.models import Position
from tests.compliance import factories
from tests.hr.factories import department, employee

pytestmark = pytest.mark.django_db


def test_a_version_moves_from_draft_to_retired_with_its_approver(make_user):
    officer = make_user("Compliance")
    draft = factories.policy(officer, status="draft")

    with pytest.raises(ValidationError):
        version_publish(version=draft, actor=officer)
    draft.refresh_from_db()
    assert draft.status == "draft" and draft.published_at is None

    version_approve(version=draft, actor=officer)
    draft.refresh_from_db()
    assert draft.status == "approved" and draft.approved_by == officer
    with pytest.raises(ValidationError):
        version_save(version=draft, actor=officer)

    version_publish(version=draft, actor=officer)
    draft.refresh_from_db()
    assert draft.status == "published" and draft.published_at is not None

    version_retire(version=draft, actor=officer)
    draft.refresh_from_db()
    assert draft.status == "retired"


def test_publishing_a_new_version_retires_the_earlier_one(make_user):
    officer = make_user("Compliance")
    first = factories.policy(officer)
    second = version_save(
        version=PolicyVersion(policy=first.policy, body="Be kinder."), actor=officer
    )
    assert second.number == 2
    version_approve(version=second, actor=officer)
    version_publish(version=second, actor=officer)

    first.refresh_from_db()
    assert first.status == "retired"


def test_publishing_asks_everyone_in_the_audience(make_user):
    officer = make_user("Compliance")
    sales, kitchen = department(name="Sales"), department(name="Kitchen")
    seller = employee(user=make_user("Staff"), dept=sales)
    cook = employee(user=make_user("Staff"), dept=kitchen)
    version = factories.policy(
        officer, status="approved", audience="departments", departments=[sales]
    )

    version_publish(version=version, actor=officer)

    assert (
        Notification.objects.filter(
            recipient=seller.user, kind="compliance.policy_published"
        ).count()
        == 1
    )
    assert not Notification.objects.filter(recipient=cook.user).exists()


def test_acknowledgements_by_audience(make_user):
    officer = make_user("Compliance")
    sales, kitchen = department(name="Sales"), department(name="Kitchen")
    cashier = Position.objects.create(title="Cashier", department=sales)
    seller = employee(user=make_user("Staff"), dept=sales, position=cashier)
    cook = employee(user=make_user("Staff"), dept=kitchen)
    everyone = factories.policy(officer)
    for_sales = factories.policy(officer, audience="departments", departments=[sales])
    for_cashiers = factories.policy(officer, audience="positions", positions=[cashier])

    assert {r.version.pk for r in my_policies(user=seller.user)} == {
        everyone.pk,
        for_sales.pk,
        for_cashiers.pk,
    }
    assert {r.version.pk for r in my_policies(user=cook.user)} == {everyone.pk}

    policy_acknowledge(version=for_sales, user=seller.user)
    with pytest.raises(ValidationError, match="already acknowledged"):
        policy_acknowledge(version=for_sales, user=seller.user)
    with pytest.raises(ValidationError, match="not addressed to you"):
        policy_acknowledge(version=for_sales, user=cook.user)
    assert Acknowledgement.objects.filter(version=for_sales).count() == 1

    employee(dept=sales, last_name="Алексиев")
    employee(dept=sales, last_name="Янков")
    policy_acknowledge(version=everyone, user=cook.user)
    rates = {
        r.department: (r.acknowledged, r.addressed) for r in acknowledgement_rates(version=everyone)
    }
    assert rates == {"Sales": (0, 3), "Kitchen": (1, 1)}
    assert seller in not_acknowledged(version=everyone)


def test_a_draft_cannot_be_acknowledged(make_user):
    officer = make_user("Compliance")
    person = employee(user=make_user("Staff"))
    draft = factories.policy(officer, status="draft")

    with pytest.raises(ValidationError):
        policy_acknowledge(version=draft, user=person.user)
    assert not Acknowledgement.objects.exists()


def test_a_new_hire_is_asked_for_their_positions_policies(make_user):
    officer = make_user("Compliance")
    dept = department()
    cashier = Position.objects.create(title="Cashier", department=dept)
    version = factories.policy(officer, audience="positions", positions=[cashier])
    other = factories.policy(
        officer, audience="positions", positions=[Position.objects.create(title="Cook")]
    )
    hire = employee(user=make_user("Staff"), dept=dept, position=cashier)

    assert policies_for_new_hire(employee_id=hire.pk) == 1
    note = Notification.objects.get(recipient=hire.user)
    assert str(version.pk) in note.url
    assert str(other.pk) not in note.url


def test_the_employee_hired_event_reaches_compliance(make_user, django_capture_on_commit_callbacks):
    from backoffice.services.actions import event_publish
    from hr.events import EmployeeHired

    officer = make_user("Compliance")
    factories.policy(officer)
    hire = employee(user=make_user("Staff"))

    with django_capture_on_commit_callbacks(execute=True):
        event_publish(EmployeeHired(employee_id=hire.pk))

    assert Notification.objects.filter(
        recipient=hire.user, kind="compliance.policy_published"
    ).exists()


def test_an_audience_of_departments_needs_one(make_user):
    officer = make_user("Compliance")
    base = factories.policy(officer)
    version = PolicyVersion(policy=base.policy, body="x", audience="departments")

    with pytest.raises(ValidationError):
        version_save(version=version, actor=officer)
    assert PolicyVersion.objects.filter(policy=base.policy).count() == 1


def test_the_dashboard_rate_counts_only_the_audiences_acknowledgements(make_user):
    """Two people in Sales are addressed; one of them and one person in Ops (who once was in
    Sales and acknowledged) have acknowledged: 1 of 2, never 2 of 2 or more than addressed."""
    from compliance.selectors.policies import version_rates

    officer = make_user("Compliance")
    sales, ops = department(name="Sales"), department(name="Ops")
    inside = [employee(dept=sales), employee(dept=sales)]
    moved = employee(dept=ops)
    version = factories.policy(officer, audience="departments", departments=[sales])
    Acknowledgement.objects.create(version=version, employee=inside[0])
    Acknowledgement.objects.create(version=version, employee=moved)

    assert version_rates(versions=[version]) == {version.pk: (1, 2)}
