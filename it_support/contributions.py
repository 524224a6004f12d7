"""What IT support contributes to the platform's registry, as data: pages, widgets, audit kinds,
role grants, the panel on a person's record, periodic tasks, demo data and benchmarks."""

from __future__ import annotations

import os

from django.utils.translation import gettext_lazy as _

from backoffice import roles
from backoffice.registry import (
    AllModels,
    BenchJob,
    BenchPage,
    Contributions,
    NavEntry,
    NavSection,
    PersonalDataProvider,
    PersonPanel,
    Widget,
)
from hr.permissions import manages_team
from it_support import demo, widgets
from it_support.audit import ItAudit
from it_support.panels import person_it, person_it_visible
from it_support.permissions import AGENT, MANAGE_ASSETS, MANAGE_LICENCES, MANAGE_SETTINGS
from it_support.personal_data import personal_data


def _is_employee(user) -> bool:
    return hasattr(user, "employee")


def _manager(user) -> bool:
    return manages_team(user)


def _bench_ticket() -> str:
    from it_support.models import Ticket

    ticket = Ticket.objects.order_by("-pk").first()
    return f"/it/tickets/{ticket.pk}/" if ticket else "/it/tickets/"


S = "it_support"

PERIODIC = {
    "it_support: SLA escalation": {
        "task": "it_support.sla_escalate_task",
        "every_seconds": 300,
    },
    "it_support: licence renewal reminders": {
        "task": "it_support.licences_remind_task",
        "crontab": {"minute": "30", "hour": "7"},
    },
}
if os.environ.get("IMAP_URL"):
    PERIODIC["it_support: fetch the helpdesk mailbox"] = {
        "task": "it_support.mailbox_fetch_task",
        "every_seconds": 120,
    }

CONTRIBUTIONS = Contributions(
    app="it_support",
    urls=("it/", "it_support.urls"),
    sections=(NavSection(S, _("IT support"), "headset", order=50),),
    nav=(
        NavEntry(S, _("My IT tickets"), "it_support:ticket-mine", "message-question", None, 0),
        NavEntry(S, _("Knowledge base"), "it_support:article-list", "book", None, 5),
        NavEntry(
            S, _("My equipment"), "it_support:asset-mine", "device-laptop", None, 6, _is_employee
        ),
        NavEntry(S, _("Team tickets"), "it_support:ticket-team", "users", None, 8, _manager),
        NavEntry(S, _("Tickets"), "it_support:ticket-list", "ticket", AGENT, 10),
        NavEntry(S, _("IT dashboard"), "it_support:it-dashboard", "chart-bar", AGENT, 20),
        NavEntry(S, _("SLA report"), "it_support:sla-report", "clock-check", AGENT, 25),
        NavEntry(S, _("Assets"), "it_support:asset-list", "devices", MANAGE_ASSETS, 30),
        NavEntry(S, _("Licences"), "it_support:licence-list", "license", MANAGE_LICENCES, 40),
        NavEntry(
            S, _("Asset audit"), "it_support:asset-audit-list", "checklist", MANAGE_ASSETS, 35
        ),
        NavEntry(
            S, _("IT settings"), "it_support:sla-policy-list", "settings", MANAGE_SETTINGS, 50
        ),
    ),
    widgets=(
        Widget(
            "it-agent-queue",
            "it_support/widgets/agent_queue.html",
            widgets.agent_queue,
            permission=AGENT,
            order=12,
            width="col-12 col-lg-4",
        ),
        Widget(
            "it-my-tickets",
            "it_support/widgets/my_tickets.html",
            widgets.my_tickets,
            order=14,
            width="col-12 col-lg-4",
        ),
    ),
    periodic_tasks=PERIODIC,
    audit_kinds=ItAudit,
    grants={
        roles.IT: (AllModels("it_support"),),
        roles.ADMINISTRATOR: (AllModels("it_support"),),
    },
    personal_data=(PersonalDataProvider("it_support", _("IT support"), personal_data),),
    person_panels=(
        PersonPanel(
            "it_support",
            _("IT: tickets and equipment"),
            "it_support/panels/person_it.html",
            person_it,
            person_it_visible,
            icon="device-laptop",
            order=40,
        ),
    ),
    seed_steps=((40, demo.seed_it_support),),
    bench_fill_steps=((40, demo.bench_tickets),),
    bench_pages=(
        BenchPage("it: agent ticket list", lambda: "/it/tickets/?state=open", "it"),
        BenchPage(
            "it: list filtered + SLA", lambda: "/it/tickets/?state=all&queue=mine&sort=due", "it"
        ),
        BenchPage("it: a ticket", _bench_ticket, "it"),
        BenchPage("it: staff portal", lambda: "/it/my/", "staff"),
        BenchPage("it: dashboard", lambda: "/it/", "it"),
    ),
    bench_jobs=(BenchJob("it: SLA escalation pass over the open tickets", demo.bench_escalation),),
)
