import pytest

from backoffice import roles
from backoffice.selectors import organisation_get
from tests.hr import factories


@pytest.fixture
def org(db):
    organisation = organisation_get()
    organisation.working_week = [0, 1, 2, 3, 4]
    organisation.leave_year_start_month = 1
    organisation.save()
    return organisation


@pytest.fixture
def team(org, make_user):
    """HR, a manager with two reports (one with a report of her own), and an outsider."""
    dept = factories.department(code="OPS", name="Операции")
    other = factories.department(code="FIN", name="Финанси")
    users = {
        "hr": make_user(roles.HR, roles.STAFF, username="t-hr"),
        "manager": make_user(roles.MANAGER, roles.STAFF, username="t-manager"),
        "lead": make_user(roles.MANAGER, roles.STAFF, username="t-lead"),
        "staff": make_user(roles.STAFF, username="t-staff"),
        "deep": make_user(roles.STAFF, username="t-deep"),
        "outsider": make_user(roles.STAFF, username="t-outsider"),
        "finance": make_user(roles.FINANCE, roles.STAFF, username="t-finance"),
    }
    people = {
        "hr": factories.employee(
            user=users["hr"], dept=other, first_name="Христина", last_name="Иванова"
        )
    }
    people["manager"] = factories.employee(
        user=users["manager"], dept=dept, first_name="Мартин", last_name="Колев"
    )
    people["lead"] = factories.employee(
        user=users["lead"],
        dept=dept,
        manager=people["manager"],
        first_name="Лина",
        last_name="Тодорова",
    )
    people["staff"] = factories.employee(
        user=users["staff"],
        dept=dept,
        manager=people["manager"],
        first_name="Стефан",
        last_name="Ангелов",
    )
    people["deep"] = factories.employee(
        user=users["deep"],
        dept=dept,
        manager=people["lead"],
        first_name="Дора",
        last_name="Маркова",
    )
    people["outsider"] = factories.employee(
        user=users["outsider"], dept=other, first_name="Олег", last_name="Найденов"
    )
    people["finance"] = factories.employee(
        user=users["finance"], dept=other, first_name="Филип", last_name="Георгиев"
    )
    return {"users": users, "people": people, "dept": dept, "other": other}
