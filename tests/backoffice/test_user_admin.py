"""Administrators manage logins on the product's own pages: invite, roles, close, reset two-factor,
and read what each role may see and do. Django's admin stays readable for power users."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import override_settings
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from backoffice import roles
from backoffice.models import AuditEvent, Notification, User
from backoffice.selectors import user_roles

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(make_user, client, login):
    user = make_user(roles.ADMINISTRATOR, username="root")
    login(client, user)
    return user


def test_an_administrator_invites_a_person_with_roles(
    client, admin, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("backoffice:user-invite"),
            {
                "first_name": "Стефан",
                "last_name": "Ангелов",
                "email": "stefan@example.com",
                "language": "bg",
                "roles": [roles.STAFF, roles.PLANNER],
            },
        )
    person = User.objects.get(email="stefan@example.com")
    assert response.status_code == 302
    assert response["Location"] == reverse("backoffice:user-detail", args=[person.pk])
    assert user_roles(user=person) == [roles.PLANNER, roles.STAFF]
    assert not person.has_usable_password()
    assert len(mail.outbox) == 1 and "/account/password/reset/" in mail.outbox[0].body
    assert AuditEvent.objects.filter(kind="user.invited", object_id=str(person.pk)).exists()


def test_a_bad_invitation_says_why_and_creates_nobody(client, admin, make_user):
    make_user(roles.STAFF, username="taken")  # e-mail taken@example.com
    before = User.objects.count()
    response = client.post(
        reverse("backoffice:user-invite"),
        {"first_name": "", "last_name": "X", "email": "taken@example.com", "roles": ["Nope"]},
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) >= {"first_name", "roles"}
    response = client.post(
        reverse("backoffice:user-invite"),
        {
            "first_name": "A",
            "last_name": "B",
            "email": "TAKEN@example.com",
            "language": "en",
            "roles": [roles.STAFF],
        },
    )
    assert "email" in response.context["form"].errors
    assert User.objects.count() == before


def test_roles_are_assigned_without_django_admin_and_audited(client, admin, make_user):
    person = make_user(roles.STAFF)
    response = client.post(
        reverse("backoffice:user-detail", args=[person.pk]), {"roles": [roles.MANAGER]}
    )
    assert response.status_code == 302
    assert user_roles(user=person) == [roles.MANAGER]
    kinds = set(
        AuditEvent.objects.filter(object_id=str(person.pk)).values_list("kind", "data__role")
    )
    assert ("role.granted", roles.MANAGER) in kinds and ("role.revoked", roles.STAFF) in kinds


def test_an_administrator_cannot_drop_their_own_administrator_role(client, admin):
    response = client.post(
        reverse("backoffice:user-detail", args=[admin.pk]), {"roles": [roles.STAFF]}
    )
    assert response.status_code == 200
    assert roles.ADMINISTRATOR in user_roles(user=admin)


def test_closing_a_login_and_resetting_two_factor(
    client, admin, make_user, django_capture_on_commit_callbacks
):
    person = make_user(roles.STAFF)
    TOTPDevice.objects.create(user=person, name="phone", confirmed=True)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("backoffice:user-otp-reset", args=[person.pk]))
    assert not TOTPDevice.objects.filter(user=person).exists()
    told = Notification.objects.get(recipient=person)
    assert told.kind == "account.otp_reset"
    assert mail.outbox[-1].to == [person.email]

    client.post(reverse("backoffice:user-deactivate", args=[person.pk]))
    person.refresh_from_db()
    assert not person.is_active
    client.post(reverse("backoffice:user-deactivate", args=[admin.pk]))
    admin.refresh_from_db()
    assert admin.is_active


def test_the_user_list_filters_and_does_not_grow_in_queries(
    client, admin, make_user, django_assert_max_num_queries
):
    for n in range(3):
        make_user(roles.STAFF, username=f"few{n}")
    with django_assert_max_num_queries(30) as few:
        client.get(reverse("backoffice:user-list"))
    for n in range(20):
        make_user(roles.PLANNER, roles.STAFF, username=f"many{n}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(reverse("backoffice:user-list"), {"role": roles.PLANNER})
    assert page.content.decode().count("many") >= 20


def test_the_role_table_shows_what_each_role_may_do(client, admin):
    page = client.get(reverse("backoffice:role-list")).content.decode()
    assert "What each role may see and do" in page
    assert "Can see everybody&#x27;s jobs" in page  # a custom permission by its own name
    assert "Timesheets" in page or "timesheets" in page


def test_people_without_the_role_get_403(client, make_user, login):
    login(client, make_user(roles.HR, roles.STAFF))
    assert client.get(reverse("backoffice:user-list")).status_code == 403
    assert client.get(reverse("backoffice:user-invite")).status_code == 403


def test_django_admin_reads_as_the_product(client, make_user, login):
    superuser = make_user(is_superuser=True, is_staff=True)
    login(client, superuser)
    index = client.get(reverse("admin:index")).content.decode()
    assert "Sign-in protection" in index and "AXES" not in index.upper().split("SIGN-IN")[0][-5:]
    assert "Two-factor: authenticator apps" in index
    change = client.get(reverse("admin:backoffice_user_change", args=[superuser.pk]))
    html = change.content.decode()
    assert "Staff status" not in html
    assert "Opens this admin without a role" in html
    assert 'name="last_login"' not in html  # read-only


@override_settings(DEBUG=True, DEBUG_PAGES=False)
def test_a_crash_in_development_shows_the_products_500_and_logs_the_traceback(rf, caplog):
    from backoffice.middleware import ProductErrorPagesMiddleware

    middleware = ProductErrorPagesMiddleware(lambda request: None)
    request = rf.get("/boom/")
    try:
        raise RuntimeError("kaboom")
    except RuntimeError as exc:
        response = middleware.process_exception(request, exc)
    assert response.status_code == 500
    assert b"kaboom" not in response.content
    assert any(record.exc_info and "kaboom" in str(record.exc_info[1]) for record in caplog.records)


@override_settings(DEBUG=True, DEBUG_PAGES=False)
def test_development_shows_the_products_404(make_user, login, caplog):
    from django.test import Client

    client = Client(raise_request_exception=False)
    login(client, make_user(roles.STAFF))
    missing = client.get("/no/such/page/")
    assert missing.status_code == 404
    assert b"This page does not exist" in missing.content
    assert b"URLconf" not in missing.content
    record = client.get(reverse("hr:employee-detail", args=[999999]))
    assert record.status_code == 404 and b"This page does not exist" in record.content
    assert any("Not found" in message for message in caplog.messages)
