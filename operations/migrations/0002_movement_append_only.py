"""PostgreSQL has the last word on the stock ledger (DESIGN.md 5): movements refuse UPDATE and
DELETE, so a mistake is corrected by a new movement (an adjustment), never by editing history.

SQLite has no such trigger: there the services' own rules stand alone.
"""

from django.db import migrations

FORWARD = """
CREATE OR REPLACE FUNCTION operations_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '% rows are the stock ledger: they cannot be changed or deleted; post an adjustment',
        TG_TABLE_NAME
        USING ERRCODE = 'integrity_constraint_violation';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER operations_movement_immutable
    BEFORE UPDATE OR DELETE ON operations_movement
    FOR EACH ROW EXECUTE FUNCTION operations_refuse_change();
"""

BACKWARD = """
DROP TRIGGER IF EXISTS operations_movement_immutable ON operations_movement;
DROP FUNCTION IF EXISTS operations_refuse_change();
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD, params=None)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD, params=None)


class Migration(migrations.Migration):
    dependencies = [("operations", "0001_stock_purchasing_counts_tasks")]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
