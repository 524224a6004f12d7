"""Notifications are stored as a template and typed parameters and read in the reader's language."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.utils import translation
from django.utils.translation import gettext_lazy, gettext_noop, ngettext_lazy

from backoffice.i18n import date_text, message_render, params_encode, translated
from backoffice.models import Notification
from backoffice.services import notification_send

pytestmark = pytest.mark.django_db


def _send(user, **kwargs):
    return notification_send(
        recipient=user,
        kind="leave.requested",
        title=gettext_noop("%(name)s asked for %(days)s days of %(type)s from %(start)s"),
        body=gettext_noop("%(name)s asked for %(days)s days of %(type)s from %(start)s"),
        params={
            "name": "Стефан Ангелов",
            "days": Decimal("5.0"),
            "type": {"type": "text", "value": {"en": "Annual leave", "bg": "Платен отпуск"}},
            "start": date(2027, 1, 4),
        },
        **kwargs,
    )


def test_typed_parameters_are_kept_as_json():
    encoded = params_encode(
        {
            "day": date(2026, 12, 7),
            "at": datetime(2026, 12, 7, 10, 0, tzinfo=ZoneInfo("Europe/Sofia")),
            "days": Decimal("5.0"),
            "count": 3,
            "label": gettext_lazy("Annual leave"),
            "name": "Иван",
        }
    )
    assert encoded == {
        "day": {"type": "date", "value": "2026-12-07"},
        "at": {"type": "datetime", "value": "2026-12-07T10:00:00+02:00"},
        "days": {"type": "number", "value": "5.0"},
        "count": 3,
        "label": {"type": "msgid", "value": "Annual leave"},
        "name": "Иван",
    }


def test_bulgarian_month_names_are_lower_case_in_running_text():
    with translation.override("bg"):
        assert date_text(date(2026, 12, 4)) == "4 декември 2026"
    with translation.override("en"):
        assert date_text(date(2026, 12, 4)) == "4 Dec 2026"


def test_a_notification_reads_in_the_language_of_whoever_reads_it(make_user):
    user = make_user("Manager", language="en")
    notification = _send(user)
    stored = Notification.objects.get(pk=notification.pk)
    assert stored.kind == "leave.requested"
    assert stored.params["start"] == {"type": "date", "value": "2027-01-04"}

    with translation.override("en"):
        assert stored.title_display == (
            "Стефан Ангелов asked for 5.0 days of Annual leave from 4 Jan 2027"
        )
    with translation.override("bg"):
        assert (
            stored.body_display == "Стефан Ангелов заяви 5,0 дни „Платен отпуск“ от 4 януари 2027"
        )


def test_the_list_page_shows_the_readers_language(make_user, login, client):
    user = make_user("Staff", language="en")
    _send(user)
    login(client, user)
    english = client.get("/notifications/").content.decode()
    assert "5.0 days of Annual leave from 4 Jan 2027" in english
    user.language = "bg"
    user.save(update_fields=["language"])
    client.cookies["django_language"] = "bg"
    bulgarian = client.get("/notifications/", HTTP_ACCEPT_LANGUAGE="bg").content.decode()
    assert "4 януари 2027" in bulgarian
    assert "5,0 дни „Платен отпуск“" in bulgarian


def test_email_goes_in_the_recipients_language(make_user, django_capture_on_commit_callbacks):
    user = make_user("Manager", language="bg")
    with django_capture_on_commit_callbacks(execute=True):
        _send(user, email=True, url="/hr/leave/1/")
    assert len(mail.outbox) == 1
    assert "4 януари 2027" in mail.outbox[0].body
    assert "5,0" in mail.outbox[0].body
    assert mail.outbox[0].to == [user.email]


def test_plural_title_follows_the_count(make_user):
    user = make_user("Manager")
    title = ngettext_lazy(
        "%(count)s review waits for your assessment",
        "%(count)s reviews wait for your assessment",
        "count",
    )
    one = notification_send(recipient=user, title=title, params={"count": 1})
    three = notification_send(recipient=user, title=title, params={"count": 3})
    assert one.title_display == "1 review waits for your assessment"
    assert three.title_display == "3 reviews wait for your assessment"


def test_the_old_call_still_works_and_shows_what_was_written(make_user):
    user = make_user("Staff", language="en")
    notification = notification_send(recipient=user, title="Plain words", body="As written")
    assert (notification.title_display, notification.body_display) == ("Plain words", "As written")
    assert notification.title_msgid == ""


def test_company_names_follow_the_reader_with_fallback():
    class Named:
        name_en = "Annual leave"
        name_bg = "Платен годишен отпуск"

    class EnglishOnly:
        name_en = "Sick leave"
        name_bg = ""

    template = "%(type)s"
    params = params_encode({"type": translated(Named(), "name")})
    fallback = params_encode({"type": translated(EnglishOnly(), "name")})
    with translation.override("bg"):
        assert message_render(template, params) == "Платен годишен отпуск"
        assert message_render(template, fallback) == "Sick leave"
    with translation.override("en"):
        assert message_render(template, params) == "Annual leave"


def test_a_broken_template_shows_the_stored_text(make_user):
    user = make_user("Staff")
    notification = notification_send(
        recipient=user, title=gettext_noop("%(missing)s here"), params={"other": 1}
    )
    assert notification.title_display == "%(missing)s here"
