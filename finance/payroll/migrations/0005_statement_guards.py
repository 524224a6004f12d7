"""The guards of posted payslips and lines (0002) checked once per statement instead of once
per row: a chunk of a calculation writes thousands of lines in one statement, and a row trigger
looked the run up for every one of them. Same rule: nothing of a posted run is inserted,
changed or deleted."""

from django.db import migrations

FORWARD = """
DROP TRIGGER IF EXISTS payroll_payslipline_immutable ON payroll_payslipline;
DROP FUNCTION IF EXISTS payroll_refuse_posted_line();
DROP TRIGGER IF EXISTS payroll_payslip_immutable ON payroll_payslip;
DROP FUNCTION IF EXISTS payroll_refuse_posted_payslip();

CREATE OR REPLACE FUNCTION payroll_refuse_posted_payslips() RETURNS trigger AS $$
BEGIN
    IF EXISTS (
        SELECT 1 FROM changed c JOIN payroll_payrollrun r ON r.id = c.run_id
        WHERE r.status = 'posted'
    ) THEN
        RAISE EXCEPTION 'a payroll run is posted: its payslips cannot be changed'
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER payroll_payslip_insert_guard AFTER INSERT ON payroll_payslip
    REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION payroll_refuse_posted_payslips();
CREATE TRIGGER payroll_payslip_update_guard AFTER UPDATE ON payroll_payslip
    REFERENCING OLD TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION payroll_refuse_posted_payslips();
CREATE TRIGGER payroll_payslip_delete_guard AFTER DELETE ON payroll_payslip
    REFERENCING OLD TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION payroll_refuse_posted_payslips();

CREATE OR REPLACE FUNCTION payroll_refuse_posted_lines() RETURNS trigger AS $$
BEGIN
    IF EXISTS (
        SELECT 1 FROM changed c
        JOIN payroll_payslip p ON p.id = c.payslip_id
        JOIN payroll_payrollrun r ON r.id = p.run_id
        WHERE r.status = 'posted'
    ) THEN
        RAISE EXCEPTION 'a payroll run is posted: its payslip lines cannot be changed'
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER payroll_payslipline_insert_guard AFTER INSERT ON payroll_payslipline
    REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION payroll_refuse_posted_lines();
CREATE TRIGGER payroll_payslipline_update_guard AFTER UPDATE ON payroll_payslipline
    REFERENCING OLD TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION payroll_refuse_posted_lines();
CREATE TRIGGER payroll_payslipline_delete_guard AFTER DELETE ON payroll_payslipline
    REFERENCING OLD TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION payroll_refuse_posted_lines();
"""

BACKWARD = """
DROP TRIGGER IF EXISTS payroll_payslipline_insert_guard ON payroll_payslipline;
DROP TRIGGER IF EXISTS payroll_payslipline_update_guard ON payroll_payslipline;
DROP TRIGGER IF EXISTS payroll_payslipline_delete_guard ON payroll_payslipline;
DROP FUNCTION IF EXISTS payroll_refuse_posted_lines();
DROP TRIGGER IF EXISTS payroll_payslip_insert_guard ON payroll_payslip;
DROP TRIGGER IF EXISTS payroll_payslip_update_guard ON payroll_payslip;
DROP TRIGGER IF EXISTS payroll_payslip_delete_guard ON payroll_payslip;
DROP FUNCTION IF EXISTS payroll_refuse_posted_payslips();
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD, params=None)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD, params=None)


class Migration(migrations.Migration):
    dependencies = [("payroll", "0004_settings_bank_account")]
    operations = [migrations.RunPython(forward, backward)]
