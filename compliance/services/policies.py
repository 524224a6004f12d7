"""Policy versions through draft -> approved -> published -> retired, and acknowledgements."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from backoffice.models import User
from backoffice.services.actions import action_record
from backoffice.services.notifications import notification_send
from compliance.audit import ComplianceAudit
from compliance.models import Acknowledgement, Policy, PolicyVersion
from compliance.selectors.policies import addressed_to, audience
from hr.models import Employee
from hr.selectors import employee_find, employee_for_user, employees_with_login

NOT_DRAFT = _("Only a draft can be changed or approved.")
NOT_APPROVED = _("Only an approved version can be published.")
NOT_PUBLISHED = _("Only a published version can be retired.")
NOT_ADDRESSED = _("This policy is not addressed to you.")
ALREADY_ACKNOWLEDGED = _("You have already acknowledged this version.")
NOT_OPEN = _("This version is not published; there is nothing to acknowledge.")
NO_PERSON = _("Your account has no employee record, so there is nothing to acknowledge.")
AUDIENCE_EMPTY = _("Choose at least one department or position for this audience.")


@transaction.atomic
def policy_create(*, title: str, code: str, owner: User, actor: User) -> Policy:
    if Policy.objects.filter(code=code).exists():
        raise ValidationError({"code": _("Another policy has this code.")})
    policy = Policy.objects.create(title=title, code=code, owner=owner)
    return policy


def _check_audience(version: PolicyVersion, departments, positions) -> None:
    if version.audience == PolicyVersion.Audience.DEPARTMENTS and not departments:
        raise ValidationError({"departments": AUDIENCE_EMPTY})
    if version.audience == PolicyVersion.Audience.POSITIONS and not positions:
        raise ValidationError({"positions": AUDIENCE_EMPTY})


@transaction.atomic
def version_save(
    *, version: PolicyVersion, departments=(), positions=(), actor: User
) -> PolicyVersion:
    """Create or change a draft (a version once approved is never edited: make a new one)."""
    if version.pk:
        stored = PolicyVersion.objects.select_for_update().get(pk=version.pk)
        if stored.status != PolicyVersion.Status.DRAFT:
            raise ValidationError(NOT_DRAFT)
    else:
        Policy.objects.select_for_update().filter(pk=version.policy_id).first()
        last = version.policy.versions.aggregate(n=Max("number"))["n"] or 0
        version.number = last + 1
        version.status = PolicyVersion.Status.DRAFT
    _check_audience(version, list(departments), list(positions))
    version.save()
    version.departments.set(departments)
    version.positions.set(positions)
    action_record(
        kind=ComplianceAudit.POLICY_SAVED,
        summary=gettext_noop("Policy %(policy)s version %(number)s saved"),
        params={"policy": version.policy.title, "number": version.number},
        actor=actor,
        target=version,
    )
    return version


def _locked(version: PolicyVersion) -> PolicyVersion:
    return PolicyVersion.objects.select_for_update().select_related("policy").get(pk=version.pk)


@transaction.atomic
def version_approve(*, version: PolicyVersion, actor: User) -> PolicyVersion:
    version = _locked(version)
    if version.status != PolicyVersion.Status.DRAFT:
        raise ValidationError(NOT_DRAFT)
    version.status = PolicyVersion.Status.APPROVED
    version.approved_by = actor
    version.approved_at = timezone.now()
    version.save(update_fields=["status", "approved_by", "approved_at"])
    action_record(
        kind=ComplianceAudit.POLICY_APPROVED,
        summary=gettext_noop("Policy %(policy)s version %(number)s approved"),
        params={"policy": version.policy.title, "number": version.number},
        actor=actor,
        target=version,
    )
    return version


def _notify(version: PolicyVersion, employee_ids) -> int:
    sent = 0
    url = reverse("compliance:policy-read", args=[version.pk])
    for person in employees_with_login(ids=employee_ids):
        notification_send(
            recipient=person.user,
            title=gettext_noop("Please read and acknowledge: %(policy)s"),
            params={"policy": version.policy.title},
            url=url,
            kind="compliance.policy_published",
        )
        sent += 1
    return sent


@transaction.atomic
def version_publish(*, version: PolicyVersion, actor: User) -> PolicyVersion:
    """Publish an approved version: the policy's earlier published version retires, and each
    person in the audience is asked to acknowledge it."""
    version = _locked(version)
    if version.status != PolicyVersion.Status.APPROVED:
        raise ValidationError(NOT_APPROVED)
    now = timezone.now()
    earlier = PolicyVersion.objects.filter(
        policy=version.policy, status=PolicyVersion.Status.PUBLISHED
    )
    earlier.update(status=PolicyVersion.Status.RETIRED, retired_at=now)
    version.status = PolicyVersion.Status.PUBLISHED
    version.published_at = now
    version.save(update_fields=["status", "published_at"])
    action_record(
        kind=ComplianceAudit.POLICY_PUBLISHED,
        summary=gettext_noop("Policy %(policy)s version %(number)s published"),
        params={"policy": version.policy.title, "number": version.number},
        actor=actor,
        target=version,
    )
    _notify(version, audience(version=version).values("pk"))
    return version


@transaction.atomic
def version_retire(*, version: PolicyVersion, actor: User) -> PolicyVersion:
    version = _locked(version)
    if version.status != PolicyVersion.Status.PUBLISHED:
        raise ValidationError(NOT_PUBLISHED)
    version.status = PolicyVersion.Status.RETIRED
    version.retired_at = timezone.now()
    version.save(update_fields=["status", "retired_at"])
    action_record(
        kind=ComplianceAudit.POLICY_RETIRED,
        summary=gettext_noop("Policy %(policy)s version %(number)s retired"),
        params={"policy": version.policy.title, "number": version.number},
        actor=actor,
        target=version,
    )
    return version


@transaction.atomic
def policy_acknowledge(*, version: PolicyVersion, user: User) -> Acknowledgement:
    """The signed-in person confirms they read ``version``: only a published version addressed
    to them, and only once."""
    me = employee_for_user(user=user)
    if me is None:
        raise ValidationError(NO_PERSON)
    version = _locked(version)
    if version.status != PolicyVersion.Status.PUBLISHED:
        raise ValidationError(NOT_OPEN)
    if not addressed_to(version=version, employee=me):
        raise ValidationError(NOT_ADDRESSED)
    if Acknowledgement.objects.filter(version=version, employee=me).exists():
        raise ValidationError(ALREADY_ACKNOWLEDGED)
    try:
        with transaction.atomic():
            acknowledgement = Acknowledgement.objects.create(version=version, employee=me)
    except IntegrityError as exc:
        raise ValidationError(ALREADY_ACKNOWLEDGED) from exc
    action_record(
        kind=ComplianceAudit.POLICY_ACKNOWLEDGED,
        summary=gettext_noop("%(person)s acknowledged %(policy)s version %(number)s"),
        params={"person": str(me), "policy": version.policy.title, "number": version.number},
        actor=user,
        target=version,
    )
    return acknowledgement


def policies_remind(*, today=None) -> int:
    """Remind, once a week, everyone who still has a published version to acknowledge."""
    today = today or timezone.localdate()
    if today.weekday() != 0:
        return 0
    sent = 0
    for version in (
        PolicyVersion.objects.published()
        .select_related("policy")
        .prefetch_related("departments", "positions")
    ):
        missing = audience(version=version).exclude(
            pk__in=version.acknowledgements.values("employee_id")
        )
        sent += _notify(version, missing.values("pk"))
    return sent


def policies_for_new_hire(*, employee_id: int) -> int:
    """A new hire is asked to acknowledge every published version addressed to them (by
    department, position or everyone); idempotent: the ask is only a notification, and the
    acknowledgement itself can be given once."""
    person: Employee | None = employee_find(pk=employee_id)
    if person is None or person.user_id is None:
        return 0
    sent = 0
    for version in (
        PolicyVersion.objects.published()
        .select_related("policy")
        .prefetch_related("departments", "positions")
    ):
        if (
            addressed_to(version=version, employee=person)
            and not version.acknowledgements.filter(employee=person).exists()
        ):
            sent += _notify(version, [person.pk])
    return sent
