"""A person's documents by kind: who sees which, on every page that lists, serves or mentions them."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from backoffice.models import AuditEvent
from hr.models import EmployeeDocument, LeaveRequest
from hr.policies import DOCUMENT_SCOPE, DocumentScope
from hr.selectors import document_list, documents_for
from hr.services import document_delete, document_upload
from tests import samples
from tests.hr import factories

KINDS = ["medical", "identity", "contract", "certificate", "other"]
TITLES = {kind: f"Doc-{kind}-7f3a" for kind in KINDS}
# Who, in the ``team`` fixture, sees which kinds of Stefan's (staff) documents.
SEES = {
    "hr": set(KINDS),
    "staff": set(KINDS),  # the person themself
    "manager": {"certificate"},  # Stefan's manager
    "lead": set(),  # a manager, not Stefan's
    "finance": set(),  # pay permission, no documents
    "outsider": set(),  # another member of staff
}


def _upload(team, kind: str, *, employee=None, expires_on=None) -> EmployeeDocument:
    return document_upload(
        actor=team["users"]["hr"],
        employee=employee or team["people"]["staff"],
        kind=kind,
        title=TITLES[kind],
        upload=SimpleUploadedFile(f"{kind}.pdf", samples.pdf(kind)),
        expires_on=expires_on,
    )


@pytest.fixture
def documents(team):
    return {kind: _upload(team, kind) for kind in KINDS}


def test_every_kind_of_document_has_a_scope():
    assert set(DOCUMENT_SCOPE) == set(EmployeeDocument.Kind.values)
    assert DOCUMENT_SCOPE["medical"] == DocumentScope.HEALTH
    assert DOCUMENT_SCOPE["identity"] == DocumentScope.IDENTITY
    assert DOCUMENT_SCOPE["certificate"] == DocumentScope.WORK


@pytest.mark.parametrize("viewer", sorted(SEES))
def test_the_selectors_apply_one_rule_per_kind(team, documents, viewer):
    user = team["users"][viewer]
    staff = team["people"]["staff"]
    listed = set(documents_for(viewer=user, employee=staff).values_list("kind", flat=True))
    assert listed == SEES[viewer]
    assert set(document_list(viewer=user).values_list("kind", flat=True)) == SEES[viewer]


def test_finance_pay_permission_shows_no_document_but_its_own(team, documents):
    finance = team["users"]["finance"]
    assert finance.has_perm("hr.view_pay")
    own = _upload(team, "medical", employee=team["people"]["finance"])
    assert list(document_list(viewer=finance)) == [own]


def test_a_manager_sees_certificates_down_the_whole_chain(team):
    deep = _upload(team, "certificate", employee=team["people"]["deep"])
    _upload(team, "medical", employee=team["people"]["deep"])
    for manager in ("manager", "lead"):
        assert list(document_list(viewer=team["users"][manager])) == [deep]


@pytest.mark.parametrize("viewer", sorted(SEES))
def test_downloads_and_lists_answer_by_kind(team, documents, viewer, client, login):
    login(client, team["users"][viewer])
    staff = team["people"]["staff"]
    record = client.get(reverse("hr:employee-detail", args=[staff.pk]) + "?tab=documents")
    html = record.content.decode()
    for kind, document in documents.items():
        download = client.get(reverse("hr:document-download", args=[document.pk]))
        if kind in SEES[viewer]:
            assert download.status_code == 200, kind
            assert b"".join(download.streaming_content) == samples.pdf(kind)
            assert TITLES[kind] in html
        else:
            assert download.status_code == 404, kind
            assert TITLES[kind] not in html, kind


def test_the_person_sees_all_their_documents_on_their_profile(team, documents, client, login):
    login(client, team["users"]["staff"])
    html = client.get(reverse("hr:profile-mine")).content.decode()
    assert all(title in html for title in TITLES.values())


@pytest.mark.parametrize("viewer", ["manager", "finance"])
def test_no_tab_of_the_record_mentions_a_private_document(team, documents, viewer, client, login):
    login(client, team["users"][viewer])
    url = reverse("hr:employee-detail", args=[team["people"]["staff"].pk])
    for tab in ("profile", "contracts", "leave", "documents", "history"):
        response = client.get(f"{url}?tab={tab}")
        assert response.status_code == 200
        html = response.content.decode()
        for kind in ("medical", "identity", "contract", "other"):
            assert TITLES[kind] not in html, (tab, kind)


def test_the_history_shows_a_document_event_only_where_the_document_shows(
    team, documents, client, login
):
    staff = team["people"]["staff"]
    document_delete(actor=team["users"]["hr"], document=documents["certificate"])
    url = reverse("hr:employee-detail", args=[staff.pk]) + "?tab=history"
    login(client, team["users"]["manager"])
    html = client.get(url).content.decode()
    assert "Document Doc-certificate-7f3a added for Стефан Ангелов" in html
    assert "Document Doc-certificate-7f3a removed for Стефан Ангелов" in html
    assert "A private document was added" not in html
    login(client, team["users"]["staff"])
    html = client.get(url).content.decode()
    assert html.count("A private document was added for Стефан Ангелов") == 4


def test_the_audit_trail_keeps_private_titles_out(team, documents):
    summaries = list(
        AuditEvent.objects.filter(kind="hr.document_uploaded")
        .order_by("id")
        .values_list("summary", "data__kind")
    )
    assert summaries == [
        ("A private document was added for Стефан Ангелов", "medical"),
        ("A private document was added for Стефан Ангелов", "identity"),
        ("A private document was added for Стефан Ангелов", "contract"),
        ("Document Doc-certificate-7f3a added for Стефан Ангелов", "certificate"),
        ("A private document was added for Стефан Ангелов", "other"),
    ]


def test_older_document_events_without_a_kind_show_only_to_hr_and_the_person(team, client, login):
    staff = team["people"]["staff"]
    AuditEvent.objects.create(
        kind="hr.document_uploaded",
        summary="Document Sick note 7f3a added for Стефан Ангелов",
        data={"employee": staff.pk},
    )
    url = reverse("hr:employee-detail", args=[staff.pk]) + "?tab=history"
    for viewer, shown in (("manager", False), ("finance", False), ("staff", True), ("hr", True)):
        login(client, team["users"][viewer])
        assert ("Sick note 7f3a" in client.get(url).content.decode()) is shown, viewer


def test_the_approver_learns_a_sick_note_arrived_but_not_what_it_says(team, client, login):
    sick = factories.paid_leave(
        code="SICK", counts_against_allowance=False, document_required_after_days=1
    )
    start = timezone.localdate() + timedelta(days=10)
    note = _upload(team, "medical")
    leave = LeaveRequest.objects.create(
        employee=team["people"]["staff"],
        leave_type=sick,
        start_date=start,
        end_date=start + timedelta(days=3),
        days=4,
        document=note,
    )
    url = reverse("hr:leave-detail", args=[leave.pk])
    download = reverse("hr:document-download", args=[note.pk])
    login(client, team["users"]["manager"])
    html = client.get(url).content.decode()
    assert "The supporting document has arrived" in html
    assert TITLES["medical"] not in html and download not in html
    for viewer in ("staff", "hr"):
        login(client, team["users"][viewer])
        html = client.get(url).content.decode()
        assert TITLES["medical"] in html and download in html


def test_the_dashboard_lists_expiring_documents_by_the_same_rule(team, client, login):
    soon = timezone.localdate() + timedelta(days=10)
    _upload(team, "identity", expires_on=soon)
    _upload(team, "certificate", expires_on=soon)
    login(client, team["users"]["manager"])
    html = client.get(reverse("hr:workforce-dashboard")).content.decode()
    assert TITLES["certificate"] in html and TITLES["identity"] not in html
    login(client, team["users"]["hr"])
    html = client.get(reverse("hr:workforce-dashboard")).content.decode()
    assert TITLES["certificate"] in html and TITLES["identity"] in html


@pytest.mark.parametrize("viewer", ["manager", "finance", "outsider"])
def test_global_search_finds_no_private_document(team, documents, viewer, client, login):
    login(client, team["users"][viewer])
    for query in ("Doc-", "7f3a", "Ангелов"):  # the query itself is echoed on the page
        response = client.get(reverse("search"), {"q": query})
        assert response.status_code == 200
        html = response.content.decode()
        assert "Doc-medical" not in html and "Doc-identity" not in html
