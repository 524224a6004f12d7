"""How payroll's figures and names read in the reader's language: the numbers inside a line's
explanation, the names of pay components and funds, rule values, and the manager's team
labelled as a team."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from backoffice import roles
from finance.payroll import selectors
from finance.payroll.models import PayComponent, PayrollRule, PayslipLine
from finance.payroll.models.rules import rule_number
from finance.payroll.models.runs import localized_number
from tests.payroll.core_support import MARCH, calculated, person

pytestmark = pytest.mark.django_db

NBSP = "\u00a0"


@pytest.fixture
def w(make_user):
    from tests.payroll.core_support import world

    return world(make_user)


@pytest.mark.parametrize(
    ("stored", "english", "bulgarian"),
    [
        ("5,150.00", "5,150.00", f"5{NBSP}150,00"),
        ("20.00", "20.00", "20,00"),
        ("9.2308", "9.2308", "9,2308"),
        ("-1,234,567.5", "-1,234,567.5", f"-1{NBSP}234{NBSP}567,5"),
        ("1500.00", "1,500.00", f"1{NBSP}500,00"),
        ("2", "2", "2"),
        ("2026-03", "2026-03", "2026-03"),
        ("2026", "2026", "2026"),
        (" (advance)", " (advance)", " (advance)"),
    ],
)
def test_a_stored_number_reads_the_languages_way_and_anything_else_stays(
    stored, english, bulgarian
):
    with translation.override("en"):
        assert localized_number(stored) == english
    with translation.override("bg"):
        assert localized_number(stored) == bulgarian


def test_an_explanation_localises_its_numbers_but_not_what_is_stored():
    params = {
        "days": "1.00",
        "daily": "1,234.5678",
        "source": "average daily pay of %(month)s",
        "source_params": {"month": "2026-02"},
        "amount": "1,234.57",
    }
    line = PayslipLine(
        label="Paid leave",
        explanation="Paid leave: %(days)s days x %(daily)s (%(source)s) = %(amount)s",
        explanation_params=dict(params),
    )

    with translation.override("en"):
        assert line.explanation_text == (
            "Paid leave: 1.00 days x 1,234.5678 (average daily pay of 2026-02) = 1,234.57"
        )
    with translation.override("bg"):
        text = line.explanation_text

    assert text.startswith(f"Платен отпуск: 1,00 дни x 1{NBSP}234,5678 (")
    assert "2026-02" in text
    assert text.endswith(f"= 1{NBSP}234,57")
    assert line.explanation_params == params


def test_a_company_components_line_reads_in_bulgarian_where_a_bulgarian_name_exists():
    PayComponent.objects.update_or_create(
        code="display_bonus",
        defaults={"name": "Festive bonus", "name_bg": "Празничен бонус", "method": "fixed"},
    )
    lines = [
        PayslipLine(
            label="Festive bonus",
            explanation="%(name)s: fixed amount %(amount)s%(note)s",
            explanation_params={"name": "Festive bonus", "amount": "1,000.00", "note": ""},
        ),
        PayslipLine(
            label="%(line)s, correction for %(start)s to %(end)s",
            label_params={"line": "Festive bonus", "start": "2026-02-01", "end": "2026-02-28"},
            explanation="%(name)s: fixed amount %(amount)s%(note)s",
            explanation_params={"name": "Festive bonus", "amount": "10.00", "note": ""},
        ),
        PayslipLine(label="Unknown thing", explanation="x"),
    ]
    names = lines[0]._names()
    for line in lines:
        line.component_names = names

    with translation.override("bg"), CaptureQueriesContext(connection) as queries:
        texts = [(line.label_text, line.explanation_text) for line in lines]
    with translation.override("en"):
        english = lines[0].label_text

    assert texts[0] == ("Празничен бонус", f"Празничен бонус: фиксирана сума 1{NBSP}000,00")
    assert texts[1][0].startswith("Празничен бонус")
    assert texts[2][0] == "Unknown thing"
    assert len(queries) == 1  # the names are read once for the lines of a page
    assert english == "Festive bonus"


def test_a_component_is_named_in_the_readers_language():
    component = PayComponent(code="x", name="Meal vouchers", name_bg="Ваучери за храна")
    untranslated = PayComponent(code="y", name="Gym")

    with translation.override("bg"):
        assert (str(component), component.label, untranslated.label) == (
            "Ваучери за храна",
            "Ваучери за храна",
            "Gym",
        )
    with translation.override("en"):
        assert str(component) == "Meal vouchers"


def test_rule_values_are_shown_without_stored_zeros_in_the_readers_language():
    with translation.override("bg"):
        shown = [
            rule_number(Decimal("2300.0000"), money=True),
            rule_number(Decimal("0.6000")),
            rule_number(Decimal("50.0000")),
            rule_number(Decimal("9.2308")),
        ]
        rule = PayrollRule(
            kind="max_insurable_income", value=Decimal("2300.0000"), valid_from=date(2026, 1, 1)
        )
        assert str(rule) == f"Максимален осигурителен доход (месечно) 2{NBSP}300,00 01.01.2026"
    with translation.override("en"):
        english = [rule_number(Decimal("2300.0000"), money=True), rule_number("0.6000")]

    assert shown == [f"2{NBSP}300,00", "0,60", "50", "9,2308"]
    assert english == ["2,300.00", "0.60"]


def test_the_funds_due_on_a_run_are_named_in_the_readers_language(w):
    person(w["sales"])
    run = calculated(w)

    with translation.override("bg"):
        labels = [row.label for row in selectors.run_fund_totals(run=run)]

    assert labels[0] == "Пенсии"
    assert labels[-1] == "Данък върху доходите"


def test_a_team_managers_figures_are_labelled_as_their_team(w, make_user):
    lead_user = make_user(roles.MANAGER)
    lead = person(w["ops"], "2000.00", user=lead_user)
    [person(w["ops"], "1000.00", manager=lead) for _n in range(3)]
    calculated(w)

    with translation.override("en"):
        totals = selectors.department_cost(viewer=lead_user, start=MARCH[0], end=MARCH[1])
        labels = [(t.label, t.headcount) for t in totals]

    assert labels == [(f"Your team in {w['ops'].name}", 3)]
    assert all(t.team for t in totals)
