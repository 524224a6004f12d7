"""Partners: the customers and suppliers invoices, bills, payments and ledger lines name.

One record may be both a customer and a supplier. Identifiers (EIK/BULSTAT, VAT number) and the
IBAN are checked by ``finance.domain.identifiers`` when saved through ``finance.services``.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

__all__ = ["Partner", "PartnerQuerySet"]


class PartnerQuerySet(models.QuerySet):
    def customers(self) -> PartnerQuerySet:
        return self.filter(kind__in=[Partner.Kind.CUSTOMER, Partner.Kind.BOTH])

    def suppliers(self) -> PartnerQuerySet:
        return self.filter(kind__in=[Partner.Kind.SUPPLIER, Partner.Kind.BOTH])

    def active(self) -> PartnerQuerySet:
        return self.filter(is_active=True)


class Partner(models.Model):
    """A customer or supplier (or both)."""

    class Kind(models.TextChoices):
        CUSTOMER = "customer", _("Customer")
        SUPPLIER = "supplier", _("Supplier")
        BOTH = "both", _("Customer and supplier")

    name = models.CharField(_("legal name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.BOTH)
    #: EIK/BULSTAT (9 or 13 digits) for a Bulgarian company, a registration number abroad.
    registration_number = models.CharField(_("EIK/BULSTAT"), max_length=20, blank=True)
    vat_number = models.CharField(_("VAT number"), max_length=20, blank=True)
    is_individual = models.BooleanField(
        _("private individual"),
        default=False,
        help_text=_("A person without a company registration; no EIK needed."),
    )
    country = models.CharField(_("country"), max_length=2, default="BG")
    city = models.CharField(_("city"), max_length=100, blank=True)
    postcode = models.CharField(_("postcode"), max_length=20, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    contact_person = models.CharField(_("contact person"), max_length=200, blank=True)
    #: Where invoices and statements go; several separated by commas.
    emails = models.CharField(
        _("contact e-mails"),
        max_length=500,
        blank=True,
        help_text=_("Invoices are sent here; separate several with commas."),
    )
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    payment_terms_days = models.PositiveSmallIntegerField(
        _("payment terms (days)"), default=14, help_text=_("Days from issue to the due date.")
    )
    iban = models.CharField(_("IBAN"), max_length=34, blank=True)
    bic = models.CharField(_("BIC"), max_length=11, blank=True)
    currency = models.CharField(_("currency"), max_length=3, default="EUR")
    is_active = models.BooleanField(_("active"), default=True)
    #: Casefolded name and identifiers, filled in Python (SQLite folds only ASCII).
    search_text = models.CharField(max_length=600, blank=True, editable=False, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True, null=True)

    history = HistoricalRecords(excluded_fields=["search_text"])
    objects = PartnerQuerySet.as_manager()

    class Meta:
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_customer(self) -> bool:
        return self.kind in (self.Kind.CUSTOMER, self.Kind.BOTH)

    @property
    def is_supplier(self) -> bool:
        return self.kind in (self.Kind.SUPPLIER, self.Kind.BOTH)

    @property
    def email_list(self) -> list[str]:
        return [e.strip() for e in self.emails.replace(";", ",").split(",") if e.strip()]

    @property
    def full_address(self) -> str:
        parts = [self.address, " ".join(p for p in (self.postcode, self.city) if p)]
        if self.country and self.country != "BG":
            parts.append(self.country)
        return ", ".join(p for p in parts if p)

    def fill_search_text(self) -> None:
        self.search_text = " ".join(
            [self.name, self.registration_number, self.vat_number, self.emails]
        ).casefold()[:600]
