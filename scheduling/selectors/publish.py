"""What publishing a draft would leave undone: coverage gaps, an empty roster, and the planned
labour cost against the location's budget. Each is a warning the planner confirms before the
schedule goes out (the publish page shows them; the publish service refuses without them)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from backoffice.models import User
from backoffice.money import ZERO, round_money
from hr.permissions import manages_team
from scheduling.domain.rules import coverage
from scheduling.models import SchedulePeriod, Shift, ShiftTemplate, Skill
from scheduling.selectors.cost import MIN_PEOPLE_FOR_COST, shift_costs
from scheduling.selectors.roster import (
    COST_DETAIL,
    coverage_slots,
    is_planner,
    period_needs,
    slot_of,
)

EMPTY = "empty"
GAPS = "gaps"
BUDGET = "budget"

CONFIRM_LABELS = {
    EMPTY: _("Publish a schedule without any shifts."),
    GAPS: _("Publish with the coverage gaps listed above."),
    BUDGET: _("Publish although the planned cost is over the budget."),
}


def may_see_cost(*, viewer: User) -> bool:
    """The labour cost page's rule: planners, managers and those who see shift cost."""
    return is_planner(viewer) or manages_team(viewer) or viewer.has_perm(COST_DETAIL)


@dataclass(frozen=True)
class Gap:
    day: object
    label: str
    short: int


@dataclass
class PublishChecks:
    shifts: int = 0
    gaps: list[Gap] = field(default_factory=list)
    #: Totals only, and only for a viewer who may see cost: (planned, budget); budget may be None.
    cost: tuple[Decimal | None, Decimal | None] | None = None

    @property
    def over_budget(self) -> bool:
        if self.cost is None:
            return False
        planned, budget = self.cost
        return planned is not None and budget is not None and planned > budget

    @property
    def warnings(self) -> list[str]:
        found = []
        if not self.shifts:
            found.append(EMPTY)
        if self.gaps:
            found.append(GAPS)
        if self.over_budget:
            found.append(BUDGET)
        return found

    def confirmations(self) -> list[tuple[str, object]]:
        return [(code, CONFIRM_LABELS[code]) for code in self.warnings]


def publish_checks(*, period: SchedulePeriod, viewer: User) -> PublishChecks:
    shifts = list(Shift.objects.planned().filter(period=period).order_by("start"))
    checks = PublishChecks(shifts=len(shifts))
    needs = period_needs(location=period.location, start=period.start, end=period.end)
    if needs:
        slots = coverage_slots(location=period.location, slots=[slot_of(s) for s in shifts])
        templates = dict(
            ShiftTemplate.objects.filter(pk__in={n.template for n in needs}).values_list(
                "pk", "name"
            )
        )
        skills = dict(Skill.objects.values_list("pk", "name"))
        for line in coverage(slots, needs):
            if line.planned < line.needed:
                label = templates.get(line.template, "")
                if line.skill:
                    label = f"{label} · {skills.get(line.skill, '')}"
                checks.gaps.append(Gap(line.day, label, line.needed - line.planned))
    if may_see_cost(viewer=viewer):
        assigned = [s for s in shifts if s.employee_id is not None]
        costs = shift_costs(assigned, on=period.start)
        people = {s.employee_id for s in assigned}
        planned = sum(costs.values(), ZERO)
        if len(people) < MIN_PEOPLE_FOR_COST and not viewer.has_perm(COST_DETAIL):
            planned = None
        weekly = period.location.weekly_budget
        budget = round_money(weekly * Decimal(period.days) / 7) if weekly is not None else None
        checks.cost = (planned, budget)
    return checks
