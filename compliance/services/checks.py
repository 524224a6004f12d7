"""Filing what the nightly checks find: one finding per problem (its stable key), reopened when
the problem returns, resolved when the check no longer finds it."""

from __future__ import annotations

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


def _apply(finding: Finding, found: CheckFinding) -> bool:
    changed = False
    for name in FIELDS:
        value = getattr(found, name)
        if name == "params":
            value = dict(value)
        if getattr(finding, name) != value:
            setattr(finding, name, value)
            changed = True
    return changed


@transaction.atomic
def check_file(*, check: ComplianceCheck, found: list[CheckFinding], today: date) -> dict:
    """File one check's findings of ``today``: new ones opened, known ones refreshed (an accepted
    one stays accepted), resolved ones that are found again reopened, and the open or accepted
    ones no longer found resolved. Running it twice on the same day changes nothing."""
    by_key = {f.key: f for f in found}
    existing = {f.key: f for f in Finding.objects.select_for_update().filter(check_key=check.key)}
    opened = resolved = 0
    new = []
    changed = []
    for key, item in by_key.items():
        finding = existing.get(key)
        if finding is None:
            finding = Finding(
                check_key=check.key, key=key, first_seen=today, last_seen=today, state="open"
            )
            _apply(finding, item)
            new.append(finding)
            opened += 1
            continue
        dirty = _apply(finding, item)
        if finding.state == Finding.State.RESOLVED:
            finding.state = Finding.State.OPEN
            finding.resolved_on = None
            finding.reopened += 1
            finding.first_seen = today
            opened += 1
            dirty = True
        if finding.last_seen != today:
            finding.last_seen = today
            dirty = True
        if dirty:
            changed.append(finding)
    for key, finding in existing.items():
        if key not in by_key and finding.state != Finding.State.RESOLVED:
            finding.state = Finding.State.RESOLVED
            finding.resolved_on = today
            changed.append(finding)
            resolved += 1
    Finding.objects.bulk_create(new, batch_size=1000)
    if changed:
        Finding.objects.bulk_update(
            changed,
            [*FIELDS, "state", "resolved_on", "reopened", "first_seen", "last_seen"],
            batch_size=1000,
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
