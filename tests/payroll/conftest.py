"""Payroll's tests start from the Bulgarian preset: the data migration loads it, but tests on
``transactional_db`` flush every table, so it is loaded again (idempotently) before each test."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _payroll_preset(db):
    from finance.payroll.services import payroll_rules_load_preset

    payroll_rules_load_preset()
