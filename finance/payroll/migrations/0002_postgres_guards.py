"""PostgreSQL has the last word on payroll (DESIGN.md 5; SQLite relies on the services alone):

- rule rows of one key never overlap in time (exclusion constraints, like HR's contracts);
- a posted run, its payslips and their lines refuse UPDATE and DELETE, and a posted run takes
  no new payslip or line: a mistake is corrected in a later run, never by editing.
"""

from django.db import migrations

FORWARD = """
CREATE EXTENSION IF NOT EXISTS btree_gist;
ALTER TABLE payroll_contributionrate ADD CONSTRAINT payroll_contribution_no_overlap
    EXCLUDE USING gist (country WITH =, fund WITH =, variant WITH =,
                        daterange(valid_from, valid_to, '[]') WITH &&);
ALTER TABLE payroll_payrollrule ADD CONSTRAINT payroll_rule_no_overlap
    EXCLUDE USING gist (country WITH =, kind WITH =, daterange(valid_from, valid_to, '[]') WITH &&);
ALTER TABLE payroll_minimuminsurableincome ADD CONSTRAINT payroll_minimum_no_overlap
    EXCLUDE USING gist (country WITH =, activity WITH =, occupation WITH =,
                        daterange(valid_from, valid_to, '[]') WITH &&);

CREATE OR REPLACE FUNCTION payroll_refuse_posted_run() RETURNS trigger AS $$
BEGIN
    IF OLD.status = 'posted' THEN
        RAISE EXCEPTION 'payroll run % is posted: it cannot be changed or deleted', OLD.id
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER payroll_run_immutable
    BEFORE UPDATE OR DELETE ON payroll_payrollrun
    FOR EACH ROW EXECUTE FUNCTION payroll_refuse_posted_run();

CREATE OR REPLACE FUNCTION payroll_refuse_posted_payslip() RETURNS trigger AS $$
DECLARE
    rid bigint;
BEGIN
    IF TG_OP = 'INSERT' THEN
        rid := NEW.run_id;
    ELSE
        rid := OLD.run_id;
    END IF;
    IF EXISTS (SELECT 1 FROM payroll_payrollrun WHERE id = rid AND status = 'posted') THEN
        RAISE EXCEPTION 'payroll run % is posted: its payslips cannot be changed', rid
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER payroll_payslip_immutable
    BEFORE INSERT OR UPDATE OR DELETE ON payroll_payslip
    FOR EACH ROW EXECUTE FUNCTION payroll_refuse_posted_payslip();

CREATE OR REPLACE FUNCTION payroll_refuse_posted_line() RETURNS trigger AS $$
DECLARE
    pid bigint;
BEGIN
    IF TG_OP = 'INSERT' THEN
        pid := NEW.payslip_id;
    ELSE
        pid := OLD.payslip_id;
    END IF;
    IF EXISTS (
        SELECT 1 FROM payroll_payslip p JOIN payroll_payrollrun r ON r.id = p.run_id
        WHERE p.id = pid AND r.status = 'posted'
    ) THEN
        RAISE EXCEPTION 'payslip % belongs to a posted run: its lines cannot be changed', pid
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER payroll_payslipline_immutable
    BEFORE INSERT OR UPDATE OR DELETE ON payroll_payslipline
    FOR EACH ROW EXECUTE FUNCTION payroll_refuse_posted_line();
"""

BACKWARD = """
DROP TRIGGER IF EXISTS payroll_payslipline_immutable ON payroll_payslipline;
DROP FUNCTION IF EXISTS payroll_refuse_posted_line();
DROP TRIGGER IF EXISTS payroll_payslip_immutable ON payroll_payslip;
DROP FUNCTION IF EXISTS payroll_refuse_posted_payslip();
DROP TRIGGER IF EXISTS payroll_run_immutable ON payroll_payrollrun;
DROP FUNCTION IF EXISTS payroll_refuse_posted_run();
ALTER TABLE payroll_minimuminsurableincome DROP CONSTRAINT IF EXISTS payroll_minimum_no_overlap;
ALTER TABLE payroll_payrollrule DROP CONSTRAINT IF EXISTS payroll_rule_no_overlap;
ALTER TABLE payroll_contributionrate DROP CONSTRAINT IF EXISTS payroll_contribution_no_overlap;
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD, params=None)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD, params=None)


class Migration(migrations.Migration):
    dependencies = [("payroll", "0001_initial")]
    operations = [migrations.RunPython(forward, backward)]
