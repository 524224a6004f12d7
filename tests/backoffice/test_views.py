"""The platform's pages: what they show, what they change, and what bad input gets."""

from __future__ import annotations

import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from backoffice.models import AuditEvent, Job, Notification, Organisation
from backoffice.roles import ADMINISTRATOR, STAFF
from backoffice.selectors import organisation_get
from backoffice.services import audit_record, notification_send
from tests import samples

PNG = samples.png()  # re-encoding a Pillow PNG gives the same bytes


@pytest.fixture
def admin(make_user, client, login):
    user = make_user(ADMINISTRATOR, username="root")
    login(client, user)
    return user


def _org_form(**overrides):
    data = {
        "legal_name": "Acme EOOD",
        "address": "1 Main St, Sofia",
        "registration_number": "123456789",
        "vat_number": "BG123456789",
        "currency": "EUR",
        "country": "BG",
        "time_zone": "Europe/Sofia",
        "working_week": ["0", "1", "2", "3", "4"],
        "full_time_weekly_hours": "40",
        "leave_year_start_month": "1",
        "pay_period": "monthly",
    }
    data.update(overrides)
    return data


def test_organisation_settings_are_saved_and_audited(client, admin):
    response = client.post(
        reverse("backoffice:organisation-edit"),
        _org_form(working_week=["0", "1", "2", "3", "4", "5"]),
    )
    assert response.status_code == 302
    organisation = organisation_get()
    assert organisation.legal_name == "Acme EOOD"
    assert organisation.working_week == [0, 1, 2, 3, 4, 5]
    assert organisation.full_time_weekly_hours == Decimal("40.00")
    event = AuditEvent.objects.get(kind="organisation.updated")
    assert event.actor == admin
    assert organisation.history.count() >= 1


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("legal_name", "", "This field is required."),
        ("working_week", [], "Choose at least one working day."),
        ("full_time_weekly_hours", "120", "less than or equal to 80"),
        ("full_time_weekly_hours", "forty", "Enter a number."),
        ("time_zone", "Mars/Olympus", "Select a valid choice."),
        ("currency", "XXX", "Select a valid choice."),
    ],
)
def test_bad_organisation_input_is_shown_and_nothing_is_written(
    client, admin, field, value, message
):
    before = organisation_get().legal_name
    response = client.post(reverse("backoffice:organisation-edit"), _org_form(**{field: value}))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert organisation_get().legal_name == before
    assert not AuditEvent.objects.filter(kind="organisation.updated").exists()


def test_a_disguised_logo_is_refused(client, admin):
    fake = SimpleUploadedFile(
        "logo.png", b"MZ\x90\x00 this is an executable", content_type="image/png"
    )
    response = client.post(
        reverse("backoffice:organisation-edit"), {**_org_form(), "logo_upload": fake}
    )
    assert response.status_code == 200
    assert "content is not one of: PNG, JPEG" in response.content.decode()
    assert not organisation_get().logo


def test_an_oversized_logo_is_refused(client, admin):
    big = SimpleUploadedFile(
        "logo.png", PNG + b"\x00" * (3 * 1024 * 1024), content_type="image/png"
    )
    response = client.post(
        reverse("backoffice:organisation-edit"), {**_org_form(), "logo_upload": big}
    )
    assert "the limit is 2 MB" in response.content.decode()
    assert not organisation_get().logo


def test_a_logo_is_stored_privately_and_served_to_signed_in_people(client, admin, settings):
    upload = SimpleUploadedFile("logo.png", PNG, content_type="image/png")
    client.post(reverse("backoffice:organisation-edit"), {**_org_form(), "logo_upload": upload})
    organisation = organisation_get()
    assert organisation.logo.name.startswith("organisation/")
    assert organisation.logo.path.startswith(str(settings.MEDIA_ROOT))
    response = client.get(reverse("backoffice:organisation-logo"))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PNG
    client.logout()
    assert client.get(reverse("backoffice:organisation-logo")).status_code == 302


def test_audit_trail_filters_by_kind_actor_and_dates(client, admin):
    audit_record(kind="role.granted", summary="Role HR granted to x", actor=admin)
    old = audit_record(kind="role.granted", summary="an old grant", actor=admin)
    AuditEvent.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=40))
    today = timezone.localdate()
    response = client.get(
        reverse("backoffice:audit-list"),
        {
            "kind": "role.granted",
            "actor": "ROOT",
            "date_from": (today - timedelta(days=7)).isoformat(),
        },
    )
    page = response.context["page"]
    assert [e.summary for e in page.object_list] == ["Role HR granted to x"]


def test_audit_trail_refuses_an_inverted_date_range(client, admin):
    response = client.get(
        reverse("backoffice:audit-list"), {"date_from": "2026-05-10", "date_to": "2026-05-01"}
    )
    assert response.status_code == 200
    assert "The end date is before the start date." in response.content.decode()
    response = client.get(reverse("backoffice:audit-list"), {"date_from": "not a date"})
    assert response.status_code == 200
    assert "Enter a valid date." in response.content.decode()


def test_audit_trail_csv_export_has_what_is_filtered(client, admin):
    audit_record(kind="organisation.updated", summary="Settings changed: ÄÖ Иван", actor=admin)
    response = client.get(
        reverse("backoffice:audit-list"), {"kind": "organisation.updated", "export": "csv"}
    )
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    lines = text.strip().splitlines()
    assert lines[0].startswith("When,Kind,Summary")
    assert len(lines) == 2 and "Иван" in lines[1]


def test_audit_trail_xlsx_export_runs_as_a_job(client, admin, django_capture_on_commit_callbacks):
    audit_record(kind="organisation.updated", summary="first", actor=admin)
    audit_record(kind="role.granted", summary="second", actor=admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("backoffice:audit-export"), {"kind": "organisation.updated"})
    job = Job.objects.get(kind="backoffice.audit_export")
    assert response["Location"] == reverse("backoffice:job-detail", args=[job.uuid])
    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED
    sheet = load_workbook(io.BytesIO(job.result_file.read())).active
    rows = list(sheet.values)
    assert rows[0][:3] == ("When", "Kind", "Summary")
    assert [r[2] for r in rows[1:]] == ["first"]
    page = client.get(reverse("backoffice:job-detail", args=[job.uuid]))
    assert "Download audit-trail-" in page.content.decode()
    download = client.get(reverse("backoffice:job-download", args=[job.uuid]))
    assert download["Content-Disposition"].startswith('attachment; filename="audit-trail-')
    # The same export again is the same job.
    again = client.post(reverse("backoffice:audit-export"), {"kind": "organisation.updated"})
    assert again["Location"] == response["Location"]


def test_someone_elses_job_is_not_found(
    client, make_user, login, django_capture_on_commit_callbacks
):
    owner, other = make_user(STAFF), make_user(STAFF)
    job = Job.objects.create(kind="test.slow", requested_by=owner, idempotency_key="x")
    login(client, other)
    assert client.get(reverse("backoffice:job-detail", args=[job.uuid])).status_code == 404
    assert client.post(reverse("backoffice:job-cancel", args=[job.uuid])).status_code == 404
    job.refresh_from_db()
    assert job.status == Job.Status.QUEUED


def test_cancelling_my_job_from_its_page(client, make_user, login):
    owner = make_user(STAFF)
    job = Job.objects.create(kind="test.slow", requested_by=owner, idempotency_key="y")
    login(client, owner)
    response = client.post(reverse("backoffice:job-cancel", args=[job.uuid]), follow=True)
    assert "The job was cancelled." in response.content.decode()
    job.refresh_from_db()
    assert job.status == Job.Status.CANCELLED


def test_the_progress_fragment_polls_while_active_and_stops_when_done(client, make_user, login):
    owner = make_user(STAFF)
    job = Job.objects.create(
        kind="test.slow",
        requested_by=owner,
        idempotency_key="z",
        progress_total=4,
        progress_done=1,
        status=Job.Status.RUNNING,
    )
    login(client, owner)
    fragment = client.get(
        reverse("backoffice:job-detail", args=[job.uuid]), headers={"HX-Request": "true"}
    ).content.decode()
    assert "<html" not in fragment
    assert 'hx-trigger="every 1s"' in fragment and 'value="25"' in fragment
    Job.objects.filter(pk=job.pk).update(status=Job.Status.SUCCEEDED, progress_done=4)
    finished = client.get(
        reverse("backoffice:job-detail", args=[job.uuid]), headers={"HX-Request": "true"}
    )
    assert (
        finished["HX-Refresh"] == "true"
    )  # the page reloads once to show the result and drop Cancel
    page = client.get(reverse("backoffice:job-detail", args=[job.uuid])).content.decode()
    assert 'hx-trigger="every 1s"' not in page and "Cancel job" not in page


def test_language_switch_is_remembered_for_the_person(client, make_user, login):
    user = make_user(STAFF)
    login(client, user)
    response = client.post(reverse("set-language"), {"language": "bg", "next": "/jobs/"})
    assert response["Location"] == "/jobs/"
    user.refresh_from_db()
    assert user.language == "bg"
    assert client.get("/")["Content-Language"] == "bg"
    bad = client.post(reverse("set-language"), {"language": "xx", "next": "https://evil.example/"})
    assert bad["Location"] == "/"
    user.refresh_from_db()
    assert user.language == "bg"


def test_notifications_are_written_and_mailed_in_the_recipients_language(
    make_user, django_capture_on_commit_callbacks
):
    from django.utils.translation import gettext_lazy as _

    person = make_user(STAFF, language="bg")
    with django_capture_on_commit_callbacks(execute=True):
        notification_send(
            recipient=person, title=_("Notifications"), body=_("Home"), url="/jobs/", email=True
        )
    stored = Notification.objects.get(recipient=person)
    assert stored.title == "Известия"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "Известия"
    assert mail.outbox[0].to == [person.email]
    assert "/jobs/" in mail.outbox[0].body


def test_opening_a_notification_marks_it_read_and_follows_it(client, make_user, login):
    user = make_user(STAFF)
    note = notification_send(recipient=user, title="Job done", url="/jobs/")
    other = notification_send(recipient=make_user(STAFF), title="Not yours", url="/")
    login(client, user)
    assert client.get("/").context["unread_count"] == 1
    response = client.post(reverse("backoffice:notification-open", args=[note.pk]))
    assert response["Location"] == "/jobs/"
    note.refresh_from_db()
    assert note.read_at is not None
    assert client.post(reverse("backoffice:notification-open", args=[other.pk])).status_code == 404
    notification_send(recipient=user, title="Another")
    client.post(reverse("backoffice:notification-read-all"))
    assert not Notification.objects.filter(recipient=user, read_at__isnull=True).exists()
    other.refresh_from_db()
    assert other.read_at is None


def test_search_finds_pages_for_everyone_and_users_for_administrators(
    client, make_user, login, admin
):
    make_user(STAFF, username="zlatka")
    response = client.get(reverse("search"), {"q": "audit"}, headers={"HX-Request": "true"})
    assert "Audit trail" in response.content.decode()
    assert "zlatka" in client.get(reverse("search"), {"q": "zlat"}).content.decode()
    staff = make_user(STAFF)
    login(client, staff)
    assert "zlatka" not in client.get(reverse("search"), {"q": "zlat"}).content.decode()
    assert "Audit trail" not in client.get(reverse("search"), {"q": "audit"}).content.decode()
    assert (
        "Type at least two characters."
        in client.get(reverse("search"), {"q": "a"}).content.decode()
    )


def test_home_shows_who_i_am_my_roles_jobs_and_notifications(client, make_user, login):
    user = make_user(STAFF, first_name="Stoyan")
    Job.objects.create(kind="test.slow", requested_by=user, idempotency_key="home")
    notification_send(recipient=user, title="Welcome aboard")
    login(client, user)
    html = client.get("/").content.decode()
    assert "Good to see you, Stoyan" in html
    assert "Staff" in html and "Slow counting" in html and "Welcome aboard" in html
    assert "Sign-in activity" not in html  # the security widget is for Administrator


def test_the_sidebar_shows_only_what_the_role_may_open(client, make_user, login, admin):
    html = client.get("/").content.decode()
    assert reverse("backoffice:audit-list") in html and reverse("admin:index") in html
    login(client, make_user(STAFF))
    html = client.get("/").content.decode()
    assert reverse("backoffice:audit-list") not in html and reverse("admin:index") not in html


def test_a_page_number_past_the_end_shows_the_last_page(client, make_user, login):
    user = make_user(STAFF)
    login(client, user)
    for i in range(30):
        notification_send(recipient=user, title=f"n{i}")
    response = client.get(reverse("backoffice:notification-list"), {"page": "99"})
    assert response.status_code == 200
    assert response.context["page"].number == 2
    assert client.get(reverse("backoffice:notification-list"), {"page": "abc"}).status_code == 200


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_list_pages_use_a_fixed_number_of_queries(client, make_user, login, admin):
    def fill(n):
        for i in range(n):
            Job.objects.create(kind="test.slow", requested_by=admin, idempotency_key=f"q{n}-{i}")
            audit_record(kind="role.granted", summary=f"e{i}", actor=admin)
            notification_send(recipient=admin, title=f"n{i}")

    urls = [
        "/",
        reverse("backoffice:job-list"),
        reverse("backoffice:audit-list"),
        reverse("backoffice:notification-list"),
    ]
    for url in urls:  # the first request of a session writes the session and the organisation row
        client.get(url)
    fill(3)
    small = [_queries(client, url) for url in urls]
    fill(20)
    large = [_queries(client, url) for url in urls]
    assert small == large


def test_admin_is_branded_and_shows_roles(client, admin):
    html = client.get(reverse("admin:backoffice_user_changelist")).content.decode()
    assert "Back office administration" in html
    assert "Administrator" in html


def test_role_changes_are_recorded_with_who_made_them(client, admin, make_user):
    from django.contrib.auth.models import Group

    from backoffice.services import user_roles_set

    person = make_user(STAFF, username="petar")
    user_roles_set(user=person, roles=[STAFF, "HR"], actor=admin)
    grant = AuditEvent.objects.get(kind="role.granted", object_id=str(person.pk), data__role="HR")
    assert grant.actor == admin
    user_roles_set(user=person, roles=[STAFF], actor=admin)
    assert AuditEvent.objects.filter(kind="role.revoked", object_id=str(person.pk)).count() == 1
    assert set(person.groups.values_list("name", flat=True)) == {STAFF}
    with pytest.raises(ValueError, match="Unknown roles"):
        user_roles_set(user=person, roles=["Wizard"], actor=admin)
    assert Group.objects.filter(name="Wizard").count() == 0


def test_organisation_is_a_singleton(db):
    first = organisation_get()
    assert organisation_get().pk == first.pk == 1
    assert Organisation.objects.count() == 1


@pytest.mark.parametrize(
    ("language", "expected_money", "expected_date"),
    [("en", "€1,234.56", "28 Nov 2026"), ("bg", "1\u00a0234,56\u00a0€", "28.11.2026")],
)
def test_money_and_dates_in_the_pages_language(language, expected_money, expected_date):
    from datetime import date

    from django.template import Context, Template
    from django.utils import translation

    with translation.override(language):
        rendered = Template(
            '{% load backoffice %}{{ amount|money }}|{{ day|date:"SHORT_DATE_FORMAT" }}'
        ).render(Context({"amount": Decimal("1234.555"), "day": date(2026, 11, 28)}))
    assert rendered == f"{expected_money}|{expected_date}"


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "-€250.00|+€256.51|-1,234.00\u00a0лв."),
        ("bg", "-250,00\u00a0€|+256,51\u00a0€|-1\u00a0234,00\u00a0лв."),
    ],
)
def test_a_negative_amount_reads_with_its_sign_in_front(language, expected):
    from django.template import Context, Template
    from django.utils import translation

    with translation.override(language):
        rendered = Template(
            '{% load backoffice %}{{ loss|money }}|+{{ gain|money }}|{{ lev|money:"BGN" }}'
        ).render(
            Context({"loss": Decimal("-250"), "gain": Decimal("256.51"), "lev": Decimal("-1234")})
        )
    assert rendered == expected


def test_audit_summaries_read_in_the_readers_language(client, make_user, login):
    from backoffice.services import user_roles_set

    reader = make_user(ADMINISTRATOR, username="bg-admin", language="bg")
    person = make_user(STAFF, username="kiril")
    user_roles_set(user=person, roles=[STAFF, "HR"], actor=reader)
    event = AuditEvent.objects.get(kind="role.granted", object_id=str(person.pk), data__role="HR")
    assert event.summary == "Role HR granted to kiril"  # the record itself stays in English
    login(client, reader)
    html = client.get(reverse("backoffice:audit-list"), {"kind": "role.granted"}).content.decode()
    assert "Ролята HR е дадена на kiril" in html
