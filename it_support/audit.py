"""IT support's audit kinds, declared once."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from backoffice.audit import AuditKind


class ItAudit(AuditKind):
    TICKET_OPENED = "it.ticket_opened", _("Ticket opened")
    TICKET_STATUS = "it.ticket_status", _("Ticket status changed")
    TICKET_ASSIGNED = "it.ticket_assigned", _("Ticket assigned")
    TICKET_MERGED = "it.ticket_merged", _("Tickets merged")
    TICKET_PRIORITY = "it.ticket_priority", _("Ticket priority changed")
    ASSET_CHECKED_OUT = "it.asset_checked_out", _("Asset checked out")
    ASSET_CHECKED_IN = "it.asset_checked_in", _("Asset checked in")
    SEAT_ASSIGNED = "it.seat_assigned", _("Licence seat assigned")
    SEAT_FREED = "it.seat_freed", _("Licence seat freed")
    LICENCE_CHANGED = "it.licence_changed", _("Licence changed")
    SLA_POLICY_CHANGED = "it.sla_policy_changed", _("SLA policy changed")
    HOURS_CHANGED = "it.hours_changed", _("Business hours changed")
    ACCESS_PROFILE_CHANGED = "it.access_profile_changed", _("Access profile changed")
    MAIL_CONVERTED = "it.mail_converted", _("Kept-aside mail turned into a ticket")
    MAIL_DISCARDED = "it.mail_discarded", _("Kept-aside mail discarded")
    ASSET_AUDITED = "it.asset_audited", _("Asset audited")
    TICKET_LINKS = "it.ticket_links", _("Ticket links changed")
