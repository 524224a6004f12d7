"""Payroll runs: create, calculate (a background job, in chunks, idempotent, resumable after
its worker was killed), review, approve (by a second person where the settings ask), post (one
balanced journal entry through the ledger's service), reopen; and the nightly draft.

A posted run is never changed: every service refuses, and on PostgreSQL triggers refuse too.
"""

from __future__ import annotations

import io
import json
import logging
import uuid
from collections import defaultdict
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop, ngettext_lazy

from backoffice import roles
from backoffice.models import Job
from backoffice.selectors import users_with_role
from backoffice.services import action_record, notification_send
from backoffice.services.jobs import job_start
from finance.interface import LineIn, Source
from finance.payroll.audit import PayrollAudit
from finance.payroll.domain.engine import FUND_NAMES, MissingRule, Result, calculate
from finance.payroll.models import LineKind, PayrollRun, Payslip, PayslipLine
from finance.payroll.selectors import (
    calculation_inputs,
    calendar_for,
    open_draft_run,
    other_regular_runs,
    paid_elsewhere,
    payroll_settings_get,
    rules_in_force,
    run_label,
    run_people,
    run_prepayroll_check,
)
from finance.payroll.services.accounts import (
    SETTINGS_ACCOUNTS,
    posting_accounts_check,
    settings_account_errors,
)
from finance.services import journal_entry_post

logger = logging.getLogger(__name__)

CHUNK = 500
JOB_KIND = "payroll.run_calculate"

POSTED = _("This run is posted and can no longer change; correct it in the next run.")
NOT_NOW = _("A run that is %(status)s cannot be %(action)s.")
SAME_PERSON = _(
    "You calculated this run; another person must approve it (the payroll settings ask for a "
    "second approval)."
)
EMPTY = _("The run pays nobody: calculate it for a period and group with people in it.")
MISSING_RULE = _("No payroll rule “%(kind)s” is in force on %(date)s; add it on the rules page.")
DUPLICATE = _("There is already a run for this period and group.")
CORRECTS_POSTED = _("A correction run corrects a posted run.")
PERIOD = _("The period ends before it starts.")
GROUP = _("Choose the department or location of the run.")
COVERED_BY_EVERYBODY = _(
    "The run %(run)s already pays everybody for this period; another regular run would pay "
    "people twice. Add what is missing to that run, or make an off-cycle correction."
)
EVERYBODY_AFTER_GROUP = _(
    "A run for everybody cannot be added: the run %(run)s already pays part of this period's "
    "people, and nobody is paid twice. Add a run for each group still unpaid instead."
)
GROUP_COVERED = _(
    "Everybody in this group is already paid for this period by another run (%(run)s)."
)
PAID_TWICE = _(
    "Some people of this run were paid for this period by another regular run meanwhile; "
    "calculate the run again."
)
OPEN_ITEMS = ngettext_lazy(
    "The pre-payroll check has %(count)s open item: tick “I have seen the %(count)s open item” "
    "to go on anyway.",
    "The pre-payroll check has %(count)s open items: tick “I have seen the %(count)s open "
    "items” to go on anyway.",
    "count",
)


def _refuse_posted(run: PayrollRun) -> None:
    if run.status == PayrollRun.Status.POSTED:
        raise ValidationError(POSTED)


def _lock(run: PayrollRun) -> PayrollRun:
    return PayrollRun.objects.select_for_update().get(pk=run.pk)


def _not_now(run: PayrollRun, action) -> ValidationError:
    return ValidationError(NOT_NOW, params={"status": run.get_status_display(), "action": action})


@transaction.atomic
def run_create(
    *,
    period_start: date,
    period_end: date,
    group: str = PayrollRun.Group.EVERYBODY,
    department=None,
    location=None,
    kind: str = PayrollRun.Kind.REGULAR,
    corrects: PayrollRun | None = None,
    employee_ids=(),
    note: str = "",
    actor=None,
) -> PayrollRun:
    """A draft run for a period and group (an off-cycle correction run names the posted run it
    corrects, and may name the people)."""
    errors: dict = {}
    if period_end < period_start:
        errors["period_end"] = ValidationError(PERIOD)
    if group == PayrollRun.Group.DEPARTMENT and department is None:
        errors["department"] = ValidationError(GROUP)
    if group == PayrollRun.Group.LOCATION and location is None:
        errors["location"] = ValidationError(GROUP)
    if kind == PayrollRun.Kind.CORRECTION and (
        corrects is None or corrects.status != PayrollRun.Status.POSTED
    ):
        errors["corrects"] = ValidationError(CORRECTS_POSTED)
    if errors:
        raise ValidationError(errors)
    run = PayrollRun(
        period_start=period_start,
        period_end=period_end,
        group=group,
        department=department if group == PayrollRun.Group.DEPARTMENT else None,
        location=location if group == PayrollRun.Group.LOCATION else None,
        kind=kind,
        corrects=corrects,
        employee_ids=sorted(int(pk) for pk in employee_ids),
        note=(note or "")[:200],
        created_by=actor,
    )
    if kind == PayrollRun.Kind.REGULAR:
        _refuse_covered(run)
    try:
        with transaction.atomic():
            run.save()
    except IntegrityError:
        raise ValidationError({"period_start": ValidationError(DUPLICATE)}) from None
    action_record(
        kind=PayrollAudit.RUN_CREATED,
        summary=gettext_noop("Payroll run created for %(start)s to %(end)s"),
        params={"start": period_start, "end": period_end},
        actor=actor,
        target=run,
    )
    return run


def _refuse_covered(run: PayrollRun) -> None:
    """A person is paid by at most one regular run a period: a new regular run whose whole group
    another regular run of the period already pays is refused (the runs of the period are locked
    until the new run is saved, so two requests cannot both pass)."""
    others = list(
        other_regular_runs(run=run)
        .select_for_update(of=("self",))
        .select_related("department", "location")
        .order_by("pk")
    )
    if not others:
        return
    if any(
        (o.group, o.department_id, o.location_id) == (run.group, run.department_id, run.location_id)
        for o in others
    ):
        raise ValidationError({"period_start": ValidationError(DUPLICATE)})
    if run.group == PayrollRun.Group.EVERYBODY:
        raise ValidationError(
            {"group": ValidationError(EVERYBODY_AFTER_GROUP, params={"run": run_label(others[0])})}
        )
    everybody = [o for o in others if o.group == PayrollRun.Group.EVERYBODY]
    if everybody:
        raise ValidationError(
            {
                "group": ValidationError(
                    COVERED_BY_EVERYBODY, params={"run": run_label(everybody[0])}
                )
            }
        )
    people = run_people(run=run)
    covered = paid_elsewhere(run=run, employee_ids=people)
    if people and len(covered) == len(people):
        labels = sorted({c.run_label for c in covered.values()})
        raise ValidationError(
            {"group": ValidationError(GROUP_COVERED, params={"run": "; ".join(labels)})}
        )


def run_calculate_start(*, run: PayrollRun, actor):
    """Start (or join) the background calculation of ``run``: a ``Job`` with a progress bar.
    Starting twice returns the same job while it is queued or running."""
    _refuse_posted(run)
    if run.status == PayrollRun.Status.APPROVED:
        raise _not_now(run, _("recalculated"))
    current = PayrollRun.objects.select_related("job").get(pk=run.pk).job
    if current is not None and current.status in Job.ACTIVE_STATUSES:
        return current  # the calculation already queued or running
    # Each start is new work (the timesheets may have changed since the last one).
    job = job_start(
        kind=JOB_KIND,
        params={"run": run.pk},
        requested_by=actor,
        idempotency_key=f"{JOB_KIND}:{run.pk}:{uuid.uuid4().hex}",
    )
    PayrollRun.objects.filter(pk=run.pk).exclude(status=PayrollRun.Status.POSTED).update(job=job)
    run.job = job
    return job


def _begin(run: PayrollRun, actor, resume_job_id: int | None) -> PayrollRun:
    """Fix who the calculation covers and when it started; a resumed calculation (the same job
    again, after its worker was killed) keeps both."""
    with transaction.atomic():
        if run.kind == PayrollRun.Kind.REGULAR:
            # The regular runs of the period, this one included, in one order: two of them
            # calculated at once fix their people one after the other.
            period = other_regular_runs(run=run) | PayrollRun.objects.filter(pk=run.pk)
            list(period.select_for_update().order_by("pk").values_list("pk", flat=True))
        locked = _lock(run)
        _refuse_posted(locked)
        if locked.status == PayrollRun.Status.APPROVED:
            raise _not_now(locked, _("recalculated"))
        resuming = (
            resume_job_id is not None
            and locked.job_id == resume_job_id
            and locked.calculation_started_at is not None
            and locked.status == PayrollRun.Status.DRAFT
        )
        if not resuming:
            people = run_people(run=locked)
            if locked.kind == PayrollRun.Kind.REGULAR:
                # Whoever another regular run of the period already pays is left out (the run
                # page says who and where).
                covered = paid_elsewhere(run=locked, employee_ids=people)
                people = [pk for pk in people if pk not in covered]
            locked.target_ids = people
            locked.calculation_started_at = timezone.now()
            locked.status = PayrollRun.Status.DRAFT
            locked.save(update_fields=["target_ids", "calculation_started_at", "status"])
            # People no longer in the group lose their draft payslip.
            Payslip.objects.filter(run=locked).exclude(employee_id__in=locked.target_ids).delete()
        return locked


def _lines_of(slip: Payslip, result: Result) -> list[PayslipLine]:
    return [
        PayslipLine(
            payslip=slip,
            position=n,
            kind=line.kind,
            code=line.code[:40],
            label=line.label[:200],
            label_params=line.label_params,
            quantity=line.quantity,
            rate=line.rate,
            factor=line.factor,
            amount=line.amount,
            explanation=line.explanation,
            explanation_params=line.params,
            rules=line.rules,
            timesheet_id=line.timesheet_id,
            fund=line.fund,
            taxable=line.taxable,
            insurable=line.insurable,
            corrects_start=line.corrects_start,
            corrects_end=line.corrects_end,
            account=line.account,
        )
        for n, line in enumerate(result.lines, start=1)
    ]


def _write_chunk(run: PayrollRun, results: list[Result], started) -> int:
    """Replace the chunk's payslips whose inputs changed, in one transaction and a constant
    number of queries: an unchanged payslip is only marked as done by this calculation."""
    ids = [r.employee_id for r in results]
    regular = run.kind == PayrollRun.Kind.REGULAR
    try:
        return _write_rows(run, results, started, ids, regular)
    except IntegrityError as error:
        if "payroll_one_regular_payslip_per_period" in str(error):
            raise ValidationError(PAID_TWICE) from None
        raise


def _write_rows(run: PayrollRun, results: list[Result], started, ids, regular: bool) -> int:
    with transaction.atomic():
        existing = dict(
            Payslip.objects.filter(run=run, employee_id__in=ids).values_list(
                "employee_id", "inputs_digest"
            )
        )
        digests = {r.employee_id: r.digest() for r in results}
        unchanged = [pk for pk in ids if existing.get(pk) == digests[pk]]
        changed = [r for r in results if existing.get(r.employee_id) != digests[r.employee_id]]
        if unchanged:
            Payslip.objects.filter(run=run, employee_id__in=unchanged).update(
                calculated_at=started, period_start=run.period_start, regular=regular
            )
        if changed:
            Payslip.objects.filter(
                run=run, employee_id__in=[r.employee_id for r in changed]
            ).delete()
            slips = Payslip.objects.bulk_create(
                [
                    Payslip(
                        run=run,
                        employee_id=r.employee_id,
                        department_id=r.department_id,
                        timesheet_id=r.timesheet_id,
                        born_before_1960=r.born_before_1960,
                        iban=r.iban,
                        days_worked=r.days_worked,
                        gross=r.gross,
                        worked_gross=r.worked_gross,
                        insurable=r.insurable,
                        employee_contributions=r.employee_contributions,
                        employer_contributions=r.employer_contributions,
                        taxable=r.taxable,
                        tax=r.tax,
                        deductions=r.deductions + r.in_kind,
                        net=r.net,
                        cost=r.cost,
                        inputs_digest=digests[r.employee_id],
                        calculated_at=started,
                        period_start=run.period_start,
                        regular=regular,
                    )
                    for r in changed
                ]
            )
            _lines_insert(
                [
                    line
                    for slip, result in zip(slips, changed, strict=True)
                    for line in _lines_of(slip, result)
                ]
            )
    return len(changed)


LINE_COLUMNS = (
    "payslip_id",
    "position",
    "kind",
    "code",
    "label",
    "label_params",
    "quantity",
    "rate",
    "factor",
    "amount",
    "explanation",
    "explanation_params",
    "rules",
    "timesheet_id",
    "fund",
    "taxable",
    "insurable",
    "corrects_start",
    "corrects_end",
    "account",
)


def _csv_cell(value) -> str:
    """One value in PostgreSQL's CSV COPY format: an empty unquoted cell is NULL, text is
    always quoted (so an empty text stays empty)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, int | Decimal):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict | list):
        value = json.dumps(value, default=str)
    return '"' + str(value).replace('"', '""') + '"'


def _lines_insert(lines: list[PayslipLine]) -> None:
    """Write the lines in one statement: COPY on PostgreSQL (a chunk holds thousands of lines),
    ``bulk_create`` elsewhere."""
    if not lines:
        return
    if connection.vendor != "postgresql":
        PayslipLine.objects.bulk_create(lines)
        return
    buffer = io.StringIO()
    for line in lines:
        buffer.write(",".join(_csv_cell(getattr(line, column)) for column in LINE_COLUMNS) + "\n")
    buffer.seek(0)
    with connection.cursor() as cursor:
        cursor.copy_expert(
            f"COPY payroll_payslipline ({', '.join(LINE_COLUMNS)}) FROM STDIN WITH (FORMAT csv)",
            buffer,
        )


#: Called after each chunk is written (tests use it to stop a calculation half way).
after_chunk: list[Callable[[PayrollRun, int], None]] = []


def run_calculate(*, run: PayrollRun, actor=None, context=None) -> PayrollRun:
    """Calculate every payslip of ``run`` in chunks of ``CHUNK`` people.

    Idempotent: a payslip whose inputs did not change is left as it is. Resumable: the same
    job started again after its worker was killed skips the people already done by it (their
    payslip is as new as the calculation) and does the rest, so there is exactly one payslip per
    person and the totals match an uninterrupted run to the cent."""
    job_id = context.job.pk if context is not None else None
    run = _begin(run, actor, job_id)
    started = run.calculation_started_at
    rules = rules_in_force(on=run.period_end, country=payroll_settings_get().country)
    calendar = calendar_for(start=run.period_start, end=run.period_end)
    min_days = rules.values.get("leave_min_days")
    targets = list(run.target_ids)
    done = set(
        Payslip.objects.filter(
            run=run, employee_id__in=targets, calculated_at__gte=started
        ).values_list("employee_id", flat=True)
    )
    todo = [pk for pk in targets if pk not in done]
    total = len(targets)
    if context is not None:
        context.progress(len(done), total, force=True)
    for first in range(0, len(todo), CHUNK):
        chunk = todo[first : first + CHUNK]
        people = calculation_inputs(
            employee_ids=chunk,
            start=run.period_start,
            end=run.period_end,
            calendar=calendar,
            leave_min_days=min_days.value if min_days else Decimal(10),
        )
        try:
            # Nobody is paid without a contract in force (the pre-payroll check lists them).
            results = [calculate(person, rules) for person in people if person.terms is not None]
        except MissingRule as missing:
            raise ValidationError(
                MISSING_RULE, params={"kind": str(missing), "date": run.period_end.isoformat()}
            ) from None
        _write_chunk(run, results, started)
        done.update(chunk)
        for hook in after_chunk:
            hook(run, len(done))
        if context is not None:
            context.progress(len(done), total)
    return _finish_calculation(run, actor)


@transaction.atomic
def _finish_calculation(run: PayrollRun, actor) -> PayrollRun:
    run = _lock(run)
    _refuse_posted(run)
    sums = Payslip.objects.filter(run=run).aggregate(
        gross=Sum("gross"),
        employee_contributions=Sum("employee_contributions"),
        employer_contributions=Sum("employer_contributions"),
        tax=Sum("tax"),
        deductions=Sum("deductions"),
        net=Sum("net"),
        cost=Sum("cost"),
    )
    for key, value in sums.items():
        setattr(run, key, value or Decimal("0.00"))
    run.headcount = Payslip.objects.filter(run=run).count()
    run.status = PayrollRun.Status.CALCULATED
    run.calculated_by = actor
    run.calculated_at = timezone.now()
    run.reviewed_by = run.approved_by = None
    run.reviewed_at = run.approved_at = None
    run.save()
    action_record(
        kind=PayrollAudit.RUN_CALCULATED,
        summary=gettext_noop("Payroll for %(start)s to %(end)s calculated: %(count)s payslips"),
        params={"start": run.period_start, "end": run.period_end, "count": run.headcount},
        actor=actor,
        target=run,
    )
    return run


@transaction.atomic
def run_review(*, run: PayrollRun, actor) -> PayrollRun:
    run = _lock(run)
    _refuse_posted(run)
    if run.status != PayrollRun.Status.CALCULATED:
        raise _not_now(run, _("reviewed"))
    run.status = PayrollRun.Status.REVIEWED
    run.reviewed_by, run.reviewed_at = actor, timezone.now()
    run.save(update_fields=["status", "reviewed_by", "reviewed_at"])
    action_record(
        kind=PayrollAudit.RUN_REVIEWED,
        summary=gettext_noop("Payroll for %(start)s to %(end)s reviewed"),
        params={"start": run.period_start, "end": run.period_end},
        actor=actor,
        target=run,
    )
    return run


def _refuse_unseen_items(run: PayrollRun, open_items_seen: int | None) -> None:
    """Approving or posting with open items in the pre-payroll check needs the actor to say
    they have seen them (``open_items_seen``: how many the page showed them)."""
    count = run_prepayroll_check(run=run).count
    if count and (open_items_seen is None or open_items_seen < count):
        raise ValidationError(OPEN_ITEMS, params={"count": count})


@transaction.atomic
def run_approve(*, run: PayrollRun, actor, open_items_seen: int | None = None) -> PayrollRun:
    """Approve a reviewed run. Where the pre-payroll check has open items, ``open_items_seen``
    must be at least their number (the actor confirmed they have seen them)."""
    run = _lock(run)
    _refuse_posted(run)
    if run.status != PayrollRun.Status.REVIEWED:
        raise _not_now(run, _("approved"))
    # Nobody approves their own calculation where a second person is asked for; the nightly
    # task's calculation (by nobody) may be approved by anyone with the permission.
    if (
        payroll_settings_get().second_approval
        and run.calculated_by_id is not None
        and run.calculated_by_id == getattr(actor, "pk", None)
    ):
        raise ValidationError(SAME_PERSON)
    _refuse_unseen_items(run, open_items_seen)
    run.status = PayrollRun.Status.APPROVED
    run.approved_by, run.approved_at = actor, timezone.now()
    run.save(update_fields=["status", "approved_by", "approved_at"])
    action_record(
        kind=PayrollAudit.RUN_APPROVED,
        summary=gettext_noop("Payroll for %(start)s to %(end)s approved"),
        params={"start": run.period_start, "end": run.period_end},
        actor=actor,
        target=run,
    )
    return run


@transaction.atomic
def run_reopen(*, run: PayrollRun, actor) -> PayrollRun:
    """Back to draft (to recalculate after a change); never once posted."""
    run = _lock(run)
    _refuse_posted(run)
    run.status = PayrollRun.Status.DRAFT
    run.reviewed_by = run.approved_by = None
    run.reviewed_at = run.approved_at = None
    run.save(update_fields=["status", "reviewed_by", "reviewed_at", "approved_by", "approved_at"])
    action_record(
        kind=PayrollAudit.RUN_REOPENED,
        summary=gettext_noop("Payroll for %(start)s to %(end)s reopened"),
        params={"start": run.period_start, "end": run.period_end},
        actor=actor,
        target=run,
    )
    return run


@transaction.atomic
def run_delete(*, run: PayrollRun, actor) -> None:
    run = _lock(run)
    _refuse_posted(run)
    if run.status == PayrollRun.Status.APPROVED:
        raise _not_now(run, _("deleted"))
    action_record(
        kind=PayrollAudit.RUN_DELETED,
        summary=gettext_noop("Payroll run for %(start)s to %(end)s deleted"),
        params={"start": run.period_start, "end": run.period_end},
        actor=actor,
    )
    run.delete()


def _signed(account: str, amount: Decimal, *, debit: bool, department, text: str) -> LineIn:
    """A line on its side, or on the other side when the amount is negative (a correction)."""
    if amount < 0:
        amount, debit = -amount, not debit
    if debit:
        return LineIn(account=account, debit=amount, department=department, text=text)
    return LineIn(account=account, credit=amount, department=department, text=text)


def journal_lines(run: PayrollRun) -> list[LineIn]:
    """The run's journal entry, by department: wages (gross) and each employer contribution as
    expenses; each contribution (both shares) by fund, the income tax, the deductions and the
    net pay as what is owed. Debits equal credits because every payslip balances:
    gross + employer = employee + employer + tax + deductions + net."""
    settings = payroll_settings_get()
    gross: dict[int, Decimal] = defaultdict(Decimal)
    owed: dict[tuple[int, str, str], Decimal] = defaultdict(Decimal)
    expense: dict[tuple[int, str], Decimal] = defaultdict(Decimal)
    net: dict[int, Decimal] = defaultdict(Decimal)
    lines = PayslipLine.objects.filter(payslip__run=run).values_list(
        "payslip__department_id", "kind", "fund", "account", "amount"
    )
    for department, kind, fund, account, amount in lines.iterator(chunk_size=20000):
        if kind in (LineKind.EARNING, LineKind.IN_KIND):
            gross[department] += amount
        if kind == LineKind.EMPLOYEE_CONTRIBUTION:
            owed[(department, account or "461", fund)] += amount
        elif kind == LineKind.EMPLOYER_CONTRIBUTION:
            owed[(department, account or "461", fund)] += amount
            expense[(department, fund)] += amount
        elif kind == LineKind.TAX:
            owed[(department, settings.tax_account, "tax")] += amount
        elif kind in (LineKind.DEDUCTION, LineKind.IN_KIND):
            owed[(department, account or settings.deductions_account, kind)] += amount
    for department, amount in (
        Payslip.objects.filter(run=run)
        .values_list("department_id", "net")
        .iterator(chunk_size=20000)
    ):
        net[department] += amount
    label = f"{run.period_start:%Y-%m}"
    out: list[LineIn] = []
    for department in sorted(gross):
        if gross[department]:
            out.append(
                _signed(
                    settings.wages_account,
                    gross[department],
                    debit=True,
                    department=department,
                    text=f"Wages {label}",
                )
            )
    for (department, fund), amount in sorted(expense.items()):
        if amount:
            out.append(
                _signed(
                    settings.contributions_account,
                    amount,
                    debit=True,
                    department=department,
                    text=f"{FUND_NAMES.get(fund, fund)}, employer {label}",
                )
            )
    for (department, account, what), amount in sorted(owed.items()):
        if amount:
            out.append(
                _signed(
                    account,
                    amount,
                    debit=False,
                    department=department,
                    text=f"{FUND_NAMES.get(what, what)} {label}",
                )
            )
    for department in sorted(net):
        if net[department]:
            out.append(
                _signed(
                    settings.net_pay_account,
                    net[department],
                    debit=False,
                    department=department,
                    text=f"Net pay {label}",
                )
            )
    return out


@transaction.atomic
def run_post(
    *,
    run: PayrollRun,
    actor,
    posting_date: date | None = None,
    open_items_seen: int | None = None,
) -> PayrollRun:
    """Post an approved run: one balanced journal entry through the ledger's service (refused
    into a locked period with the ledger's own message), then the run, its payslips and lines
    are frozen, and each person paid is told their payslip is ready. Open items in the
    pre-payroll check need ``open_items_seen`` as for approving."""
    run = _lock(run)
    _refuse_posted(run)
    if run.status != PayrollRun.Status.APPROVED:
        raise _not_now(run, _("posted"))
    if not run.headcount:
        raise ValidationError(EMPTY)
    _refuse_unseen_items(run, open_items_seen)
    day = posting_date or run.period_end
    lines = journal_lines(run)
    posting_accounts_check(lines, payroll_settings_get())
    entry = journal_entry_post(
        date=day,
        lines=lines,
        memo=f"Payroll {run.period_start:%Y-%m} ({run.get_group_display()})",
        source=Source(
            type="payroll.run",
            id=str(run.pk),
            label=f"Payroll {run.period_start:%Y-%m}",
            url=_run_url(run.pk),
        ),
        key=f"payroll.run:{run.pk}",
        actor=actor,
    )
    run.journal_entry = entry
    run.posting_date = day
    run.posted_by, run.posted_at = actor, timezone.now()
    run.status = PayrollRun.Status.POSTED
    run.save()
    action_record(
        kind=PayrollAudit.RUN_POSTED,
        summary=gettext_noop("Payroll for %(start)s to %(end)s posted: net %(net)s"),
        params={"start": run.period_start, "end": run.period_end, "net": run.net},
        actor=actor,
        target=run,
    )
    transaction.on_commit(lambda: payslips_notify(run_id=run.pk), robust=True)
    return run


def payslips_notify(*, run_id: int) -> int:
    """Tell each person paid by a posted run that their payslip is ready."""
    slips = (
        Payslip.objects.filter(
            run_id=run_id, run__status=PayrollRun.Status.POSTED, employee__user__is_active=True
        )
        .select_related("employee__user", "run")
        .order_by("pk")
    )
    count = 0
    for slip in slips.iterator(chunk_size=1000):
        notification_send(
            recipient=slip.employee.user,
            title=gettext_noop("Your payslip for %(month)s is ready"),
            params={"month": slip.run.period_start},
            kind="payroll.payslip_ready",
            url=_payslip_url(slip.pk),
        )
        count += 1
    return count


def _payslip_url(pk: int) -> str:
    from django.urls import NoReverseMatch, reverse

    try:
        return reverse("payroll:my-payslip", args=[pk])
    except NoReverseMatch:
        return ""


def _run_url(pk: int) -> str:
    from django.urls import NoReverseMatch, reverse

    try:
        return reverse("payroll:run-detail", args=[pk])
    except NoReverseMatch:
        return ""


def _month(day: date) -> tuple[date, date]:
    start = day.replace(day=1)
    end = (start + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    return start, end


def payroll_nightly(*, today: date | None = None) -> PayrollRun | None:
    """Recalculate this month's open draft run for everybody (creating it when there is none)
    from the latest approved timesheets; on the settings' review day mark it ready for review
    once and tell payroll staff. Idempotent: unchanged payslips stay as they are."""
    today = today or timezone.localdate()
    run = open_draft_run(today=today)
    if run is None:
        start, end = _month(today)
        if PayrollRun.objects.filter(
            kind=PayrollRun.Kind.REGULAR,
            group=PayrollRun.Group.EVERYBODY,
            period_start=start,
            period_end=end,
        ).exists():
            return None  # approved or posted already
        try:
            run = run_create(period_start=start, period_end=end, actor=None)
        except ValidationError:
            return None
    if run.status == PayrollRun.Status.REVIEWED:
        return run  # somebody reviewed it: leave it for approval
    run = run_calculate(run=run, actor=None)
    settings = payroll_settings_get()
    if today.day >= settings.review_day and run.ready_notified_at is None:
        PayrollRun.objects.filter(pk=run.pk, ready_notified_at__isnull=True).update(
            ready_notified_at=timezone.now()
        )
        run.refresh_from_db()
        _notify_ready(run)
    return run


def _notify_ready(run: PayrollRun) -> None:
    from finance.payroll import permissions

    seen = set()
    for role in (roles.FINANCE, roles.HR):
        for user in users_with_role(role=role):
            if user.pk in seen or not user.has_perm(permissions.MANAGE):
                continue
            seen.add(user.pk)
            notification_send(
                recipient=user,
                title=gettext_noop("Payroll for %(month)s is ready for review"),
                body=gettext_noop("%(count)s payslips calculated; net pay %(net)s."),
                params={"month": run.period_start, "count": run.headcount, "net": run.net},
                kind="payroll.run_ready",
                url=_run_url(run.pk),
            )


@transaction.atomic
def payroll_settings_save(*, data: dict, actor=None):
    settings = payroll_settings_get()
    errors = {}
    for key in (
        "country",
        "bank_iban",
        "bank_bic",
        "wages_account",
        "contributions_account",
        "net_pay_account",
        "tax_account",
        "deductions_account",
    ):
        if key in data:
            setattr(settings, key, (data[key] or "").strip())
    errors.update(
        settings_account_errors(
            {key: getattr(settings, key) for key in SETTINGS_ACCOUNTS if key in data}
        )
    )
    if "second_approval" in data:
        settings.second_approval = bool(data["second_approval"])
    if "review_day" in data:
        try:
            day = int(data["review_day"])
        except (TypeError, ValueError):
            day = 0
        if not 1 <= day <= 28:
            errors["review_day"] = ValidationError(_("Choose a day from 1 to 28."))
        else:
            settings.review_day = day
    if "change_threshold_percent" in data:
        try:
            value = Decimal(str(data["change_threshold_percent"]))
        except Exception:  # noqa: BLE001 - any unreadable number is the same refusal
            value = Decimal(-1)
        if not value.is_finite() or value < 0:
            errors["change_threshold_percent"] = ValidationError(_("Enter a number."))
        else:
            settings.change_threshold_percent = value
    if errors:
        raise ValidationError(errors)
    settings.save()
    action_record(
        kind=PayrollAudit.SETTINGS_SAVED,
        summary=gettext_noop("Payroll settings saved"),
        params={},
        actor=actor,
        target=settings,
    )
    return settings
