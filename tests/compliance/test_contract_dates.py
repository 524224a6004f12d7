"""Renewal and notice arithmetic: always from the current term."""

from __future__ import annotations

from datetime import date

from compliance.domain.contracts import (
    add_months,
    deadlines,
    months_before,
    notice_deadline,
    notice_exceeds_term,
    risk_level,
    term_on,
)


def test_a_fixed_contract_keeps_its_only_term_after_it_ends():
    term = term_on(
        start=date(2025, 1, 1),
        end=date(2025, 12, 31),
        auto_renew=False,
        renewal_months=None,
        today=date(2026, 6, 1),
    )
    assert (term.start, term.end, term.number) == (date(2025, 1, 1), date(2025, 12, 31), 0)


def test_tacit_renewal_moves_to_the_next_term_the_day_after_the_first_ends():
    kwargs = dict(
        start=date(2025, 1, 1), end=date(2025, 12, 31), auto_renew=True, renewal_months=12
    )
    assert term_on(**kwargs, today=date(2025, 12, 31)).number == 0
    renewed = term_on(**kwargs, today=date(2026, 1, 1))
    assert (renewed.start, renewed.end, renewed.number) == (date(2026, 1, 1), date(2026, 12, 31), 1)
    assert renewed.next_renewal == date(2027, 1, 1)


def test_several_renewals_count_from_the_first_renewal_and_never_drift():
    kwargs = dict(start=date(2022, 1, 31), end=date(2022, 4, 30), auto_renew=True, renewal_months=3)
    # Terms: 1 May-31 Jul 2022, 1 Aug-31 Oct, ... the 17th: 1 May 2026 - 31 Jul 2026.
    term = term_on(**kwargs, today=date(2026, 6, 15))
    assert (term.start, term.end, term.number) == (date(2026, 5, 1), date(2026, 7, 31), 17)
    assert term_on(**kwargs, today=date(2026, 7, 31)).number == 17
    assert term_on(**kwargs, today=date(2026, 8, 1)).number == 18


def test_the_notice_deadline_is_taken_from_the_current_term_not_the_first():
    found = deadlines(
        start=date(2024, 3, 1),
        end=date(2025, 2, 28),
        auto_renew=True,
        renewal_months=12,
        notice_value=2,
        notice_unit="months",
        lead_days=30,
        today=date(2026, 11, 20),
    )
    assert found.term.end == date(2027, 2, 28)
    assert found.notice_by == date(2026, 12, 31)
    assert found.remind_from == date(2026, 12, 1)


def test_a_notice_period_in_months_at_month_end_ends_at_the_earlier_month_end():
    assert notice_deadline(term_end=date(2026, 6, 30), value=1, unit="months") == date(2026, 5, 31)
    assert notice_deadline(term_end=date(2026, 2, 28), value=1, unit="months") == date(2026, 1, 31)
    assert notice_deadline(term_end=date(2026, 3, 31), value=1, unit="months") == date(2026, 2, 28)
    assert notice_deadline(term_end=date(2026, 3, 15), value=1, unit="months") == date(2026, 2, 15)
    assert notice_deadline(term_end=date(2026, 3, 15), value=30, unit="days") == date(2026, 2, 13)
    assert notice_deadline(term_end=None, value=30, unit="days") is None


def test_month_arithmetic_clamps_to_the_month_end():
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert add_months(date(2026, 1, 15), -2) == date(2025, 11, 15)
    assert months_before(date(2024, 2, 29), 12) == date(2023, 2, 28)


def test_a_notice_period_longer_than_the_term_is_detected():
    assert notice_exceeds_term(
        start=date(2026, 1, 1), end=date(2026, 3, 31), value=6, unit="months"
    )
    assert not notice_exceeds_term(
        start=date(2026, 1, 1), end=date(2026, 12, 31), value=3, unit="months"
    )


def test_risk_levels():
    assert [risk_level(n) for n in (1, 4, 5, 9, 10, 16, 20, 25)] == [
        "low",
        "low",
        "medium",
        "medium",
        "high",
        "high",
        "critical",
        "critical",
    ]
