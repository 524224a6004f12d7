"""The demo data: three queues with the ``it`` user among the agents, tickets in every state with
the SLA met and breached, articles, deployed assets, licences and an open incident; and the
GET pages of the demo answer."""

from __future__ import annotations

from django.urls import reverse

from backoffice import roles
from it_support.demo import seed_it_support
from it_support.models import Asset, Licence, Queue, Status, Ticket
from tests.hr import factories as hr_factories


def test_the_demo_seed(db, make_user, client, login):
    it = make_user(roles.IT, roles.STAFF, username="it")
    staff = make_user(roles.STAFF, username="staff")
    dept = hr_factories.department()
    for n in range(6):
        hr_factories.employee(dept=dept, first_name=f"Демо{n}")
    hr_factories.employee(user=staff, dept=dept)
    seed_it_support()
    seed_it_support()  # a second run adds nothing
    assert set(Queue.objects.values_list("code", flat=True)) == {"helpdesk", "access", "hardware"}
    assert all(it in q.agents.all() for q in Queue.objects.all())
    assert Ticket.objects.count() == 301
    assert set(Ticket.objects.values_list("status", flat=True)) == set(Status.values)
    assert Ticket.objects.filter(sla_met=True).exists()
    assert Ticket.objects.filter(sla_met=False).exists()
    incident = Ticket.objects.get(kind=Ticket.Kind.SECURITY)
    assert incident.personal_data_breach and incident.breach_report_due_at is not None
    assert Asset.objects.filter(status="deployed").count() == 7
    assert Licence.objects.count() == 3
    login(client, it)
    for name in ("ticket-list", "it-dashboard", "sla-report", "asset-list", "licence-list"):
        assert client.get(reverse(f"it_support:{name}")).status_code == 200
    assert client.get(reverse("it_support:ticket-detail", args=[incident.pk])).status_code == 200
    login(client, staff)
    assert client.get(reverse("it_support:ticket-mine")).status_code == 200
    assert client.get(reverse("it_support:asset-mine")).status_code == 200
