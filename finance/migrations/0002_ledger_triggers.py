"""PostgreSQL has the last word on the books (DESIGN.md 5).

- A deferred constraint trigger checks, at COMMIT, that every journal entry inserted in the
  transaction has at least two lines, that its debits equal its credits and that they equal the
  entry's total; a line added later to an old entry is checked the same way.
- Posted entries and lines refuse UPDATE and DELETE: a mistake is corrected by a reversal.

SQLite has no such triggers: there the posting service's own checks stand alone (README).
"""

from django.db import migrations

FORWARD = """
CREATE OR REPLACE FUNCTION finance_check_entry_balanced() RETURNS trigger AS $$
DECLARE
    eid bigint;
    expected numeric;
    debits numeric;
    credits numeric;
    lines integer;
BEGIN
    IF TG_TABLE_NAME = 'finance_journalentry' THEN
        eid := NEW.id;
    ELSE
        eid := NEW.entry_id;
    END IF;
    SELECT total INTO expected FROM finance_journalentry WHERE id = eid;
    SELECT coalesce(sum(debit), 0), coalesce(sum(credit), 0), count(*)
        INTO debits, credits, lines
        FROM finance_journalline WHERE entry_id = eid;
    IF lines < 2 OR debits <> credits OR debits <> expected THEN
        RAISE EXCEPTION
            'journal entry % does not balance: debits %, credits %, total %, % lines',
            eid, debits, credits, expected, lines
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE CONSTRAINT TRIGGER finance_journalline_balanced
    AFTER INSERT ON finance_journalline
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION finance_check_entry_balanced();

CREATE CONSTRAINT TRIGGER finance_journalentry_balanced
    AFTER INSERT ON finance_journalentry
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION finance_check_entry_balanced();

CREATE OR REPLACE FUNCTION finance_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '% rows are posted: they cannot be changed or deleted; post a reversal',
        TG_TABLE_NAME
        USING ERRCODE = 'integrity_constraint_violation';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER finance_journalline_immutable
    BEFORE UPDATE OR DELETE ON finance_journalline
    FOR EACH ROW EXECUTE FUNCTION finance_refuse_change();

CREATE TRIGGER finance_journalentry_immutable
    BEFORE UPDATE OR DELETE ON finance_journalentry
    FOR EACH ROW EXECUTE FUNCTION finance_refuse_change();
"""

BACKWARD = """
DROP TRIGGER IF EXISTS finance_journalentry_immutable ON finance_journalentry;
DROP TRIGGER IF EXISTS finance_journalline_immutable ON finance_journalline;
DROP FUNCTION IF EXISTS finance_refuse_change();
DROP TRIGGER IF EXISTS finance_journalentry_balanced ON finance_journalentry;
DROP TRIGGER IF EXISTS finance_journalline_balanced ON finance_journalline;
DROP FUNCTION IF EXISTS finance_check_entry_balanced();
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD, params=None)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD, params=None)


class Migration(migrations.Migration):
    dependencies = [("finance", "0001_chart_books_budgets")]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
