"""Filing what the nightly checks find: one finding per problem (its stable key), reopened when
the problem returns, resolved when the check no longer finds it."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from backoffice.models import User
from backoffice.registry import CheckFinding, ComplianceCheck, registry
from backoffice.services.actions import action_record
from compliance.audit import ComplianceAudit
from compliance.models import CheckRun, Finding

REASON_REQUIRED = _("Say why the finding is accepted.")
ALREADY_RESOLVED = _("This finding is resolved; there is nothing to accept.")

FIELDS = ("title", "params", "severity", "department_id", "owner_id", "employee_id", "due", "url")
STATE_FIELDS = ("state", "resolved_on", "reopened", "first_seen", "last_seen")


def _found_values(found: CheckFinding) -> dict:
    return {
        name: dict(found.params) if name == "params" else getattr(found, name) for name in FIELDS
    }


UPDATED = (*FIELDS, *STATE_FIELDS)
#: Findings changed the same way (most often: a new due date) are written in one UPDATE when at
#: least this many share it; the others field by field in small batches.
SAME_CHANGE_MIN = 20


def _change_key(changes: dict) -> tuple:
    return tuple(
        (name, json.dumps(value, sort_keys=True, default=str) if isinstance(value, dict) else value)
        for name, value in sorted(changes.items())
    )


def _write_changes(changed: list[tuple[dict, dict]]) -> None:
    """Write the changed findings: one UPDATE per thousand for each change many share, and
    ``bulk_update`` of only the changed fields, a hundred rows at a time, for the rest (its
    CASE per row makes large batches cost quadratically)."""
    groups: dict[tuple, list[tuple[dict, dict]]] = defaultdict(list)
    for row, changes in changed:
        groups[_change_key(changes)].append((row, changes))
    rest = []
    for members in groups.values():
        if len(members) < SAME_CHANGE_MIN:
            rest.extend(members)
            continue
        changes = members[0][1]
        pks = [row["pk"] for row, _changes in members]
        for first in range(0, len(pks), 1000):
            Finding.objects.filter(pk__in=pks[first : first + 1000]).update(**changes)
    if rest:
        fields = sorted({name for _row, changes in rest for name in changes})
        Finding.objects.bulk_update(
            [Finding(pk=row["pk"], **{name: row[name] for name in fields}) for row, _c in rest],
            fields,
            batch_size=100,
        )


@transaction.atomic
def check_file(*, check: ComplianceCheck, found: list[CheckFinding], today: date) -> dict:
    """File one check's findings of ``today``: new ones opened, known ones refreshed (an accepted
    one stays accepted), resolved ones that are found again reopened, and the open or accepted
    ones no longer found resolved. Running it twice on the same day changes nothing.

    The known findings are read as values, not model instances; those merely seen again are
    stamped in one UPDATE per thousand and only the changed ones are written field by field, so
    a night over tens of thousands of findings stays a few queries."""
    by_key = {f.key: f for f in found}
    columns = ("pk", "key", *FIELDS, *STATE_FIELDS)
    existing = {
        row[1]: dict(zip(columns, row, strict=True))
        for row in Finding.objects.select_for_update()
        .filter(check_key=check.key)
        .order_by()
        .values_list(*columns)
    }
    opened = resolved = 0
    new = []
    changed = []
    seen_again = []
    gone = []
    for key, item in by_key.items():
        values = _found_values(item)
        row = existing.get(key)
        if row is None:
            new.append(
                Finding(
                    check_key=check.key,
                    key=key,
                    first_seen=today,
                    last_seen=today,
                    state=Finding.State.OPEN,
                    **values,
                )
            )
            opened += 1
            continue
        dirty = any(row[name] != value for name, value in values.items())
        before = dict(row)
        row.update(values)
        if row["state"] == Finding.State.RESOLVED:
            row.update(
                state=Finding.State.OPEN,
                resolved_on=None,
                reopened=row["reopened"] + 1,
                first_seen=today,
            )
            opened += 1
            dirty = True
        if dirty:
            row["last_seen"] = today
            changed.append(
                (row, {name: row[name] for name in UPDATED if row[name] != before[name]})
            )
        elif row["last_seen"] != today:
            seen_again.append(row["pk"])
    for key, row in existing.items():
        if key not in by_key and row["state"] != Finding.State.RESOLVED:
            gone.append(row["pk"])
            resolved += 1
    Finding.objects.bulk_create(new, batch_size=1000)
    _write_changes(changed)
    for first in range(0, len(seen_again), 1000):
        Finding.objects.filter(pk__in=seen_again[first : first + 1000]).update(last_seen=today)
    for first in range(0, len(gone), 1000):
        Finding.objects.filter(pk__in=gone[first : first + 1000]).update(
            state=Finding.State.RESOLVED, resolved_on=today
        )
    return {"found": len(by_key), "opened": opened, "resolved": resolved}


def checks_run(
    *,
    today: date | None = None,
    actor: User | None = None,
    progress: Callable[[int, int, str], None] | None = None,
    only: list[str] | None = None,
) -> CheckRun:
    """Run every registered check (or ``only`` those) and file what they find; each check is
    filed in its own transaction, so a run stopped half way leaves whole checks behind it."""
    today = today or timezone.localdate()
    checks = [c for c in registry.checks_in_order() if only is None or c.key in only]
    run = CheckRun.objects.create(day=today)
    totals = {"found": 0, "opened": 0, "resolved": 0}
    by_check = {}
    for done, check in enumerate(checks):
        if progress:
            progress(done, len(checks), str(check.label))
        found = list(check.run(today))
        result = check_file(check=check, found=found, today=today)
        by_check[check.key] = result["found"]
        for name in totals:
            totals[name] += result[name]
    run.found = totals["found"]
    run.opened = totals["opened"]
    run.resolved = totals["resolved"]
    run.by_check = by_check
    run.open_total = Finding.objects.open().count()
    run.finished_at = timezone.now()
    run.save()
    action_record(
        kind=ComplianceAudit.CHECKS_RUN,
        summary=gettext_noop("Compliance checks run: %(found)s found, %(opened)s new"),
        params={"found": run.found, "opened": run.opened},
        actor=actor,
        target=run,
        data={"by_check": by_check, "resolved": run.resolved},
    )
    if progress:
        progress(len(checks), len(checks), "")
    return run


@transaction.atomic
def finding_accept(*, finding: Finding, reason: str, actor: User) -> Finding:
    """Accept a finding with a reason: it stays filed (and shown as accepted) while the check
    still finds it, and is resolved when it no longer does."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": REASON_REQUIRED})
    finding = Finding.objects.select_for_update().get(pk=finding.pk)
    if finding.state == Finding.State.RESOLVED:
        raise ValidationError(ALREADY_RESOLVED)
    finding.state = Finding.State.ACCEPTED
    finding.reason = reason
    finding.decided_by = actor
    finding.decided_at = timezone.now()
    finding.save(update_fields=["state", "reason", "decided_by", "decided_at"])
    action_record(
        kind=ComplianceAudit.FINDING_ACCEPTED,
        summary=gettext_noop("Finding accepted: %(finding)s"),
        params={"finding": finding.text[:200]},
        actor=actor,
        target=finding,
        data={"reason": reason},
    )
    return finding


@transaction.atomic
def finding_reopen(*, finding: Finding, actor: User) -> Finding:
    finding = Finding.objects.select_for_update().get(pk=finding.pk)
    if finding.state != Finding.State.ACCEPTED:
        return finding
    finding.state = Finding.State.OPEN
    finding.reason = ""
    finding.decided_by = actor
    finding.decided_at = timezone.now()
    finding.save(update_fields=["state", "reason", "decided_by", "decided_at"])
    action_record(
        kind=ComplianceAudit.FINDING_REOPENED,
        summary=gettext_noop("Finding reopened: %(finding)s"),
        params={"finding": finding.text[:200]},
        actor=actor,
        target=finding,
    )
    return finding
