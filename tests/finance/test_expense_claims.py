"""Expense claims: receipts checked by content and required over the threshold, the manager
decides seeing the budget left, finance reimburses (posted), everyone is told, and each person
sees only what they may."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from backoffice import roles
from backoffice.models import Notification
from finance.models import Account, Budget, ExpenseClaim, ExpenseClaimLine, JournalLine
from finance.selectors.expenses import claim_budget, claim_list, claims_visible
from finance.services import (
    expense_claim_create,
    expense_claim_decide,
    expense_claim_reimburse,
    expense_claim_submit,
    expense_line_add,
)
from tests.finance.factories import books
from tests.hr.factories import employee

pytestmark = pytest.mark.django_db
D = Decimal


def png() -> SimpleUploadedFile:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (20, 20), (255, 255, 255)).save(buffer, format="PNG")
    return SimpleUploadedFile("receipt.png", buffer.getvalue(), "image/png")


@pytest.fixture
def world(make_user):
    w = books()
    w["boss_user"] = make_user(roles.MANAGER, roles.STAFF, username="boss")
    w["boss"] = employee(user=w["boss_user"], dept=w["ops"])
    w["staff_user"] = make_user(roles.STAFF, username="stefan")
    w["staff"] = employee(user=w["staff_user"], dept=w["ops"], manager=w["boss"])
    w["other_user"] = make_user(roles.STAFF, username="other")
    w["other"] = employee(user=w["other_user"], dept=w["sales"])
    w["finance"] = make_user(roles.FINANCE, username="fin")
    w["travel"] = Account.objects.get(number="602")
    for month in range(1, 13):
        Budget.objects.create(
            department=w["ops"], account=w["travel"], month=date(2026, month, 1), amount=D("100.00")
        )
    return w


def _claim(world, amount="40.00", receipt=True):
    claim = expense_claim_create(employee=world["staff"], title="Trip", actor=world["staff_user"])
    expense_line_add(
        claim=claim,
        spent_on=date(2026, 3, 1),
        description="Train",
        account=world["travel"],
        amount=D(amount),
        receipt=png() if receipt else None,
        actor=world["staff_user"],
    )
    return claim


def test_a_line_over_the_threshold_needs_a_receipt(world):
    claim = expense_claim_create(employee=world["staff"], title="Trip", actor=world["staff_user"])

    with pytest.raises(ValidationError) as refused:
        expense_line_add(
            claim=claim,
            spent_on=date(2026, 3, 1),
            description="Hotel",
            account=world["travel"],
            amount=D("25.01"),
            receipt=None,
            actor=world["staff_user"],
        )
    assert "receipt is required" in refused.value.message_dict["receipt"][0]
    assert not ExpenseClaimLine.objects.exists()
    expense_line_add(
        claim=claim,
        spent_on=date(2026, 3, 1),
        description="Coffee",
        account=world["travel"],
        amount=D("25.00"),
        receipt=None,
        actor=world["staff_user"],
    )
    assert claim.lines.count() == 1


@pytest.mark.parametrize(
    "upload",
    [
        SimpleUploadedFile("r.png", b"<html><script>alert(1)</script></html>", "image/png"),
        SimpleUploadedFile("r.pdf", b"%PDF-1.4 <html>", "application/pdf"),
        SimpleUploadedFile("r.jpg", b"\x89PNG\r\n\x1a\nnot really", "image/jpeg"),
    ],
)
def test_a_receipt_that_is_not_an_image_or_pdf_is_refused(world, upload):
    claim = expense_claim_create(employee=world["staff"], title="Trip", actor=world["staff_user"])

    with pytest.raises(ValidationError):
        expense_line_add(
            claim=claim,
            spent_on=date(2026, 3, 1),
            description="Train",
            account=world["travel"],
            amount=D("40.00"),
            receipt=upload,
            actor=world["staff_user"],
        )
    assert not ExpenseClaimLine.objects.exists()


def test_submit_goes_to_the_manager_who_sees_the_budget_and_approves(world):
    claim = _claim(world, "40.00")

    claim = expense_claim_submit(claim=claim, actor=world["staff_user"])

    assert claim.status == ExpenseClaim.Status.SUBMITTED
    assert claim.approver == world["boss_user"]
    assert Notification.objects.filter(recipient=world["boss_user"]).count() == 1
    [check] = claim_budget(claim=claim)
    assert (check.left.budget, check.left.actual, check.left.remaining) == (
        D("1200.00"),
        D("0.00"),
        D("1200.00"),
    )
    assert (check.claimed, check.after, check.over) == (D("40.00"), D("1160.00"), False)

    expense_claim_decide(claim=claim, approve=True, comment="", actor=world["boss_user"])

    claim.refresh_from_db()
    assert claim.status == ExpenseClaim.Status.APPROVED
    assert Notification.objects.filter(recipient=world["staff_user"]).count() == 1
    assert Notification.objects.filter(recipient=world["finance"]).count() == 1


def test_the_approval_page_shows_the_budget_left(world, client, login):
    claim = expense_claim_submit(claim=_claim(world, "40.00"), actor=world["staff_user"])
    login(client, world["boss_user"])

    page = client.get(reverse("finance:claim-detail", args=[claim.pk]))

    text = page.content.decode()
    assert page.status_code == 200
    assert "Department budget left this year" in text
    assert "€1,200.00" in text and "€1,160.00" in text
    assert "Approve" in text


def test_rejecting_needs_a_comment_and_tells_the_person(world):
    claim = expense_claim_submit(claim=_claim(world), actor=world["staff_user"])

    with pytest.raises(ValidationError, match="why"):
        expense_claim_decide(claim=claim, approve=False, comment=" ", actor=world["boss_user"])
    expense_claim_decide(
        claim=claim, approve=False, comment="Not a work trip", actor=world["boss_user"]
    )

    claim.refresh_from_db()
    assert (claim.status, claim.decision_comment) == ("rejected", "Not a work trip")
    note = Notification.objects.get(recipient=world["staff_user"])
    assert "rejected" in note.title


def test_the_claimant_and_strangers_cannot_decide(world):
    claim = expense_claim_submit(claim=_claim(world), actor=world["staff_user"])

    for actor in (world["staff_user"], world["other_user"]):
        with pytest.raises(ValidationError, match="cannot decide"):
            expense_claim_decide(claim=claim, approve=True, comment="", actor=actor)
    claim.refresh_from_db()
    assert claim.status == ExpenseClaim.Status.SUBMITTED


def test_reimbursement_posts_the_expense_to_the_department_once(world):
    claim = expense_claim_submit(claim=_claim(world, "40.00"), actor=world["staff_user"])
    expense_claim_decide(claim=claim, approve=True, comment="", actor=world["boss_user"])

    payment = expense_claim_reimburse(claim=claim, date=date(2026, 3, 10), actor=world["finance"])

    posted = {
        (ln.account.number, ln.debit, ln.credit, ln.department_id)
        for ln in JournalLine.objects.filter(entry=payment.entry).select_related("account")
    }
    assert posted == {
        ("602", D("40.00"), D("0.00"), world["ops"].pk),
        ("503", D("0.00"), D("40.00"), None),
    }
    claim.refresh_from_db()
    assert claim.status == ExpenseClaim.Status.REIMBURSED
    with pytest.raises(ValidationError, match="approved claim"):
        expense_claim_reimburse(claim=claim, date=date(2026, 3, 10), actor=world["finance"])
    assert claim_budget(claim=claim)[0].left.actual == D("40.00")  # now spent from the budget


def test_submitting_a_claim_without_lines_is_refused(world):
    claim = expense_claim_create(employee=world["staff"], title="Empty", actor=world["staff_user"])

    with pytest.raises(ValidationError, match="at least one"):
        expense_claim_submit(claim=claim, actor=world["staff_user"])


def test_visibility_own_reports_and_finance(world):
    mine = expense_claim_submit(claim=_claim(world), actor=world["staff_user"])
    draft = _claim(world)
    theirs = expense_claim_create(employee=world["other"], title="Other", actor=world["other_user"])

    assert set(claims_visible(viewer=world["staff_user"])) == {mine, draft}
    assert set(claims_visible(viewer=world["boss_user"])) == {
        mine
    }  # a report's draft stays private
    assert set(claims_visible(viewer=world["other_user"])) == {theirs}
    assert set(claims_visible(viewer=world["finance"])) == {mine, draft, theirs}
    assert list(claim_list(viewer=world["boss_user"], scope="team")) == [mine]


def test_other_peoples_claims_and_receipts_answer_404(world, client, login):
    claim = _claim(world)
    line = claim.lines.get()
    login(client, world["other_user"])

    assert client.get(reverse("finance:claim-detail", args=[claim.pk])).status_code == 404
    assert client.get(reverse("finance:claim-receipt", args=[line.pk])).status_code == 404

    login(client, world["staff_user"])
    response = client.get(reverse("finance:claim-receipt", args=[line.pk]))
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"


def test_a_bad_line_on_the_page_is_a_field_error(world, client, login):
    claim = expense_claim_create(employee=world["staff"], title="Trip", actor=world["staff_user"])
    login(client, world["staff_user"])

    response = client.post(
        reverse("finance:claim-detail", args=[claim.pk]),
        {"spent_on": "2026-03-01", "account": world["travel"].pk, "amount": "80.00"},
    )

    assert response.status_code == 400
    assert "A receipt is required" in response.content.decode()
    assert not ExpenseClaimLine.objects.exists()
