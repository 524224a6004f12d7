"""Leave: balance formula, requests with every bad input refused, decisions, cancellation, events."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from backoffice.models import Notification
from hr import events
from hr.models import CalendarDay, LeaveEntitlement, LeaveRequest
from hr.selectors import leave_balance
from hr.services import (
    entitlement_ensure,
    leave_request_approve,
    leave_request_cancel,
    leave_request_create,
    leave_request_reject,
)
from tests import samples
from tests.hr import factories


def _monday_after(day: date, weeks: int = 0) -> date:
    return day + timedelta(days=(7 - day.weekday()) % 7 + 7 * weeks)


@pytest.fixture
def paid(db):
    return factories.paid_leave(code="PAID")


def test_monthly_option_balance_is_carry_over_plus_accrued_minus_approved_minus_pending(team, paid):
    """The monthly accrual option (other countries); Bulgaria counts by year of origin
    (test_leave_law.py)."""
    staff = team["people"]["staff"]
    year = timezone.localdate().year
    LeaveEntitlement.objects.create(
        employee=staff,
        leave_type=paid,
        year_start=date(year, 1, 1),
        annual_days=Decimal(20),
        carried_over=Decimal("3.0"),
        carry_over_expires=date(year, 12, 31),
    )
    LeaveRequest.objects.create(
        employee=staff,
        leave_type=paid,
        start_date=date(year, 2, 2),
        end_date=date(year, 2, 3),
        days=Decimal(2),
        status=LeaveRequest.Status.APPROVED,
    )
    LeaveRequest.objects.create(
        employee=staff,
        leave_type=paid,
        start_date=date(year, 3, 2),
        end_date=date(year, 3, 2),
        days=Decimal(1),
        status=LeaveRequest.Status.PENDING,
    )
    LeaveRequest.objects.create(
        employee=staff,
        leave_type=paid,
        start_date=date(year, 4, 6),
        end_date=date(year, 4, 6),
        days=Decimal(1),
        status=LeaveRequest.Status.REJECTED,
    )
    balance = leave_balance(employee=staff, leave_type=paid, as_of=date(year, 6, 30))
    assert (balance.carried_over, balance.accrued, balance.approved, balance.pending) == (
        Decimal("3.0"),
        Decimal("10.0"),
        Decimal("2"),
        Decimal("1"),
    )
    assert balance.available == Decimal("10.0")
    assert balance.forecast == Decimal("20.0")


def test_monthly_option_expired_carry_over_counts_only_as_far_as_it_was_used(team, paid):
    staff = team["people"]["staff"]
    year = timezone.localdate().year
    LeaveEntitlement.objects.create(
        employee=staff,
        leave_type=paid,
        year_start=date(year, 1, 1),
        annual_days=Decimal(20),
        carried_over=Decimal("5.0"),
        carry_over_expires=date(year, 3, 31),
    )
    LeaveRequest.objects.create(
        employee=staff,
        leave_type=paid,
        start_date=date(year, 2, 2),
        end_date=date(year, 2, 3),
        days=Decimal(2),
        status=LeaveRequest.Status.APPROVED,
    )
    assert leave_balance(
        employee=staff, leave_type=paid, as_of=date(year, 3, 31)
    ).carried_over == Decimal("5.0")
    assert leave_balance(
        employee=staff, leave_type=paid, as_of=date(year, 4, 1)
    ).carried_over == Decimal("2")


def test_monthly_option_carry_over_is_made_from_last_years_remainder_up_to_the_cap(team, paid):
    staff = team["people"]["staff"]
    year = timezone.localdate().year
    entitlement = entitlement_ensure(employee=staff, leave_type=paid, year_start=date(year, 1, 1))
    assert entitlement.carried_over == Decimal("5.0")  # 20 unused last year, capped at 5
    assert entitlement.carry_over_expires == date(year, 4, 1)


def test_a_request_counts_working_days_and_notifies_the_manager(
    team, paid, django_capture_on_commit_callbacks
):
    staff = team["people"]["staff"]
    start = _monday_after(timezone.localdate(), 2)
    CalendarDay.objects.create(day=start + timedelta(days=1), name="Holiday")
    request = leave_request_create(
        actor=team["users"]["staff"],
        employee=staff,
        leave_type=paid,
        start_date=start,
        end_date=start + timedelta(days=6),
    )
    assert request.days == Decimal("4.0")  # Mon-Sun with a holiday on Tuesday
    assert request.status == LeaveRequest.Status.PENDING
    note = Notification.objects.get(recipient=team["users"]["manager"])
    assert "asks for leave" in note.title


@pytest.mark.parametrize(
    ("offsets", "half_day", "field", "message"),
    [
        ((3, 1), "", "end_date", "The last day is before the first day."),
        ((0, 2), "morning", "half_day", "A half day is a single day"),
        ((5, 6), "", "start_date", "There are no working days in this period."),
    ],
)
def test_bad_dates_are_refused_and_nothing_is_written(
    team, paid, offsets, half_day, field, message
):
    monday = _monday_after(timezone.localdate(), 2)
    with pytest.raises(ValidationError) as error:
        leave_request_create(
            actor=team["users"]["staff"],
            employee=team["people"]["staff"],
            leave_type=paid,
            start_date=monday + timedelta(days=offsets[0]),
            end_date=monday + timedelta(days=offsets[1]),
            half_day=half_day,
        )
    assert message in " ".join(error.value.message_dict[field])
    assert not LeaveRequest.objects.exists()


def test_overlapping_requests_are_refused(team, paid):
    monday = _monday_after(timezone.localdate(), 2)
    args = dict(actor=team["users"]["staff"], employee=team["people"]["staff"], leave_type=paid)
    leave_request_create(start_date=monday, end_date=monday + timedelta(days=2), **args)
    with pytest.raises(ValidationError, match="overlaps"):
        leave_request_create(
            start_date=monday + timedelta(days=2), end_date=monday + timedelta(days=3), **args
        )
    assert LeaveRequest.objects.count() == 1


def test_leave_beyond_the_balance_is_refused_when_the_type_forbids_it(team, paid, org):
    staff = factories.employee(
        dept=team["dept"], hire_date=timezone.localdate() - timedelta(days=40)
    )
    monday = _monday_after(timezone.localdate(), 1)
    with pytest.raises(ValidationError, match="only"):
        leave_request_create(
            actor=team["users"]["hr"],
            employee=staff,
            leave_type=paid,
            start_date=monday,
            end_date=monday + timedelta(days=11),
        )
    assert not LeaveRequest.objects.filter(employee=staff).exists()
    unpaid = factories.paid_leave(
        code="UNPAID", counts_against_allowance=False, may_exceed_balance=True
    )
    leave_request_create(
        actor=team["users"]["hr"],
        employee=staff,
        leave_type=unpaid,
        start_date=monday,
        end_date=monday + timedelta(days=11),
    )


def test_the_manager_approves_and_the_other_apps_hear_of_it(
    team, paid, django_capture_on_commit_callbacks
):
    heard = []
    events.leave_approved.connect(
        lambda sender, **kw: heard.append((sender, kw)), weak=False, dispatch_uid="test-heard"
    )
    monday = _monday_after(timezone.localdate(), 2)
    request = leave_request_create(
        actor=team["users"]["staff"],
        employee=team["people"]["staff"],
        leave_type=paid,
        start_date=monday,
        end_date=monday,
    )
    with django_capture_on_commit_callbacks(execute=True):
        leave_request_approve(actor=team["users"]["manager"], request=request)
    events.leave_approved.disconnect(dispatch_uid="test-heard")
    request.refresh_from_db()
    assert (
        request.status == LeaveRequest.Status.APPROVED
        and request.approver == team["users"]["manager"]
    )
    assert heard == [
        (
            events.LeaveApproved,
            {
                "signal": events.leave_approved,
                "payload": events.LeaveApproved(
                    request_id=request.pk,
                    employee_id=team["people"]["staff"].pk,
                    start_date=monday,
                    end_date=monday,
                ),
            },
        )
    ]
    assert Notification.objects.filter(
        recipient=team["users"]["staff"], title="Your leave was approved"
    ).exists()


def test_only_the_chain_or_hr_may_decide_and_never_for_themselves(team, paid):
    monday = _monday_after(timezone.localdate(), 2)
    deep_request = leave_request_create(
        actor=team["users"]["deep"],
        employee=team["people"]["deep"],
        leave_type=paid,
        start_date=monday,
        end_date=monday,
    )
    for name in ("outsider", "staff", "deep", "finance"):
        with pytest.raises(PermissionDenied):
            leave_request_approve(actor=team["users"][name], request=deep_request)
    deep_request.refresh_from_db()
    assert deep_request.status == LeaveRequest.Status.PENDING
    leave_request_approve(
        actor=team["users"]["manager"], request=deep_request
    )  # the chain, two levels up
    own = leave_request_create(
        actor=team["users"]["manager"],
        employee=team["people"]["manager"],
        leave_type=paid,
        start_date=monday + timedelta(days=7),
        end_date=monday + timedelta(days=7),
    )
    with pytest.raises(PermissionDenied):
        leave_request_approve(actor=team["users"]["manager"], request=own)
    leave_request_approve(actor=team["users"]["hr"], request=own)  # HR as fallback


def test_rejection_needs_a_comment(team, paid):
    monday = _monday_after(timezone.localdate(), 2)
    request = leave_request_create(
        actor=team["users"]["staff"],
        employee=team["people"]["staff"],
        leave_type=paid,
        start_date=monday,
        end_date=monday,
    )
    with pytest.raises(ValidationError):
        leave_request_reject(actor=team["users"]["manager"], request=request, comment="  ")
    leave_request_reject(actor=team["users"]["manager"], request=request, comment="Inventory week")
    request.refresh_from_db()
    assert (request.status, request.decision_comment) == (
        LeaveRequest.Status.REJECTED,
        "Inventory week",
    )
    with pytest.raises(ValidationError, match="already been decided"):
        leave_request_approve(actor=team["users"]["manager"], request=request)


def test_cancel_until_it_starts_and_tell_the_other_apps(
    team, paid, django_capture_on_commit_callbacks
):
    heard = []
    events.leave_cancelled.connect(
        lambda sender, payload, **kw: heard.append(payload.request_id),
        weak=False,
        dispatch_uid="test-c",
    )
    monday = _monday_after(timezone.localdate(), 2)
    request = leave_request_create(
        actor=team["users"]["staff"],
        employee=team["people"]["staff"],
        leave_type=paid,
        start_date=monday,
        end_date=monday,
    )
    leave_request_approve(actor=team["users"]["manager"], request=request)
    with pytest.raises(PermissionDenied):
        leave_request_cancel(actor=team["users"]["outsider"], request=request)
    with django_capture_on_commit_callbacks(execute=True):
        leave_request_cancel(actor=team["users"]["staff"], request=request)
    events.leave_cancelled.disconnect(dispatch_uid="test-c")
    assert heard == [request.pk]
    started = LeaveRequest.objects.create(
        employee=team["people"]["staff"],
        leave_type=paid,
        days=1,
        start_date=timezone.localdate(),
        end_date=timezone.localdate(),
        status=LeaveRequest.Status.APPROVED,
    )
    with pytest.raises(ValidationError, match="until it starts"):
        leave_request_cancel(actor=team["users"]["staff"], request=started)


def test_a_long_sick_leave_is_flagged_until_its_document_arrives(team, client, login):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    sick = factories.paid_leave(
        code="SICK",
        counts_against_allowance=False,
        may_exceed_balance=True,
        document_required_after_days=3,
    )
    monday = _monday_after(timezone.localdate(), 2)
    request = leave_request_create(
        actor=team["users"]["staff"],
        employee=team["people"]["staff"],
        leave_type=sick,
        start_date=monday,
        end_date=monday + timedelta(days=4),
    )
    assert request.needs_document
    login(client, team["users"]["outsider"])
    note = SimpleUploadedFile("note.pdf", samples.pdf("note"))
    assert (
        client.post(
            reverse("hr:leave-document-upload", args=[request.pk]),
            {"title": "Note", "upload": note},
        ).status_code
        == 404
    )
    login(client, team["users"]["staff"])
    note = SimpleUploadedFile("note.pdf", samples.pdf("note"))
    client.post(
        reverse("hr:leave-document-upload", args=[request.pk]),
        {"title": "Sick note", "upload": note},
    )
    request.refresh_from_db()
    assert not request.needs_document
    assert request.document.kind == "medical"
    history = client.get(
        reverse("hr:employee-detail", args=[team["people"]["staff"].pk]) + "?tab=history"
    ).content.decode()
    body = history[history.find("nav-tabs") :]
    assert "A private document was added for Стефан Ангелов" in body, body[-3000:]
    assert "Sick note" not in body and "asked for 5.0 days" in body, body[-3000:]
