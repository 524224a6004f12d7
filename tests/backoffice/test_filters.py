"""Template filters that format figures."""

import pytest

from backoffice.templatetags.backoffice import hours


@pytest.mark.parametrize(
    ("minutes", "shown"),
    [(450, "7:30"), (480, "8:00"), (0, "0:00"), (-90, "-1:30"), (-30, "-0:30"), (None, "")],
)
def test_hours_shows_minutes_as_hours_with_the_sign_in_front(minutes, shown):
    assert hours(minutes) == shown


@pytest.mark.django_db
def test_a_page_picked_by_ids_holds_the_same_rows_in_the_same_order(make_user, rf):
    from backoffice.lists import paginate
    from backoffice.models import User

    for n in range(7):
        make_user(username=f"pager{n}")
    people = User.objects.filter(username__startswith="pager").order_by("-username")
    for number in ("1", "2", "4", "x"):
        request = rf.get("/", {"page": number})
        plain = paginate(request, people, per_page=2)
        picked = paginate(request, people, per_page=2, by_ids=True)
        assert [u.username for u in picked.object_list] == [u.username for u in plain]
        assert (picked.number, picked.paginator.num_pages) == (plain.number, 4)
