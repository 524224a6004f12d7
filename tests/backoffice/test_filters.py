"""Template filters that format figures."""

import pytest

from backoffice.templatetags.backoffice import hours


@pytest.mark.parametrize(
    ("minutes", "shown"),
    [(450, "7:30"), (480, "8:00"), (0, "0:00"), (-90, "-1:30"), (-30, "-0:30"), (None, "")],
)
def test_hours_shows_minutes_as_hours_with_the_sign_in_front(minutes, shown):
    assert hours(minutes) == shown
