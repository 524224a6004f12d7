"""Partners: save one (identifiers and IBAN checked), import many from CSV or XLSX (all or none)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from backoffice.models import User
from backoffice.services import action_record
from finance.audit import FinanceAudit
from finance.domain.identifiers import eik_clean, iban_clean, vat_clean
from finance.models import Partner
from finance.services.chart import ChartImportError, RowError, read_rows

BAD_EIK = _("This EIK/BULSTAT is not valid (9 or 13 digits with a correct check digit).")
BAD_VAT = _("This VAT number is not valid (country code and number, e.g. BG123456789).")
BAD_IBAN = _("This IBAN is not valid.")
BAD_EMAIL = _("%(email)s is not an e-mail address.")
EIK_NEEDED = _("A company needs its EIK/BULSTAT (or mark the partner as a private individual).")
BAD_CURRENCY = _("A currency is three letters, e.g. EUR.")
BAD_COUNTRY = _("A country is two letters, e.g. BG.")
BAD_KIND = _("The kind must be customer, supplier or both.")
BAD_TERMS = _("Payment terms are whole days from 0 to 365.")
NAME_NEEDED = _("Give the partner's legal name.")
EIK_TAKEN = _("Another partner has this EIK/BULSTAT: %(name)s.")
EIK_TWICE = _("This EIK/BULSTAT is in the file twice.")

PARTNER_FIELDS = (
    "name",
    "kind",
    "registration_number",
    "vat_number",
    "is_individual",
    "country",
    "city",
    "postcode",
    "address",
    "contact_person",
    "emails",
    "phone",
    "payment_terms_days",
    "iban",
    "bic",
    "currency",
    "is_active",
)
IMPORT_REQUIRED = ("name",)


def partner_clean(data: dict[str, Any]) -> tuple[dict[str, Any], dict[str, list]]:
    """The partner's fields in canonical form, and the errors by field (nothing raised)."""
    out = dict(data)
    errors: dict[str, list] = {}

    def fail(field: str, message, **params: Any) -> None:
        errors.setdefault(field, []).append(ValidationError(message, params=params or None))

    out["name"] = (out.get("name") or "").strip()
    if not out["name"]:
        fail("name", NAME_NEEDED)
    country = (out.get("country") or "BG").strip().upper()
    if len(country) != 2 or not country.isalpha():
        fail("country", BAD_COUNTRY)
    out["country"] = country
    try:
        out["registration_number"] = eik_clean(
            out.get("registration_number") or "", country=country
        )
    except ValueError:
        fail("registration_number", BAD_EIK)
    try:
        out["vat_number"] = vat_clean(out.get("vat_number") or "")
    except ValueError:
        fail("vat_number", BAD_VAT)
    try:
        out["iban"] = iban_clean(out.get("iban") or "")
    except ValueError:
        fail("iban", BAD_IBAN)
    emails = [
        e.strip() for e in (out.get("emails") or "").replace(";", ",").split(",") if e.strip()
    ]
    for email in emails:
        try:
            validate_email(email)
        except ValidationError:
            fail("emails", BAD_EMAIL, email=email)
    out["emails"] = ", ".join(emails)
    currency = (out.get("currency") or "EUR").strip().upper()
    if len(currency) != 3 or not currency.isalpha():
        fail("currency", BAD_CURRENCY)
    out["currency"] = currency
    if (
        country == "BG"
        and not out.get("is_individual")
        and not out.get("registration_number")
        and "registration_number" not in errors
    ):
        fail("registration_number", EIK_NEEDED)
    return out, errors


@transaction.atomic
def partner_save(
    *, actor: User | None, data: dict[str, Any], partner: Partner | None = None
) -> Partner:
    """Create (``partner`` None) or change a customer or supplier; identifiers and the IBAN are
    checked and kept in canonical form. Refusals are ``ValidationError``s by field."""
    partner = partner or Partner()
    cleaned, errors = partner_clean({**{f: getattr(partner, f) for f in PARTNER_FIELDS}, **data})
    if errors:
        raise ValidationError(errors)
    for field, value in cleaned.items():
        setattr(partner, field, value)
    partner.fill_search_text()
    partner.full_clean()
    partner.save()
    action_record(
        kind=FinanceAudit.PARTNER_SAVED,
        summary=gettext_noop("Partner %(name)s saved"),
        params={"name": partner.name},
        actor=actor,
        target=partner,
    )
    return partner


_YES = {"1", "yes", "true", "y", "да"}


def _kind(value: str) -> str | None:
    folded = value.strip().casefold()
    if not folded:
        return Partner.Kind.BOTH
    aliases = {
        "customer": Partner.Kind.CUSTOMER,
        "клиент": Partner.Kind.CUSTOMER,
        "supplier": Partner.Kind.SUPPLIER,
        "доставчик": Partner.Kind.SUPPLIER,
        "both": Partner.Kind.BOTH,
    }
    return aliases.get(folded)


@transaction.atomic
def partners_import(*, actor: User | None, upload: File) -> int:
    """Add the file's partners, all or nothing; raises ``ChartImportError`` listing every row's
    problems. Columns: name (required), kind, registration_number, vat_number, is_individual,
    country, city, postcode, address, contact_person, emails, phone, payment_terms_days, iban,
    bic, currency."""
    rows = read_rows(upload, required=IMPORT_REQUIRED)
    existing = dict(
        Partner.objects.exclude(registration_number="").values_list("registration_number", "name")
    )
    errors: list[RowError] = []
    ready: list[Partner] = []
    seen: set[str] = set()
    for index, row in rows:
        data: dict[str, Any] = {f: row.get(f, "")[:500] for f in PARTNER_FIELDS if f in row}
        kind = _kind(row.get("kind", ""))
        if kind is None:
            errors.append(RowError(index, "kind", str(BAD_KIND)))
        data["kind"] = kind or Partner.Kind.BOTH
        data["is_individual"] = row.get("is_individual", "").casefold() in _YES
        data["is_active"] = True
        terms = row.get("payment_terms_days", "") or "14"
        if not terms.isdigit() or int(terms) > 365:
            errors.append(RowError(index, "payment_terms_days", str(BAD_TERMS)))
            terms = "14"
        data["payment_terms_days"] = int(terms)
        cleaned, field_errors = partner_clean(data)
        for field, messages in field_errors.items():
            for message in messages:
                errors.append(RowError(index, field, " ".join(message.messages)))
        eik = cleaned.get("registration_number", "")
        if eik and eik in existing:
            errors.append(
                RowError(index, "registration_number", str(EIK_TAKEN % {"name": existing[eik]}))
            )
        elif eik and eik in seen:
            errors.append(RowError(index, "registration_number", str(EIK_TWICE)))
        seen.add(eik) if eik else None
        for field, limit in (("name", 200), ("city", 100), ("address", 300), ("phone", 50)):
            cleaned[field] = (cleaned.get(field) or "")[:limit]
        partner = Partner(**cleaned)
        partner.fill_search_text()
        ready.append(partner)
    if errors:
        raise ChartImportError(errors)
    for partner in ready:
        partner.save()
    action_record(
        kind=FinanceAudit.PARTNERS_IMPORTED,
        summary=gettext_noop("%(count)s partners imported"),
        params={"count": len(ready)},
        actor=actor,
    )
    return len(ready)
