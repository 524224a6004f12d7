"""PostgreSQL has the last word: an unbalanced entry cannot be committed, and posted rows refuse
UPDATE and DELETE, whether the ORM or raw SQL tries."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import DatabaseError, connection, transaction

from finance.models import JournalEntry, JournalLine, Period
from tests.finance.factories import D, account, books, sale

pytestmark = pytest.mark.postgres

DAY = date(2026, 3, 10)


@pytest.fixture
def world(db):
    return books(2026)


def _check_now(cursor) -> None:
    """Inside the test's transaction COMMIT never comes: ask for the deferred check at once."""
    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def test_raw_sql_cannot_insert_an_unbalanced_entry(world):
    period = Period.objects.get(start=date(2026, 3, 1))
    refused = pytest.raises(DatabaseError, match="does not balance")
    with refused, transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO finance_journalentry (date, period_id, kind, memo, source_type,"
            " source_id, source_label, source_url, total, posted_at)"
            " VALUES (%s, %s, 'manual', 'raw', '', '', '', '', 100, now()) RETURNING id",
            [DAY, period.pk],
        )
        entry_id = cursor.fetchone()[0]
        for account_id, debit, credit in (
            (account("503").pk, 100, 0),
            (account("101").pk, 0, 90),
        ):
            cursor.execute(
                "INSERT INTO finance_journalline (entry_id, date, account_id, debit, credit,"
                " text) VALUES (%s, %s, %s, %s, %s, '')",
                [entry_id, DAY, account_id, debit, credit],
            )
        _check_now(cursor)
    assert not JournalEntry.objects.filter(memo="raw").exists()


def test_the_orm_cannot_add_a_line_that_unbalances_a_posted_entry(world):
    entry = sale(DAY, "100.00", world)
    with pytest.raises(DatabaseError, match="does not balance"), transaction.atomic():
        JournalLine.objects.create(
            entry=entry, date=DAY, account=account("503"), debit=D("5.00"), credit=D("0")
        )
        with connection.cursor() as cursor:
            _check_now(cursor)
    assert entry.lines.count() == 3


def test_the_orm_cannot_create_an_entry_without_lines(world):
    with pytest.raises(DatabaseError, match="does not balance"), transaction.atomic():
        JournalEntry.objects.create(
            date=DAY, period=Period.objects.get(start=date(2026, 3, 1)), total=D("0")
        )
        with connection.cursor() as cursor:
            _check_now(cursor)


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE finance_journalline SET debit = debit + 1 WHERE entry_id = %s",
        "DELETE FROM finance_journalline WHERE entry_id = %s",
        "UPDATE finance_journalentry SET memo = 'changed' WHERE id = %s",
        "DELETE FROM finance_journalentry WHERE id = %s",
    ],
)
def test_raw_sql_cannot_change_or_delete_posted_rows(world, statement):
    entry = sale(DAY, "100.00", world)
    refused = pytest.raises(DatabaseError, match="cannot be changed or deleted")
    with refused, transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement, [entry.pk])
    entry.refresh_from_db()
    assert entry.memo == "Sale"
    assert entry.lines.get(account__number="411").debit == D("120.00")


def test_the_orm_cannot_change_or_delete_posted_rows(world):
    entry = sale(DAY, "100.00", world)
    line = entry.lines.get(account__number="411")
    attempts = [
        lambda: JournalLine.objects.filter(pk=line.pk).update(debit=D("1.00")),
        lambda: JournalEntry.objects.filter(pk=entry.pk).update(memo="changed"),
        lambda: JournalLine.objects.filter(pk=line.pk).delete(),
    ]
    for attempt in attempts:
        with (
            pytest.raises(DatabaseError, match="cannot be changed or deleted"),
            transaction.atomic(),
        ):
            attempt()
    line.refresh_from_db()
    assert line.debit == D("120.00")


@pytest.mark.django_db(transaction=True)
def test_a_real_commit_of_an_unbalanced_entry_is_refused():
    """No test transaction around this one: the deferred trigger runs at the real COMMIT."""
    from backoffice.roles import roles_sync

    roles_sync()
    world = books(2026)
    entry = sale(DAY, "100.00", world)
    with pytest.raises(DatabaseError, match="does not balance"), transaction.atomic():
        JournalLine.objects.create(
            entry=entry, date=DAY, account=account("503"), debit=D("1.00"), credit=D("0")
        )
    assert JournalLine.objects.filter(entry=entry).count() == 3
