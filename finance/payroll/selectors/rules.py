"""Reading the rules: the rows in force on a day as the engine's ``Rules``, the lists for the
rules pages, the settings row and the bases a percentage component may take."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.db.models import Q, QuerySet

from finance.payroll.domain.engine import BASES, FundRate, Rules, RuleValue
from finance.payroll.models import (
    ContributionRate,
    MinimumInsurableIncome,
    PayComponent,
    PayrollRule,
    PayrollSettings,
)


def payroll_settings_get() -> PayrollSettings:
    settings, _created = PayrollSettings.objects.get_or_create(pk=1)
    return settings


def _in_force(on: date) -> Q:
    return Q(valid_from__lte=on) & (Q(valid_to__isnull=True) | Q(valid_to__gte=on))


def rules_in_force(*, on: date, country: str = "BG") -> Rules:
    """The rows in force on ``on`` (three queries)."""
    funds: dict[str, list[FundRate]] = defaultdict(list)
    for row in ContributionRate.objects.filter(_in_force(on), country=country).order_by("pk"):
        funds[row.variant].append(
            FundRate(
                fund=row.fund,
                employee_rate=row.employee_rate,
                employer_rate=row.employer_rate,
                capped=row.capped,
                account=row.liability_account,
                row_id=row.pk,
            )
        )
    values = {
        kind: RuleValue(value, pk)
        for kind, value, pk in PayrollRule.objects.filter(_in_force(on), country=country)
        .order_by("valid_from")
        .values_list("kind", "value", "pk")
    }
    minimums = {
        (activity, occupation): RuleValue(amount, pk)
        for activity, occupation, amount, pk in MinimumInsurableIncome.objects.filter(
            _in_force(on), country=country
        ).values_list("activity", "occupation", "amount", "pk")
    }
    return Rules(funds=dict(funds), values=values, minimums=minimums)


def rule_lists(*, viewer=None, country: str | None = None) -> dict[str, QuerySet]:
    """Every rule row, newest first within its key: "contributions", "rules", "minimums"."""
    filters = {"country": country} if country else {}
    return {
        "contributions": ContributionRate.objects.filter(**filters).order_by(
            "country", "variant", "fund", "-valid_from"
        ),
        "rules": PayrollRule.objects.filter(**filters).order_by("country", "kind", "-valid_from"),
        "minimums": MinimumInsurableIncome.objects.filter(**filters).order_by(
            "country", "activity", "occupation", "-valid_from"
        ),
    }


def component_list(*, viewer=None, active_only: bool = False) -> QuerySet[PayComponent]:
    components = PayComponent.objects.all()
    if active_only:
        components = components.filter(active=True)
    return components.order_by("order", "code")


def component_bases() -> list[tuple[str, str]]:
    """What a percentage may be of: the named bases and every other component's code."""
    named = [(base, base) for base in BASES]
    return named + [(code, name) for code, name in PayComponent.objects.values_list("code", "name")]


@dataclass(frozen=True)
class RuleRef:
    table: str
    id: int
    label: str
    source: str
    valid_from: date | None
    valid_to: date | None


TABLES = {
    "contributionrate": ContributionRate,
    "payrollrule": PayrollRule,
    "minimuminsurableincome": MinimumInsurableIncome,
    "paycomponent": PayComponent,
}


def line_rules(*, lines) -> dict[int, list[RuleRef]]:
    """The rule rows each line used, with their source text (one query per table)."""
    wanted: dict[str, set[int]] = defaultdict(set)
    for line in lines:
        for ref in line.rules or ():
            if ref.get("table") in TABLES and ref.get("id") is not None:
                wanted[ref["table"]].add(ref["id"])
    rows = {table: TABLES[table].objects.in_bulk(ids) for table, ids in wanted.items()}
    answer: dict[int, list[RuleRef]] = {}
    for line in lines:
        refs = []
        for ref in line.rules or ():
            row = rows.get(ref.get("table"), {}).get(ref.get("id"))
            if row is None:
                continue
            refs.append(
                RuleRef(
                    table=ref["table"],
                    id=row.pk,
                    label=str(row),
                    source=getattr(row, "source", ""),
                    valid_from=getattr(row, "valid_from", None),
                    valid_to=getattr(row, "valid_to", None),
                )
            )
        answer[line.pk] = refs
    return answer
