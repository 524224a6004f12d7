"""The chart of accounts: presets as data, saving an account, import and export."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from backoffice.exports import xlsx_bytes
from finance.domain.charts import BULGARIAN, GENERIC, PRESETS, preset_for_country
from finance.models import Account
from finance.services import ChartImportError, account_save, accounts_import, chart_load_preset


def test_the_presets_are_consistent_data():
    for preset in PRESETS.values():
        numbers = [a.number for a in preset.accounts]
        assert len(numbers) == len(set(numbers))
        assert preset.retained_earnings in numbers
        for account in preset.accounts:
            parent = preset.parent_of(account.number)
            if parent is not None:
                assert next(a for a in preset.accounts if a.number == parent).is_group
    named = {a.number for a in BULGARIAN.accounts}
    assert {
        "101",
        "401",
        "411",
        "421",
        "4531",
        "4532",
        "454",
        "461",
        "462",
        "463",
        "501",
        "503",
        "601",
        "604",
        "609",
        "701",
        "702",
        "709",
    } <= named
    assert preset_for_country("BG") is BULGARIAN
    assert preset_for_country("DE") is GENERIC


def test_loading_the_bulgarian_chart_builds_the_tree_and_flags(db):
    count = chart_load_preset(preset="bg", actor=None)
    assert count == len(BULGARIAN.accounts) == Account.objects.count()
    vat = Account.objects.get(number="4531")
    assert (vat.parent.number, vat.parent.parent.number, vat.parent.parent.parent.number) == (
        "453",
        "45",
        "4",
    )
    assert Account.objects.get(number="401").needs_partner
    assert Account.objects.get(number="604").needs_department
    assert Account.objects.get(number="123").is_retained_earnings
    assert set(Account.objects.filter(is_cash=True).values_list("number", flat=True)) == {
        "501",
        "502",
        "503",
        "504",
    }
    with pytest.raises(ValidationError, match="only into an empty chart"):
        chart_load_preset(preset="generic", actor=None)


def test_an_account_number_that_exists_is_a_field_error(db):
    chart_load_preset(preset="generic", actor=None)
    with pytest.raises(ValidationError) as caught:
        account_save(actor=None, data={"number": "1000", "name": "Again", "type": "asset"})
    assert "number" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        account_save(
            actor=None,
            data={
                "number": "1001",
                "name": "Under",
                "type": "asset",
                "parent": Account.objects.get(number="1000"),
            },
        )
    assert "parent" in caught.value.message_dict
    assert Account.objects.count() == len(GENERIC.accounts)


def _csv(text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile("chart.csv", text.encode(), content_type="text/csv")


def test_import_adds_every_row_or_nothing(db):
    chart_load_preset(preset="generic", actor=None)
    good = _csv(
        "number,name,name_bg,type,parent,is_group\n"
        "7,Projects,Проекти,expense,,yes\n"
        "7100,Project costs,Разходи по проекти,expense,7,no\n"
    )
    assert accounts_import(actor=None, upload=good) == 2
    assert Account.objects.get(number="7100").parent.number == "7"
    bad = _csv(
        "number,name,type,parent\n"
        "7200,Fine,expense,7\n"
        "1000,Taken,asset,\n"
        "7300,Wrong type,cost,\n"
        "7400,No parent,expense,99\n"
    )
    with pytest.raises(ChartImportError) as caught:
        accounts_import(actor=None, upload=bad)
    assert [(e.row, e.column) for e in caught.value.errors] == [
        (3, "number"),
        (4, "type"),
        (5, "parent"),
    ]
    assert not Account.objects.filter(number="7200").exists()


def test_import_refuses_a_file_without_the_columns_and_reads_xlsx(db):
    with pytest.raises(ChartImportError) as caught:
        accounts_import(actor=None, upload=_csv("code,title\n1,x\n"))
    assert caught.value.errors[0].message == (
        "The file has no column number, name, type. The first row must name the columns."
    )
    content = xlsx_bytes(header=["number", "name", "type"], rows=[["1000", "Cash", "asset"]])
    upload = SimpleUploadedFile("chart.xlsx", content)
    assert accounts_import(actor=None, upload=upload) == 1
