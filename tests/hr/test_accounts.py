"""A login follows its employee record: one name, and the Manager's pages for heads and managers."""

from __future__ import annotations

from datetime import date

import pytest

from backoffice import roles
from backoffice.models import AuditEvent
from backoffice.selectors import user_roles
from backoffice.translit import EXCEPTIONS, TABLE, to_latin
from hr.models import Employee
from hr.services.accounts import manager_roles_sync
from tests.hr import factories

pytestmark = pytest.mark.django_db


def test_the_transliteration_table_is_the_acts():
    """Transliteration Act 2009, art. 3: every letter of the Bulgarian alphabet, as the Act has it."""
    assert len(TABLE) == 30
    assert "".join(TABLE[c] for c in "жцчшщъьюя") == "zhtschshshtayyuya"
    assert to_latin("Стефан Ангелов") == "Stefan Angelov"
    assert to_latin("Юлия Щерева") == "Yulia Shtereva"  # word-final "ия" is "ia"
    assert to_latin("Цветелина Христова") == "Tsvetelina Hristova"
    assert to_latin("България") == "Bulgaria" and "българия" in EXCEPTIONS
    assert to_latin("ЖИВКО") == "ZHIVKO"
    assert to_latin("e1001@example.com") == "e1001@example.com"


def test_stefan_finds_стефан_and_back(org):
    stefan = factories.employee(first_name="Стефан", last_name="Ангелов")
    factories.employee(first_name="Мария", last_name="Петрова")
    assert list(Employee.objects.search("Stefan")) == [stefan]
    assert list(Employee.objects.search("stefan angelov")) == [stefan]
    assert list(Employee.objects.search("Стефан")) == [stefan]
    assert list(Employee.objects.search("АНГЕЛ")) == [stefan]
    assert list(Employee.objects.search("Stefan Petrova")) == []


def test_global_search_finds_a_cyrillic_name_typed_in_latin(org, make_user, login, client):
    factories.employee(first_name="Стефан", last_name="Ангелов")
    viewer = make_user(roles.STAFF)
    login(client, viewer)
    page = client.get("/search/", {"q": "Stefan"}).content.decode()
    assert "Стефан Ангелов" in page


def test_a_login_takes_the_name_of_its_employee_record(org, make_user):
    user = make_user(roles.STAFF, first_name="Stefan", last_name="Angelov")
    factories.employee(user=user, first_name="Стефан", last_name="Ангелов")
    user.refresh_from_db()
    assert user.display_name == "Стефан Ангелов"


def test_a_department_head_gets_the_managers_pages_audited(org, make_user):
    head_user = make_user(roles.OPERATIONS, roles.STAFF, username="olga")
    dept = factories.department(code="OPSX")
    head = factories.employee(user=head_user, dept=dept)
    dept.manager = head
    dept.save(update_fields=["manager"])

    assert manager_roles_sync() == 1
    assert roles.MANAGER in user_roles(user=head_user)
    event = AuditEvent.objects.get(
        kind="role.granted", object_id=str(head_user.pk), data__role=roles.MANAGER
    )
    assert event.data["automatic"] == "heads a department"
    assert manager_roles_sync() == 0  # nothing left to change

    dept.manager = None
    dept.save(update_fields=["manager"])
    assert manager_roles_sync() == 1
    assert roles.MANAGER not in user_roles(user=head_user)


def test_a_person_with_reports_gets_it_after_the_commit(
    org, make_user, django_capture_on_commit_callbacks
):
    boss_user = make_user(roles.STAFF)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        boss = factories.employee(user=boss_user)
        factories.employee(manager=boss)
    assert len(callbacks) == 1  # one sync for the whole transaction
    assert roles.MANAGER in user_roles(user=boss_user)


def test_a_manager_role_given_by_hand_is_never_taken_away(org, make_user):
    user = make_user(roles.MANAGER, roles.STAFF)
    factories.employee(user=user)
    assert manager_roles_sync() == 0
    assert roles.MANAGER in user_roles(user=user)


def test_ops_approves_her_peoples_leave(org, make_user, login, client):
    """The demo's situation: Operations heads her department and manages two people."""
    from hr.models import LeaveRequest

    ops_user = make_user(roles.OPERATIONS, roles.STAFF, username="ops-head")
    dept = factories.department(code="OPSY")
    ops = factories.employee(user=ops_user, dept=dept)
    dept.manager = ops
    dept.save(update_fields=["manager"])
    report = factories.employee(dept=dept, manager=ops, first_name="Петя", last_name="Николова")
    leave_type = factories.paid_leave()
    request = LeaveRequest.objects.create(
        employee=report,
        leave_type=leave_type,
        start_date=date(2030, 3, 4),
        end_date=date(2030, 3, 5),
        days=2,
    )
    login(client, ops_user)
    assert client.get("/hr/leave/approvals/").status_code in {403, 404}
    manager_roles_sync()
    ops_user = type(ops_user).objects.get(pk=ops_user.pk)  # a fresh permission cache
    login(client, ops_user)
    page = client.get(f"/hr/leave/{request.pk}/")
    assert page.status_code == 200
    response = client.post(f"/hr/leave/{request.pk}/approve/", {"comment": ""})
    assert response.status_code in {200, 302}
    request.refresh_from_db()
    assert request.status == LeaveRequest.Status.APPROVED
