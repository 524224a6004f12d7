"""The printed labels of a sales document in Bulgarian and English.

A document's language is chosen per document (the customer's), not per reader, and a document
in both languages prints the two side by side, so its labels are kept here in both languages
together rather than looked up in the reader's translation catalogue.
"""

from __future__ import annotations

LABELS: dict[str, tuple[str, str]] = {
    "invoice": ("Фактура", "Invoice"),
    "credit_note": ("Кредитно известие", "Credit note"),
    "debit_note": ("Дебитно известие", "Debit note"),
    "original": ("Оригинал", "Original"),
    "number": ("Номер", "Number"),
    "issue_date": ("Дата на издаване", "Date of issue"),
    "tax_event_date": ("Дата на данъчното събитие", "Date of the taxable event"),
    "due_date": ("Падеж", "Due date"),
    "supplier": ("Доставчик", "Supplier"),
    "recipient": ("Получател", "Recipient"),
    "eik": ("ЕИК", "EIK"),
    "vat_number": ("ДДС №", "VAT No."),
    "address": ("Адрес", "Address"),
    "position": ("№", "No."),
    "description": ("Наименование на стоката/услугата", "Goods or service"),
    "quantity": ("Количество", "Quantity"),
    "unit": ("Мярка", "Unit"),
    "unit_price": ("Ед. цена", "Unit price"),
    "amount": ("Стойност", "Amount"),
    "rate": ("Ставка", "Rate"),
    "tax_base": ("Данъчна основа", "Tax base"),
    "vat": ("ДДС", "VAT"),
    "total": ("Сума за плащане", "Total"),
    "in_words": ("Словом", "In words"),
    "legal_ground": ("Основание за неначисляване на ДДС", "Legal ground for no VAT"),
    "payment": ("Начин на плащане", "Payment"),
    "iban": ("IBAN", "IBAN"),
    "to_invoice": ("Към фактура", "To invoice"),
    "of_date": ("от", "of"),
    "reason": ("Основание", "Reason"),
    "in_base_currency": ("Левова/евро равностойност", "In euro"),
    "exchange_rate": ("Курс", "Exchange rate"),
    "tax_base_at": ("Данъчна основа при ставка", "Tax base at"),
    "vat_at": ("ДДС при ставка", "VAT at"),
    "page": ("Страница", "Page"),
    "compiled_by": ("Съставил", "Issued by"),
}


def labels_for(language: str) -> dict[str, str]:
    """Each label in ``language`` ("bg", "en") or both ("both": "Фактура / Invoice")."""
    if language == "both":
        return {k: (bg if bg == en else f"{bg} / {en}") for k, (bg, en) in LABELS.items()}
    index = 0 if language == "bg" else 1
    return {k: v[index] for k, v in LABELS.items()}
