"""The one way into the books: ``journal_entry_post`` for everybody (manual entries, invoices,
payroll, stock receipts), ``journal_entry_reverse`` for corrections.

Every refusal is a ``ValidationError`` naming the line and what is wrong, raised before anything
is written. The entry, its lines and the per-period balances are written in one transaction; on
PostgreSQL a deferred constraint trigger checks the balance again at COMMIT and other triggers
refuse any UPDATE or DELETE of posted rows (migration 0002), so no code path unbalances the books.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from backoffice.models import User
from backoffice.money import CENT, ZERO, MoneyError, to_decimal
from backoffice.services import action_record
from backoffice.services.actions import ActionIn, actions_record
from finance.audit import FinanceAudit
from finance.interface import EntryIn, LineIn, Source
from finance.models import Account, AccountBalance, JournalEntry, JournalLine, Partner, Period
from finance.selectors.refs import departments_by_id

FLOAT = _("Line %(n)s: amounts must be Decimal or text, never a float.")
NOT_AMOUNT = _("Line %(n)s: %(value)s is not an amount.")
TOO_PRECISE = _("Line %(n)s: amounts have at most two decimals.")
NEGATIVE = _("Line %(n)s: an amount cannot be negative; put it on the other side.")
BOTH_SIDES = _("Line %(n)s: a line has either a debit or a credit, not both.")
NO_SIDE = _("Line %(n)s: enter a debit or a credit.")
NO_ACCOUNT = _("Line %(n)s: choose an account.")
UNKNOWN_ACCOUNT = _("Line %(n)s: there is no account %(account)s.")
GROUP_ACCOUNT = _("Line %(n)s: %(account)s is a group account; post to one of its accounts.")
INACTIVE_ACCOUNT = _("Line %(n)s: account %(account)s is not active.")
NEEDS_DEPARTMENT = _("Line %(n)s: account %(account)s needs a department.")
NEEDS_PARTNER = _("Line %(n)s: account %(account)s needs a partner.")
UNKNOWN_DEPARTMENT = _("Line %(n)s: there is no such department.")
UNKNOWN_PARTNER = _("Line %(n)s: there is no such partner.")
TOO_FEW_LINES = _("An entry needs at least two lines.")
UNBALANCED = _(
    "The entry does not balance: debits %(debit)s, credits %(credit)s (difference %(diff)s)."
)
NOT_A_DATE = _("Give the entry's date.")
NO_PERIOD = _("No fiscal period covers %(date)s; open the fiscal year first.")
LOCKED = _("The period %(period)s is locked; nothing can be posted dated in it.")
ALREADY_REVERSED = _("This entry was already reversed by %(ref)s.")
IS_REVERSAL = _("This entry is itself a reversal; post a new entry instead.")
OWNED_BY_SOURCE = _(
    "This entry belongs to %(source)s; correct it there (a correction run, a credit note or a"
    " return)."
)
NO_OPEN_DAY = _("No open period on or after %(date)s; open the next fiscal year first.")


def _fail(message, field: str = "lines", **params: Any) -> ValidationError:
    return ValidationError({field: ValidationError(message, params=params)})


def _amount(value: Any, n: int) -> Decimal:
    if isinstance(value, float):
        raise _fail(FLOAT, n=n)
    if value is None or value == "":
        return ZERO
    try:
        amount = to_decimal(value)
    except MoneyError:
        raise _fail(NOT_AMOUNT, n=n, value=value) from None
    if amount != amount.quantize(CENT):
        raise _fail(TOO_PRECISE, n=n)
    if amount < 0:
        raise _fail(NEGATIVE, n=n)
    return amount.quantize(CENT)


def _as_line(raw: LineIn | Mapping[str, Any]) -> LineIn:
    if isinstance(raw, LineIn):
        return raw
    return LineIn(
        **{k: raw.get(k) for k in ("account", "debit", "credit", "department", "partner")},
        text=raw.get("text") or "",
    )


def _pk(value: Any) -> Any:
    return getattr(value, "pk", value)


def _accounts(lines: Sequence[LineIn]) -> dict[Any, Account]:
    """Every account the lines name, by id and by number, in one query."""
    ids = {a.pk if isinstance(a, Account) else a for a in (ln.account for ln in lines)}
    ints = [v for v in ids if isinstance(v, int)]
    texts = [str(v) for v in ids if isinstance(v, str)]
    found: dict[Any, Account] = {}
    for account in Account.objects.filter(pk__in=ints) | Account.objects.filter(number__in=texts):
        found[account.pk] = account
        found[account.number] = account
    return found


@dataclass(frozen=True)
class _Lookups:
    """The accounts, departments and partners some lines name, each read in one query."""

    accounts: dict[Any, Account]
    departments: dict[Any, Any]
    partners: dict[Any, Partner]


def _lookups(typed: Sequence[LineIn]) -> _Lookups:
    department_ids = {_pk(ln.department) for ln in typed if ln.department is not None}
    partner_ids = {_pk(ln.partner) for ln in typed if ln.partner is not None}
    partner_ints = [p for p in partner_ids if isinstance(p, int)]
    return _Lookups(
        accounts=_accounts(typed),
        departments=departments_by_id(ids=department_ids),
        partners=Partner.objects.in_bulk(partner_ints) if partner_ints else {},
    )


def check_lines(
    lines: Iterable[LineIn | Mapping[str, Any]], *, system: bool = False
) -> list[dict[str, Any]]:
    """The lines as they will be written, or the first refusal as a ``ValidationError``.

    ``system`` (reversals and the year-end closing) skips the active and needs-a-partner or
    department checks: undoing what was once right must stay possible.
    """
    typed = [_as_line(raw) for raw in lines]
    return _checked(typed, _lookups(typed), system=system)


def _checked(typed: Sequence[LineIn], found: _Lookups, *, system: bool) -> list[dict[str, Any]]:
    """``check_lines``' work on lines already typed, their rows read into ``found``."""
    if len(typed) < 2:
        raise _fail(TOO_FEW_LINES)
    accounts, departments, partners = found.accounts, found.departments, found.partners
    cleaned = []
    debit_total = credit_total = ZERO
    for n, line in enumerate(typed, start=1):
        debit, credit = _amount(line.debit, n), _amount(line.credit, n)
        if debit and credit:
            raise _fail(BOTH_SIDES, n=n)
        if not debit and not credit:
            raise _fail(NO_SIDE, n=n)
        if line.account in (None, ""):
            raise _fail(NO_ACCOUNT, n=n)
        account = accounts.get(_pk(line.account))
        if account is None:
            raise _fail(UNKNOWN_ACCOUNT, n=n, account=_pk(line.account))
        if account.is_group:
            raise _fail(GROUP_ACCOUNT, n=n, account=account.number)
        department = None
        if line.department is not None:
            department = departments.get(_pk(line.department))
            if department is None:
                raise _fail(UNKNOWN_DEPARTMENT, n=n)
        partner = None
        if line.partner is not None:
            partner = partners.get(_pk(line.partner))
            if partner is None:
                raise _fail(UNKNOWN_PARTNER, n=n)
        if not system:
            if not account.is_active:
                raise _fail(INACTIVE_ACCOUNT, n=n, account=account.number)
            if account.needs_department and department is None:
                raise _fail(NEEDS_DEPARTMENT, n=n, account=account.number)
            if account.needs_partner and partner is None:
                raise _fail(NEEDS_PARTNER, n=n, account=account.number)
        debit_total += debit
        credit_total += credit
        cleaned.append(
            {
                "account": account,
                "debit": debit,
                "credit": credit,
                "department": department,
                "partner": partner,
                "text": (line.text or "")[:300],
            }
        )
    if debit_total != credit_total:
        raise _fail(
            UNBALANCED, debit=debit_total, credit=credit_total, diff=debit_total - credit_total
        )
    return cleaned


def _period_for(day: date, *, allow_locked: bool) -> Period:
    """The period of ``day``, share-locked on PostgreSQL so that locking it waits for this post
    (and a post waits for a lock being taken) while posts in the same period run side by side."""
    if connection.vendor == "postgresql":
        found = list(
            Period.objects.raw(
                'SELECT * FROM finance_period WHERE start <= %s AND "end" >= %s FOR SHARE',
                [day, day],
            )
        )
        period = found[0] if found else None
    else:
        period = Period.objects.containing(day).first()
    if period is None:
        raise _fail(NO_PERIOD, field="date", date=day.isoformat())
    if period.is_locked and not allow_locked:
        raise _fail(LOCKED, field="date", period=str(period))
    return period


def _balances_add(period: Period, rows: list[dict[str, Any]], *, closing: bool) -> None:
    """Add the lines to the period's balance rows."""
    sums: dict[tuple[int, int, int | None], list[Decimal]] = defaultdict(lambda: [ZERO, ZERO])
    _balances_sum(sums, period, rows)
    _balances_write(sums, closing=closing)


def _balances_sum(
    sums: dict[tuple[int, int, int | None], list[Decimal]],
    period: Period,
    rows: list[dict[str, Any]],
) -> None:
    for row in rows:
        key = (row["account"].pk, period.pk, row["department"].pk if row["department"] else None)
        sums[key][0] += row["debit"]
        sums[key][1] += row["credit"]


def _balances_write(
    sums: dict[tuple[int, int, int | None], list[Decimal]], *, closing: bool
) -> None:
    """Add ``sums`` (debit and credit by account, period and department) to the balance rows, in
    key order so concurrent posts never deadlock on them."""
    keys = sorted(sums, key=lambda k: (k[0], k[1], k[2] or 0))
    if connection.vendor == "postgresql":
        values = ", ".join(["(%s, %s, %s, %s, %s, %s)"] * len(keys))
        params: list[Any] = []
        for account_id, period_id, department_id in keys:
            debit, credit = sums[account_id, period_id, department_id]
            params += [account_id, period_id, department_id, closing, debit, credit]
        with connection.cursor() as cursor:
            cursor.execute(
                # Only placeholders are joined into the text; every value is a parameter.
                "INSERT INTO finance_accountbalance (account_id, period_id, department_id, closing,"  # noqa: S608
                f" debit, credit) VALUES {values}"
                " ON CONFLICT (account_id, period_id, department_id, closing)"
                " DO UPDATE SET debit = finance_accountbalance.debit + EXCLUDED.debit,"
                " credit = finance_accountbalance.credit + EXCLUDED.credit",
                params,
            )
        return
    for account_id, period_id, department_id in keys:
        debit, credit = sums[account_id, period_id, department_id]
        updated = AccountBalance.objects.filter(
            account_id=account_id,
            period_id=period_id,
            department_id=department_id,
            closing=closing,
        ).update(debit=F("debit") + debit, credit=F("credit") + credit)
        if not updated:
            AccountBalance.objects.create(
                account_id=account_id,
                period_id=period_id,
                department_id=department_id,
                closing=closing,
                debit=debit,
                credit=credit,
            )


@transaction.atomic
def journal_entry_post(
    *,
    date: date,
    lines: Iterable[LineIn | Mapping[str, Any]],
    memo: str = "",
    source: Source | None = None,
    key: str | None = None,
    actor: User | None,
    kind: str = JournalEntry.Kind.SYSTEM,
    reverses: JournalEntry | None = None,
    system: bool = False,
    allow_locked: bool = False,
) -> JournalEntry:
    """Post a balanced entry, or return the one already posted with the same ``key``.

    ``lines`` are ``LineIn`` values (or dicts of the same keys); amounts are Decimal or text, never
    float. ``source`` names the document behind the entry. Refusals are ``ValidationError``s.
    """
    if key:
        existing = JournalEntry.objects.filter(idempotency_key=key).first()
        if existing is not None:
            return existing
    if isinstance(date, datetime) or not hasattr(date, "toordinal"):
        raise _fail(NOT_A_DATE, field="date")
    rows = check_lines(lines, system=system)
    period = _period_for(date, allow_locked=allow_locked)
    total = sum((r["debit"] for r in rows), ZERO)
    source = source or Source(type="", id="")
    entry = JournalEntry(
        date=date,
        period=period,
        kind=kind,
        memo=(memo or "")[:300],
        source_type=source.type,
        source_id=str(source.id),
        source_label=source.label[:200],
        source_url=source.url[:300],
        idempotency_key=key or None,
        reverses=reverses,
        total=total,
        posted_by=actor,
    )
    try:
        with transaction.atomic():
            entry.save()
    except IntegrityError:
        # The same key was posted a moment ago by another process: that entry is this one.
        if key:
            existing = JournalEntry.objects.filter(idempotency_key=key).first()
            if existing is not None:
                return existing
        raise
    JournalLine.objects.bulk_create(
        [
            JournalLine(
                entry=entry,
                date=date,
                account=row["account"],
                debit=row["debit"],
                credit=row["credit"],
                department=row["department"],
                partner=row["partner"],
                text=row["text"],
            )
            for row in rows
        ]
    )
    _balances_add(period, rows, closing=kind == JournalEntry.Kind.CLOSING)
    action_record(
        kind=FinanceAudit.ENTRY_POSTED,
        summary=gettext_noop("Journal entry %(ref)s posted (%(total)s)"),
        params={"ref": entry.reference, "total": str(total)},
        actor=actor,
        target=entry,
    )
    return entry


def _periods_for(days: set[date], *, allow_locked: bool) -> dict[date, Period]:
    """``_period_for`` for several days in one query (share-locked on PostgreSQL)."""
    first, last = min(days), max(days)
    if connection.vendor == "postgresql":
        found = list(
            Period.objects.raw(
                'SELECT * FROM finance_period WHERE start <= %s AND "end" >= %s'
                " ORDER BY start FOR SHARE",
                [last, first],
            )
        )
    else:
        found = list(Period.objects.filter(start__lte=last, end__gte=first).order_by("start"))
    periods: dict[date, Period] = {}
    for day in sorted(days):
        period = next((p for p in found if p.start <= day <= p.end), None)
        if period is None:
            raise _fail(NO_PERIOD, field="date", date=day.isoformat())
        if period.is_locked and not allow_locked:
            raise _fail(LOCKED, field="date", period=str(period))
        periods[day] = period
    return periods


@transaction.atomic
def journal_entries_post(
    *,
    entries: Sequence[EntryIn],
    actor: User | None,
    kind: str = JournalEntry.Kind.SYSTEM,
    system: bool = False,
) -> list[JournalEntry]:
    """``journal_entry_post`` for many entries at once (a batch job's), all or none: the same
    checks, but each kind of row is read and written once for all of them (the accounts, the
    periods, the entries, their lines, the balances, the audit events). Returns the entries in
    the order given; an entry whose ``key`` was posted already is that earlier entry.

    The first refusal is a ``ValidationError`` and nothing is written; so is an
    ``IntegrityError`` when another process posts one of the keys at the same moment.
    """
    if not entries:
        return []
    keys = [entry.key for entry in entries if entry.key]
    existing: dict[str, JournalEntry] = (
        {e.idempotency_key: e for e in JournalEntry.objects.filter(idempotency_key__in=keys)}
        if keys
        else {}
    )
    todo = [n for n, entry in enumerate(entries) if not (entry.key and entry.key in existing)]
    if not todo:
        return [existing[entry.key] for entry in entries]
    for n in todo:
        day = entries[n].date
        if isinstance(day, datetime) or not hasattr(day, "toordinal"):
            raise _fail(NOT_A_DATE, field="date")
    typed = {n: [_as_line(raw) for raw in entries[n].lines] for n in todo}
    found = _lookups([line for lines in typed.values() for line in lines])
    rows = {n: _checked(typed[n], found, system=system) for n in todo}
    periods = _periods_for({entries[n].date for n in todo}, allow_locked=False)
    made: dict[int, JournalEntry] = {}
    fresh: dict[str, JournalEntry] = {}
    for n in todo:
        spec = entries[n]
        if spec.key and spec.key in fresh:  # the same key twice in the batch: posted once
            continue
        source = spec.source or Source(type="", id="")
        made[n] = JournalEntry(
            date=spec.date,
            period=periods[spec.date],
            kind=kind,
            memo=(spec.memo or "")[:300],
            source_type=source.type,
            source_id=str(source.id),
            source_label=source.label[:200],
            source_url=source.url[:300],
            idempotency_key=spec.key or None,
            total=sum((r["debit"] for r in rows[n]), ZERO),
            posted_by=actor,
        )
        if spec.key:
            fresh[spec.key] = made[n]
    if connection.features.can_return_rows_from_bulk_insert:
        JournalEntry.objects.bulk_create(made.values())
    else:
        for entry in made.values():
            entry.save(force_insert=True)
    sums: dict[tuple[int, int, int | None], list[Decimal]] = defaultdict(lambda: [ZERO, ZERO])
    lines = []
    for n, entry in made.items():
        for row in rows[n]:
            lines.append(
                JournalLine(
                    entry=entry,
                    date=entry.date,
                    account=row["account"],
                    debit=row["debit"],
                    credit=row["credit"],
                    department=row["department"],
                    partner=row["partner"],
                    text=row["text"],
                )
            )
        _balances_sum(sums, entry.period, rows[n])
    JournalLine.objects.bulk_create(lines)
    _balances_write(sums, closing=kind == JournalEntry.Kind.CLOSING)
    actions_record(
        actions=[
            ActionIn(
                kind=FinanceAudit.ENTRY_POSTED,
                summary=gettext_noop("Journal entry %(ref)s posted (%(total)s)"),
                params={"ref": entry.reference, "total": str(entry.total)},
                target=entry,
            )
            for entry in made.values()
        ],
        actor=actor,
    )
    posted = {**existing, **fresh}
    return [made.get(n) or posted[entry.key] for n, entry in enumerate(entries)]


def first_open_day(day: date) -> date:
    """``day`` when its period is open, else the first day of the next open period."""
    period = Period.objects.containing(day).first()
    if period is not None and not period.is_locked:
        return day
    following = Period.objects.open().filter(start__gt=day).order_by("start").first()
    if following is None:
        raise _fail(NO_OPEN_DAY, field="date", date=day.isoformat())
    return following.start


@transaction.atomic
def journal_entry_reverse(
    *,
    entry: JournalEntry,
    actor: User | None,
    on: date | None = None,
    memo: str = "",
    by_source: bool = False,
) -> JournalEntry:
    """Post the mirror of ``entry`` dated ``on`` (today by default), or the first open day after
    when that period is locked; the two are linked both ways. Reversing twice is refused.

    An entry posted by a document (a payroll run, an invoice, a stock issue) is reversed only by
    the service that owns that document (``by_source=True``), which changes the document in the
    same transaction; from the ledger alone it is refused, or the document would still say it
    is posted while the books no longer do.
    """
    entry = JournalEntry.objects.select_for_update().get(pk=entry.pk)
    if entry.belongs_to_document and not by_source:
        raise _fail(OWNED_BY_SOURCE, field="__all__", source=entry.source_name)
    done = JournalEntry.objects.filter(reverses=entry).first()
    if done is not None:
        raise _fail(ALREADY_REVERSED, field="__all__", ref=done.reference)
    if entry.kind == JournalEntry.Kind.REVERSAL:
        raise _fail(IS_REVERSAL, field="__all__")
    day = first_open_day(on or timezone.localdate())
    lines = [
        LineIn(
            account=line.account_id,
            debit=line.credit,
            credit=line.debit,
            department=line.department_id,
            partner=line.partner_id,
            text=line.text,
        )
        for line in entry.lines.order_by("id")
    ]
    reversal = journal_entry_post(
        date=day,
        lines=lines,
        memo=memo or str(_("Reversal of %(ref)s") % {"ref": entry.reference}),
        source=Source(
            type=entry.source_type,
            id=entry.source_id,
            label=entry.source_label,
            url=entry.source_url,
        ),
        key=f"reversal:{entry.pk}",
        actor=actor,
        kind=JournalEntry.Kind.REVERSAL,
        reverses=entry,
        system=True,
    )
    action_record(
        kind=FinanceAudit.ENTRY_REVERSED,
        summary=gettext_noop("Journal entry %(ref)s reversed by %(reversal)s"),
        params={"ref": entry.reference, "reversal": reversal.reference},
        actor=actor,
        target=entry,
    )
    return reversal
