"""IT support's writes."""

from it_support.services.assets import (
    asset_acknowledge,
    asset_audit,
    asset_check_in,
    asset_check_out,
    licence_save,
    licences_remind,
    seat_assign,
    seat_free,
    seats_free_for_leaver,
)
from it_support.services.knowledge import article_save, article_vote
from it_support.services.mail import mail_ingest, mailbox_fetch
from it_support.services.reactions import joiner_tickets_open, leaver_tickets_open
from it_support.services.sla import sla_escalate, sla_refresh
from it_support.services.tickets import (
    BULK_ACTIONS,
    reply_allowed,
    ticket_assign,
    ticket_incident_update,
    ticket_link_asset,
    ticket_merge,
    ticket_open,
    ticket_rate,
    ticket_relate,
    ticket_reply,
    ticket_status_set,
    ticket_update,
    ticket_watch,
    tickets_bulk,
)

__all__ = [
    "BULK_ACTIONS",
    "article_save",
    "article_vote",
    "asset_acknowledge",
    "asset_audit",
    "asset_check_in",
    "asset_check_out",
    "joiner_tickets_open",
    "leaver_tickets_open",
    "licence_save",
    "licences_remind",
    "mail_ingest",
    "mailbox_fetch",
    "reply_allowed",
    "seat_assign",
    "seat_free",
    "seats_free_for_leaver",
    "sla_escalate",
    "sla_refresh",
    "ticket_assign",
    "ticket_incident_update",
    "ticket_link_asset",
    "ticket_merge",
    "ticket_open",
    "ticket_rate",
    "ticket_relate",
    "ticket_reply",
    "ticket_status_set",
    "ticket_update",
    "ticket_watch",
    "tickets_bulk",
]
