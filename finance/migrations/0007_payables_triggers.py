"""PostgreSQL has the last word on posted supplier bills and payments (DESIGN.md 5).

- A posted bill refuses DELETE and any change but what was paid on it; its lines refuse INSERT,
  UPDATE and DELETE.
- A posted payment refuses DELETE and any change but what was allocated of it; allocations are
  never changed or deleted.

SQLite has no such triggers: there the services' own checks stand alone.
"""

from django.db import migrations

FORWARD = """
CREATE OR REPLACE FUNCTION finance_bill_guard() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        IF OLD.status = 'posted' THEN
            RAISE EXCEPTION 'supplier bill % is posted: it cannot be deleted', OLD.id
                USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN OLD;
    END IF;
    IF OLD.status = 'posted' AND ROW(NEW.supplier_id, NEW.number, NEW.bill_date, NEW.due_date,
            NEW.status, NEW.net_total, NEW.vat_total, NEW.total, NEW.entry_id)
        IS DISTINCT FROM ROW(OLD.supplier_id, OLD.number, OLD.bill_date, OLD.due_date,
            OLD.status, OLD.net_total, OLD.vat_total, OLD.total, OLD.entry_id) THEN
        RAISE EXCEPTION 'supplier bill % is posted: it cannot be changed', OLD.id
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER finance_supplierbill_guard
    BEFORE UPDATE OR DELETE ON finance_supplierbill
    FOR EACH ROW EXECUTE FUNCTION finance_bill_guard();

CREATE OR REPLACE FUNCTION finance_bill_line_guard() RETURNS trigger AS $$
DECLARE
    doc bigint;
BEGIN
    IF TG_OP = 'DELETE' THEN
        doc := OLD.bill_id;
    ELSE
        doc := NEW.bill_id;
    END IF;
    IF (SELECT status FROM finance_supplierbill WHERE id = doc) = 'posted' THEN
        RAISE EXCEPTION 'the lines of a posted supplier bill cannot be changed'
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER finance_supplierbillline_guard
    BEFORE INSERT OR UPDATE OR DELETE ON finance_supplierbillline
    FOR EACH ROW EXECUTE FUNCTION finance_bill_line_guard();

CREATE OR REPLACE FUNCTION finance_payment_guard() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        IF OLD.entry_id IS NOT NULL THEN
            RAISE EXCEPTION 'payment % is posted: it cannot be deleted', OLD.id
                USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN OLD;
    END IF;
    IF OLD.entry_id IS NOT NULL AND ROW(NEW.direction, NEW.partner_id, NEW.employee_id,
            NEW.date, NEW.amount, NEW.entry_id)
        IS DISTINCT FROM ROW(OLD.direction, OLD.partner_id, OLD.employee_id, OLD.date,
            OLD.amount, OLD.entry_id) THEN
        RAISE EXCEPTION 'payment % is posted: it cannot be changed', OLD.id
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER finance_payment_guard
    BEFORE UPDATE OR DELETE ON finance_payment
    FOR EACH ROW EXECUTE FUNCTION finance_payment_guard();

CREATE OR REPLACE FUNCTION finance_allocation_guard() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'payment allocations are never changed or deleted'
        USING ERRCODE = 'integrity_constraint_violation';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER finance_paymentallocation_guard
    BEFORE UPDATE OR DELETE ON finance_paymentallocation
    FOR EACH ROW EXECUTE FUNCTION finance_allocation_guard();
"""

BACKWARD = """
DROP TRIGGER IF EXISTS finance_paymentallocation_guard ON finance_paymentallocation;
DROP FUNCTION IF EXISTS finance_allocation_guard();
DROP TRIGGER IF EXISTS finance_payment_guard ON finance_payment;
DROP FUNCTION IF EXISTS finance_payment_guard();
DROP TRIGGER IF EXISTS finance_supplierbillline_guard ON finance_supplierbillline;
DROP FUNCTION IF EXISTS finance_bill_line_guard();
DROP TRIGGER IF EXISTS finance_supplierbill_guard ON finance_supplierbill;
DROP FUNCTION IF EXISTS finance_bill_guard();
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD, params=None)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD, params=None)


class Migration(migrations.Migration):
    dependencies = [("finance", "0006_payables_payments_expenses")]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
