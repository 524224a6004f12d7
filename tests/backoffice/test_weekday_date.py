"""Days in running text keep the reader's language's capitalisation."""

from datetime import date

from django.utils import translation

from backoffice.templatetags.backoffice import weekday_date


def test_a_day_in_running_text_is_lower_case_in_bulgarian():
    day = date(2026, 12, 4)
    with translation.override("en"):
        assert weekday_date(day) == "Friday, 4 December"
    with translation.override("bg"):
        assert weekday_date(day) == "петък, 4 декември"
    assert weekday_date(None) == ""
