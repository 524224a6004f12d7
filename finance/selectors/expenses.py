"""Reads of expense claims, narrowed by viewer: a person their own, a manager their reports'
(the reporting line from HR), Finance all. Someone else's claim answers as not found."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q, QuerySet
from django.utils import timezone

from backoffice.models import User
from backoffice.money import ZERO
from finance import permissions
from finance.interface import BudgetLeft
from finance.models import Account, ExpenseClaim, ExpenseClaimLine
from finance.selectors.budgets import budget_remaining
from hr.selectors import employee_for_user, viewer_report_ids

MINE, TEAM, ALL = "mine", "team", "all"


def _base() -> QuerySet[ExpenseClaim]:
    return ExpenseClaim.objects.select_related("employee", "department", "approver", "payment")


def claims_visible(*, viewer: User) -> QuerySet[ExpenseClaim]:
    """Every claim ``viewer`` may open."""
    if permissions.sees_all_claims(viewer):
        return _base()
    me = employee_for_user(user=viewer)
    if me is None:
        return ExpenseClaim.objects.none()
    q = Q(employee=me)
    if permissions.decides_claims(viewer):
        reports = viewer_report_ids(viewer=viewer, me=me)
        if reports:
            # A report's draft is still theirs alone.
            q |= Q(employee_id__in=reports) & ~Q(status=ExpenseClaim.Status.DRAFT)
    return _base().filter(q)


def claim_list(*, viewer: User, scope: str = MINE, status: str = "") -> QuerySet[ExpenseClaim]:
    if scope == ALL and permissions.sees_all_claims(viewer):
        claims = _base().exclude(status=ExpenseClaim.Status.DRAFT)
    elif scope == TEAM and permissions.decides_claims(viewer):
        me = employee_for_user(user=viewer)
        reports = viewer_report_ids(viewer=viewer, me=me) if me else set()
        claims = _base().filter(employee_id__in=reports).exclude(status=ExpenseClaim.Status.DRAFT)
    else:
        me = employee_for_user(user=viewer)
        claims = _base().filter(employee=me) if me else ExpenseClaim.objects.none()
    if status in ExpenseClaim.Status.values:
        claims = claims.filter(status=status)
    return claims.order_by("-created_at", "-id")


def claim_get(*, viewer: User, pk: int) -> ExpenseClaim:
    """One claim the viewer may see; ``ExpenseClaim.DoesNotExist`` otherwise."""
    return claims_visible(viewer=viewer).get(pk=pk)


def claim_lines(*, claim: ExpenseClaim) -> QuerySet[ExpenseClaimLine]:
    return claim.lines.select_related("account").order_by("spent_on", "pk")


def claim_line_get(*, viewer: User, pk: int) -> ExpenseClaimLine:
    """A line (for its receipt download) of a claim the viewer may see."""
    return ExpenseClaimLine.objects.select_related("claim").get(
        pk=pk, claim__in=claims_visible(viewer=viewer)
    )


def may_decide(*, viewer: User, claim: ExpenseClaim) -> bool:
    """The claim's approver, or anyone above the person in the reporting line with the Manager
    role; never the claimant."""
    if claim.status != ExpenseClaim.Status.SUBMITTED or claim.employee.user_id == viewer.pk:
        return False
    if claim.approver_id == viewer.pk:
        return True
    if claim.approver_id is None and permissions.sees_all_claims(viewer):
        # Nobody up the line can sign in: Finance decides.
        return True
    return permissions.decides_claims(viewer) and claim.employee_id in viewer_report_ids(
        viewer=viewer
    )


@dataclass(frozen=True)
class BudgetCheck:
    account: Account
    claimed: Decimal
    left: BudgetLeft | None

    @property
    def after(self) -> Decimal | None:
        return None if self.left is None else self.left.remaining - self.claimed

    @property
    def over(self) -> bool:
        return self.after is not None and self.after < 0


def claim_budget(*, claim: ExpenseClaim) -> list[BudgetCheck]:
    """For each expense type on the claim: what the department has left of its budget this year
    for that account, and what would be left after the claim."""
    claimed: dict[int, Decimal] = defaultdict(lambda: ZERO)
    accounts: dict[int, Account] = {}
    for line in claim_lines(claim=claim):
        claimed[line.account_id] += line.amount
        accounts[line.account_id] = line.account
    today = timezone.localdate()
    return [
        BudgetCheck(
            account=accounts[pk],
            claimed=claimed[pk],
            left=budget_remaining(department=claim.department_id, account=accounts[pk], on=today)
            if claim.department_id
            else None,
        )
        for pk in sorted(accounts, key=lambda k: accounts[k].number)
    ]


def claims_to_decide_count(*, viewer: User) -> int:
    return claim_list(viewer=viewer, scope=TEAM, status=ExpenseClaim.Status.SUBMITTED).count()


def claim_accounts() -> QuerySet[Account]:
    """What a claim line may be charged to: postable expense accounts."""
    return Account.objects.postable().filter(type="expense").order_by("number")
