"""Writing the rules: the Bulgarian preset, and rule rows that never overlap another of the same
key and are never negative (a clear field error, nothing written)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Model, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from backoffice.services import action_record
from finance.payroll.audit import PayrollAudit
from finance.payroll.domain.preset import (
    COMPONENTS,
    CONTRIBUTIONS_BG_2026,
    FROM_2026,
    MINIMUMS_BG_2026,
    RULES_BG_2026,
)
from finance.payroll.models import (
    ContributionRate,
    MinimumInsurableIncome,
    PayComponent,
    PayrollRule,
    PayrollSettings,
)

OVERLAP = _(
    "Another row for the same %(what)s is in force from %(start)s to %(end)s; end it the day "
    "before this one starts, or change the dates."
)
NEGATIVE = _("A rate cannot be negative.")
NOT_NUMBER = _("Enter a number.")
ENDS_BEFORE = _("The row ends before it starts.")
OPEN_END = _("until further notice")
NO_SOURCE = _("Write where this figure comes from (the law, decree or notice).")


def _decimal(data: dict, key: str, errors: dict, *, required: bool = True) -> Decimal | None:
    raw = data.get(key)
    if raw in (None, ""):
        if required:
            errors[key] = ValidationError(_("This field is required."))
        return None
    if isinstance(raw, float):
        errors[key] = ValidationError(NOT_NUMBER)
        return None
    try:
        value = Decimal(str(raw).strip().replace(",", "."))
    except InvalidOperation:
        errors[key] = ValidationError(NOT_NUMBER)
        return None
    if not value.is_finite():
        errors[key] = ValidationError(NOT_NUMBER)
        return None
    if value < 0:
        errors[key] = ValidationError(NEGATIVE)
        return None
    return value


def _dates(data: dict, errors: dict):
    start, end = data.get("valid_from"), data.get("valid_to") or None
    if start is None:
        errors["valid_from"] = ValidationError(_("This field is required."))
    elif end is not None and end < start:
        errors["valid_to"] = ValidationError(ENDS_BEFORE)
    return start, end


def _overlapping(model: type[Model], key: dict, start, end, exclude_pk) -> Model | None:
    rows = model.objects.filter(**key).filter(Q(valid_to__isnull=True) | Q(valid_to__gte=start))
    if end is not None:
        rows = rows.filter(valid_from__lte=end)
    if exclude_pk:
        rows = rows.exclude(pk=exclude_pk)
    return rows.order_by("valid_from").first()


RULE_KEYS = {
    ContributionRate: ("country", "fund", "variant"),
    PayrollRule: ("country", "kind"),
    MinimumInsurableIncome: ("country", "activity", "occupation"),
}


def rule_overlap_check(instance: Model) -> None:
    """Refuse a rule row overlapping another of the same key (for the admin's form)."""
    if instance.valid_from is None:
        return
    key = {name: getattr(instance, name) for name in RULE_KEYS[type(instance)]}
    other = _overlapping(type(instance), key, instance.valid_from, instance.valid_to, instance.pk)
    if other is not None:
        raise ValidationError(
            {
                "valid_from": ValidationError(
                    OVERLAP,
                    params={
                        "what": " / ".join(str(v) for v in key.values()),
                        "start": other.valid_from.isoformat(),
                        "end": other.valid_to.isoformat() if other.valid_to else OPEN_END,
                    },
                )
            }
        )


def _save(instance: Model, key: dict, what: str, actor, errors: dict) -> Model:
    if not (instance.source or "").strip():
        errors["source"] = ValidationError(NO_SOURCE)
    if errors:
        raise ValidationError(errors)
    other = _overlapping(type(instance), key, instance.valid_from, instance.valid_to, instance.pk)
    if other is not None:
        raise ValidationError(
            {
                "valid_from": ValidationError(
                    OVERLAP,
                    params={
                        "what": what,
                        "start": other.valid_from.isoformat(),
                        "end": other.valid_to.isoformat() if other.valid_to else OPEN_END,
                    },
                )
            }
        )
    try:
        with transaction.atomic():
            instance.save()
    except IntegrityError as error:  # the exclusion constraint, under a concurrent save
        raise ValidationError(
            {"valid_from": ValidationError(OVERLAP, params={"what": what, "start": "", "end": ""})}
        ) from error
    action_record(
        kind=PayrollAudit.RULE_SAVED,
        summary=gettext_noop("Payroll rule saved: %(rule)s"),
        params={"rule": str(instance)},
        actor=actor,
        target=instance,
    )
    return instance


@transaction.atomic
def contribution_rate_save(
    *, data: dict[str, Any], instance: ContributionRate | None = None, actor=None
) -> ContributionRate:
    errors: dict = {}
    row = instance or ContributionRate()
    row.country = data.get("country") or row.country or "BG"
    row.fund = data.get("fund") or row.fund
    row.variant = data.get("variant") or row.variant or "standard"
    row.employee_rate = _decimal(data, "employee_rate", errors)
    row.employer_rate = _decimal(data, "employer_rate", errors)
    row.capped = bool(data.get("capped", True))
    row.liability_account = data.get("liability_account") or row.liability_account or "461"
    row.valid_from, row.valid_to = _dates(data, errors)
    row.source = data.get("source", row.source)
    if not row.fund:
        errors["fund"] = ValidationError(_("This field is required."))
    key = {"country": row.country, "fund": row.fund, "variant": row.variant}
    return _save(row, key, f"{row.fund} ({row.variant})", actor, errors)


@transaction.atomic
def payroll_rule_save(
    *, data: dict[str, Any], instance: PayrollRule | None = None, actor=None
) -> PayrollRule:
    errors: dict = {}
    row = instance or PayrollRule()
    row.country = data.get("country") or row.country or "BG"
    row.kind = data.get("kind") or row.kind
    row.value = _decimal(data, "value", errors)
    row.valid_from, row.valid_to = _dates(data, errors)
    row.source = data.get("source", row.source)
    if not row.kind:
        errors["kind"] = ValidationError(_("This field is required."))
    return _save(row, {"country": row.country, "kind": row.kind}, row.kind, actor, errors)


@transaction.atomic
def minimum_income_save(
    *, data: dict[str, Any], instance: MinimumInsurableIncome | None = None, actor=None
) -> MinimumInsurableIncome:
    errors: dict = {}
    row = instance or MinimumInsurableIncome()
    row.country = data.get("country") or row.country or "BG"
    row.activity = (data.get("activity") or "").strip()
    row.occupation = (data.get("occupation") or "").strip()
    row.amount = _decimal(data, "amount", errors)
    row.valid_from, row.valid_to = _dates(data, errors)
    row.source = data.get("source", row.source)
    key = {"country": row.country, "activity": row.activity, "occupation": row.occupation}
    return _save(row, key, f"{row.activity or '*'}/{row.occupation or '*'}", actor, errors)


@transaction.atomic
def payroll_rules_load_preset(*, country: str = "BG", actor=None) -> int:
    """Load the Bulgarian 2026 rules and the standard components where missing (idempotent):
    the number of rows created."""
    created = 0
    if country != "BG":
        return 0
    for fund, variant, employee, employer, account, source in CONTRIBUTIONS_BG_2026:
        _row, made = ContributionRate.objects.get_or_create(
            country="BG",
            fund=fund,
            variant=variant,
            valid_from=FROM_2026,
            defaults={
                "employee_rate": employee,
                "employer_rate": employer,
                "liability_account": account,
                "source": source,
            },
        )
        created += made
    for kind, value, valid_from, valid_to, source in RULES_BG_2026:
        _row, made = PayrollRule.objects.get_or_create(
            country="BG",
            kind=kind,
            valid_from=valid_from,
            defaults={"value": value, "valid_to": valid_to, "source": source},
        )
        created += made
    for activity, occupation, amount, source in MINIMUMS_BG_2026:
        _row, made = MinimumInsurableIncome.objects.get_or_create(
            country="BG",
            activity=activity,
            occupation=occupation,
            valid_from=FROM_2026,
            defaults={"amount": amount, "source": source},
        )
        created += made
    for code, name, name_bg, side, method, extra in COMPONENTS:
        _row, made = PayComponent.objects.get_or_create(
            code=code,
            defaults={"name": name, "name_bg": name_bg, "side": side, "method": method, **extra},
        )
        created += made
    PayrollSettings.objects.get_or_create(pk=1)
    if created:
        action_record(
            kind=PayrollAudit.RULES_LOADED,
            summary=gettext_noop("Bulgarian payroll rules loaded (%(count)s rows)"),
            params={"count": created},
            actor=actor,
        )
    return created
