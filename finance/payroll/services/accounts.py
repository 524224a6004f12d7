"""The ledger accounts payroll posts to: each must be an account of the chart that takes
postings. Checked when the settings are saved, and again before a run is posted, so that a
refusal names what the account is for rather than the journal line's number."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from finance.interface import LineIn
from finance.payroll.models import PayrollSettings
from finance.selectors import postable_accounts

SETTINGS_ACCOUNTS = (
    "wages_account",
    "contributions_account",
    "net_pay_account",
    "tax_account",
    "deductions_account",
)
UNKNOWN_ACCOUNT = _("There is no account %(account)s in the chart of accounts that takes postings.")
SETTING_MISSING = _(
    "The %(what)s %(account)s is not in the chart of accounts or takes no postings; "
    "correct it in the payroll settings."
)
LINE_MISSING = _(
    "The account %(account)s of the line “%(what)s” is not in the chart of accounts or "
    "takes no postings."
)


def _postable(numbers: Iterable[str]) -> set[str]:
    wanted = {n for n in numbers if n}
    if not wanted:
        return set()
    return set(postable_accounts().filter(number__in=wanted).values_list("number", flat=True))


def settings_account_errors(values: Mapping[str, str]) -> dict[str, ValidationError]:
    """A field error for each settings account (field name -> number) the chart lacks."""
    known = _postable(values.values())
    errors: dict[str, ValidationError] = {}
    for name, number in values.items():
        if not number:
            errors[name] = ValidationError(_("This field is required."))
        elif number not in known:
            errors[name] = ValidationError(UNKNOWN_ACCOUNT, params={"account": number})
    return errors


def posting_accounts_check(lines: list[LineIn], settings: PayrollSettings) -> None:
    """Refuse a journal entry whose lines post to an account the chart lacks, naming what the
    account is for: a payroll setting by its label, any other by its line's text."""
    numbers = {str(line.account) for line in lines}
    missing = numbers - _postable(numbers)
    if not missing:
        return
    problems = []
    for line in lines:
        number = str(line.account)
        if number not in missing:
            continue
        missing.discard(number)
        setting = next(
            (name for name in SETTINGS_ACCOUNTS if getattr(settings, name) == number), None
        )
        if setting is not None:
            what = PayrollSettings._meta.get_field(setting).verbose_name
            problems.append(
                ValidationError(SETTING_MISSING, params={"what": what, "account": number})
            )
        else:
            problems.append(
                ValidationError(LINE_MISSING, params={"what": line.text, "account": number})
            )
    raise ValidationError(problems)
