"""Writing the set-up: records saved from the set-up pages, staff and skills of a location,
coverage lines. Every change is audited; views only validate input and call these."""

from __future__ import annotations

from django.db import models, transaction
from django.utils.translation import gettext_noop

from backoffice.models import User
from backoffice.services import action_record
from hr.models import Employee
from scheduling.audit import SchedulingAudit
from scheduling.domain.rules import preset_fields
from scheduling.models import Coverage, Location, Skill, WorkingTimeRules


def _audit(actor: User, what: str, target: models.Model) -> None:
    action_record(
        kind=SchedulingAudit.SETUP_CHANGED,
        summary=gettext_noop("Scheduling set-up saved: %(what)s %(name)s"),
        params={"what": what, "name": str(target)},
        actor=actor,
        target=target,
    )


@transaction.atomic
def setup_save(*, actor: User, instance: models.Model, what: str) -> models.Model:
    """Save a validated set-up record (location, skill, template, rules, pattern)."""
    instance.save()
    _audit(actor, what, instance)
    return instance


@transaction.atomic
def rules_from_preset(*, actor: User, name: str, preset: str) -> WorkingTimeRules:
    rules = WorkingTimeRules.objects.create(name=name, preset=preset, **preset_fields(preset))
    _audit(actor, "rules", rules)
    return rules


@transaction.atomic
def setup_delete(*, actor: User, instance: models.Model, what: str) -> None:
    """Delete a skill, template or pattern. Nothing is protected: shifts keep their times (their
    template or skill becomes empty) and coverage lines of the record go with it."""
    name = str(instance)
    instance.delete()
    action_record(
        kind=SchedulingAudit.SETUP_CHANGED,
        summary=gettext_noop("Scheduling set-up deleted: %(what)s %(name)s"),
        params={"what": what, "name": name},
        actor=actor,
    )


@transaction.atomic
def location_members_add(*, actor: User, location: Location, people: list[Employee]) -> int:
    location.members.add(*people)
    _audit(actor, "location", location)
    return len(people)


@transaction.atomic
def location_staff_set(
    *, actor: User, location: Location, skills: set[tuple[int, int]], remove: set[int]
) -> None:
    """Set the skills of the location's staff to exactly ``skills`` ((skill, employee) pairs)
    and take the ``remove`` people off the location."""
    member_ids = set(location.members.values_list("pk", flat=True))
    through = Skill.employees.through
    through.objects.filter(employee_id__in=member_ids).delete()
    through.objects.bulk_create(
        [
            through(skill_id=skill, employee_id=employee)
            for skill, employee in skills
            if employee in member_ids and employee not in remove
        ],
        ignore_conflicts=True,
    )
    if remove & member_ids:
        location.members.remove(*(remove & member_ids))
    _audit(actor, "location", location)


@transaction.atomic
def coverage_save(*, actor: User, line: Coverage) -> Coverage:
    line.save()
    _audit(actor, "coverage", line.location)
    return line


@transaction.atomic
def coverage_delete(*, actor: User, line: Coverage) -> None:
    location = line.location
    line.delete()
    _audit(actor, "coverage", location)
