"""Notifications keep an English template and typed parameters, rendered in the reader's language.

Rows written before keep their stored text. Where that text is, whole, a message of the product's
catalogue without parameters (in English or in Bulgarian), the row gets its template too, so it
reads in whichever language the person now uses.
"""

import gettext as gettext_module
from pathlib import Path

from django.conf import settings
from django.db import migrations, models


def _catalogue_reverse() -> dict[str, str]:
    """Each parameterless message, by its English and its Bulgarian text, to its msgid."""
    reverse: dict[str, str] = {}
    for folder in settings.LOCALE_PATHS:
        mo = Path(folder) / "bg" / "LC_MESSAGES" / "django.mo"
        if not mo.exists():
            continue
        with mo.open("rb") as handle:
            catalogue = gettext_module.GNUTranslations(handle)._catalog
        for msgid, msgstr in catalogue.items():
            if not isinstance(msgid, str) or not msgid or "%" in msgid or "{" in msgid:
                continue
            reverse.setdefault(msgid, msgid)
            if isinstance(msgstr, str) and msgstr:
                reverse.setdefault(msgstr, msgid)
    return reverse


def templates_fill(apps, schema_editor):
    Notification = apps.get_model("backoffice", "Notification")
    reverse = _catalogue_reverse()
    changed = []
    for row in Notification.objects.filter(title_msgid="").only("pk", "title", "body").iterator():
        title_msgid = reverse.get(row.title)
        if title_msgid is None:
            continue
        row.title_msgid = title_msgid
        row.body_msgid = reverse.get(row.body, "") if row.body else ""
        if row.body and not row.body_msgid:
            # A free text body stays as it was written; only the title follows the reader.
            row.params = {"text": row.body}
            row.body_msgid = "%(text)s"
        changed.append(row)
    Notification.objects.bulk_update(
        changed, ["title_msgid", "body_msgid", "params"], batch_size=500
    )


class Migration(migrations.Migration):
    dependencies = [
        ("backoffice", "0002_organisation_pay_period"),
    ]

    operations = [
        migrations.AddField(
            model_name="notification",
            name="kind",
            field=models.CharField(blank=True, max_length=64, verbose_name="kind"),
        ),
        migrations.AddField(
            model_name="notification",
            name="title_msgid",
            field=models.CharField(blank=True, max_length=200, verbose_name="title template"),
        ),
        migrations.AddField(
            model_name="notification",
            name="body_msgid",
            field=models.TextField(blank=True, verbose_name="text template"),
        ),
        migrations.AddField(
            model_name="notification",
            name="params",
            field=models.JSONField(blank=True, default=dict, verbose_name="parameters"),
        ),
        migrations.RunPython(templates_fill, migrations.RunPython.noop),
    ]
