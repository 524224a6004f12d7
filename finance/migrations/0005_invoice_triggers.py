"""PostgreSQL has the last word on issued sales documents (DESIGN.md 5).

- An issued document refuses DELETE and any change of what it says (number, parties, dates,
  amounts, status); only the cached credited/debited/paid amounts, the sending time and the PDF
  (written once, with its SHA-256) may still change.
- The lines of an issued document refuse INSERT, UPDATE and DELETE.

SQLite has no such triggers: there the invoicing services' own checks stand alone.
"""

from django.db import migrations

FORWARD = """
CREATE OR REPLACE FUNCTION finance_invoice_guard() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        IF OLD.status = 'issued' THEN
            RAISE EXCEPTION 'sales document % is issued: it cannot be deleted', OLD.number
                USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN OLD;
    END IF;
    IF OLD.status = 'issued' THEN
        IF ROW(NEW.kind, NEW.status, NEW.series_id, NEW.number, NEW.partner_id, NEW.partner_name,
               NEW.partner_registration, NEW.partner_vat, NEW.partner_address, NEW.original_id,
               NEW.reason, NEW.department_id, NEW.issue_date, NEW.tax_event_date, NEW.due_date, NEW.currency,
               NEW.rate, NEW.language, NEW.notes, NEW.payment_method, NEW.total_base,
               NEW.total_vat, NEW.total, NEW.base_total_base, NEW.base_total_vat, NEW.base_total,
               NEW.journal_entry_id, NEW.issued_at, NEW.issued_by_id, NEW.template_id,
               NEW.period_key)
           IS DISTINCT FROM
           ROW(OLD.kind, OLD.status, OLD.series_id, OLD.number, OLD.partner_id, OLD.partner_name,
               OLD.partner_registration, OLD.partner_vat, OLD.partner_address, OLD.original_id,
               OLD.reason, OLD.department_id, OLD.issue_date, OLD.tax_event_date, OLD.due_date, OLD.currency,
               OLD.rate, OLD.language, OLD.notes, OLD.payment_method, OLD.total_base,
               OLD.total_vat, OLD.total, OLD.base_total_base, OLD.base_total_vat, OLD.base_total,
               OLD.journal_entry_id, OLD.issued_at, OLD.issued_by_id, OLD.template_id,
               OLD.period_key) THEN
            RAISE EXCEPTION 'sales document % is issued: correct it with a credit or debit note',
                OLD.number USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        IF OLD.pdf_sha256 <> '' AND (NEW.pdf IS DISTINCT FROM OLD.pdf
                OR NEW.pdf_sha256 IS DISTINCT FROM OLD.pdf_sha256) THEN
            RAISE EXCEPTION 'the PDF of sales document % is already stored', OLD.number
                USING ERRCODE = 'integrity_constraint_violation';
        END IF;
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER finance_salesinvoice_guard
    BEFORE UPDATE OR DELETE ON finance_salesinvoice
    FOR EACH ROW EXECUTE FUNCTION finance_invoice_guard();

CREATE OR REPLACE FUNCTION finance_invoice_line_guard() RETURNS trigger AS $$
DECLARE
    doc bigint;
    doc_status varchar;
BEGIN
    IF TG_OP = 'DELETE' THEN
        doc := OLD.invoice_id;
    ELSE
        doc := NEW.invoice_id;
    END IF;
    SELECT status INTO doc_status FROM finance_salesinvoice WHERE id = doc;
    IF doc_status = 'issued' OR (TG_OP = 'UPDATE' AND OLD.invoice_id <> NEW.invoice_id AND
            (SELECT status FROM finance_salesinvoice WHERE id = OLD.invoice_id) = 'issued') THEN
        RAISE EXCEPTION 'the lines of an issued sales document cannot be changed'
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER finance_salesinvoiceline_guard
    BEFORE INSERT OR UPDATE OR DELETE ON finance_salesinvoiceline
    FOR EACH ROW EXECUTE FUNCTION finance_invoice_line_guard();
"""

BACKWARD = """
DROP TRIGGER IF EXISTS finance_salesinvoiceline_guard ON finance_salesinvoiceline;
DROP FUNCTION IF EXISTS finance_invoice_line_guard();
DROP TRIGGER IF EXISTS finance_salesinvoice_guard ON finance_salesinvoice;
DROP FUNCTION IF EXISTS finance_invoice_guard();
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD, params=None)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD, params=None)


class Migration(migrations.Migration):
    dependencies = [("finance", "0004_partners_invoices")]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
