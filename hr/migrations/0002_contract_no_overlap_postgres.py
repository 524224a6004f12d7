"""On PostgreSQL the database itself refuses overlapping contracts of one person (an exclusion
constraint); on SQLite the rule lives in hr.services.contracts only (TRAPS.md)."""

from django.db import migrations

CREATE = """
CREATE EXTENSION IF NOT EXISTS btree_gist;
ALTER TABLE hr_employmentcontract ADD CONSTRAINT contract_no_overlap
    EXCLUDE USING gist (employee_id WITH =, daterange(start, "end", '[]') WITH &&);
"""
DROP = "ALTER TABLE hr_employmentcontract DROP CONSTRAINT IF EXISTS contract_no_overlap;"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("hr", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
