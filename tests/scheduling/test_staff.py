"""Staff on their own schedule (open shifts, swaps, availability, calendar feed), who sees which
roster, and who sees what of the labour cost."""

from __future__ import annotations

import csv
import io
from datetime import UTC, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import escape

from backoffice import roles
from backoffice.models import AuditEvent, Notification
from hr.services import leave_request_approve, leave_request_create
from scheduling import services
from scheduling.models import Availability, CalendarFeed, Shift, SwapRequest
from tests.hr import factories as hr_factories
from tests.scheduling import factories

REST = "Only 1 h rest between shifts (at least 12 h)."


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def _notes() -> list[tuple[str, str, str]]:
    return sorted(Notification.objects.values_list("recipient__username", "title", "body"))


def _described(shift: Shift) -> str:
    zone = shift.location.zone
    return (
        f"{date_format(shift.day)} {shift.start.astimezone(zone):%H:%M}-"
        f"{shift.end.astimezone(zone):%H:%M}, {shift.location.name}"
    )


# --- open shifts ---------------------------------------------------------------------------------


@pytest.fixture
def open_shift(shop) -> Shift:
    published = shop["published"]
    return factories.shift(
        published, None, published.start + timedelta(days=3), shop["morning"], skill=shop["till"]
    )


def test_an_eligible_person_takes_an_open_shift_and_the_planners_hear(
    client, login, team, shop, open_shift
):
    staff = team["people"]["staff"]
    login(client, team["users"]["staff"])

    response = client.post(reverse("scheduling:open-shift-claim", args=[open_shift.pk]))

    assert response.status_code == 302
    assert response["Location"] == reverse("scheduling:schedule-mine")
    open_shift.refresh_from_db()
    assert (open_shift.employee, open_shift.released) == (staff, "")
    assert Notification.objects.get().recipient == team["users"]["planner"]
    assert _notes() == [
        ("s-planner", "An open shift was taken", f"Стефан Ангелов: {_described(open_shift)}")
    ]
    assert Notification.objects.get().url == reverse(
        "scheduling:period-detail", args=[shop["published"].pk]
    )
    event = AuditEvent.objects.get(kind="scheduling.open_shift_claimed")
    assert (event.actor, event.object_id) == (team["users"]["staff"], str(open_shift.pk))


def test_a_second_claim_finds_the_shift_taken_and_changes_nothing(client, login, team, open_shift):
    url = reverse("scheduling:open-shift-claim", args=[open_shift.pk])
    login(client, team["users"]["staff"])
    client.post(url, follow=True)  # the first tab
    notes = _notes()

    again = client.post(url, follow=True)  # the second tab
    other = Client()
    login(other, team["users"]["colleague"])
    late = other.post(url, follow=True)

    assert _messages(again) == ["Someone has already taken this shift."]
    assert _messages(late) == ["Someone has already taken this shift."]
    open_shift.refresh_from_db()
    assert open_shift.employee == team["people"]["staff"]
    assert _notes() == notes
    assert AuditEvent.objects.filter(kind="scheduling.open_shift_claimed").count() == 1


@pytest.mark.parametrize(
    ("reason", "message"),
    [
        ("rest", f"You cannot take this shift: {REST}"),
        ("skill", "You cannot take this shift: Lacks the skill First aid."),
    ],
)
def test_an_ineligible_claim_is_refused_with_the_reason(
    client, login, team, shop, open_shift, reason, message
):
    staff = team["people"]["staff"]
    if reason == "rest":
        factories.shift(shop["published"], staff, open_shift.day - timedelta(days=1), shop["night"])
    else:
        Shift.objects.filter(pk=open_shift.pk).update(skill=shop["first_aid"])
    login(client, team["users"]["staff"])

    response = client.post(
        reverse("scheduling:open-shift-claim", args=[open_shift.pk]), follow=True
    )

    assert response.redirect_chain == [(reverse("scheduling:open-shift-list"), 302)]
    assert _messages(response) == [message]
    open_shift.refresh_from_db()
    assert open_shift.employee is None
    assert not Notification.objects.exists()


def test_someone_from_another_location_cannot_claim(client, login, team, open_shift):
    login(client, team["users"]["outsider"])

    response = client.post(reverse("scheduling:open-shift-claim", args=[open_shift.pk]))

    assert response.status_code == 404
    open_shift.refresh_from_db()
    assert open_shift.employee is None


def test_the_open_shifts_page_offers_only_what_the_person_may_take(
    client, login, team, shop, open_shift
):
    published, draft = shop["published"], shop["draft"]
    needs_aid = factories.shift(
        published, None, published.start + timedelta(days=4), shop["evening"], shop["first_aid"]
    )
    factories.shift(draft, None, draft.start, shop["morning"])  # not published yet
    factories.shift(published, team["people"]["colleague"], published.start, shop["morning"])
    login(client, team["users"]["staff"])

    response = client.get(reverse("scheduling:open-shift-list"))

    assert [
        (i["shift"], [c.message for c in i["conflicts"]]) for i in response.context["items"]
    ] == [
        (open_shift, []),
        (needs_aid, ["Lacks the skill First aid."]),
    ]
    body = response.content.decode()
    assert reverse("scheduling:open-shift-claim", args=[open_shift.pk]) in body
    assert reverse("scheduling:open-shift-claim", args=[needs_aid.pk]) not in body
    assert "Lacks the skill First aid." in body


# --- swaps ---------------------------------------------------------------------------------------


@pytest.fixture
def swap_shifts(team, shop) -> dict:
    """Next week: staff works Tuesday morning, the colleague Wednesday morning."""
    published = shop["published"]
    own = factories.shift(
        published, team["people"]["staff"], published.start + timedelta(days=1), shop["morning"]
    )
    theirs = factories.shift(
        published,
        team["people"]["colleague"],
        published.start + timedelta(days=2),
        shop["morning"],
    )
    return {"own": own, "theirs": theirs}


def _give_away(team, shift: Shift, colleague_shift: Shift | None = None) -> SwapRequest:
    return services.swap_request_create(
        requester=team["people"]["staff"],
        shift=shift,
        colleague=team["people"]["colleague"],
        colleague_shift=colleague_shift,
    )


def test_asking_an_eligible_colleague_tells_them_and_the_manager(client, login, team, swap_shifts):
    own = swap_shifts["own"]
    login(client, team["users"]["staff"])

    response = client.post(
        reverse("scheduling:swap-create", args=[own.pk]),
        {"colleague": team["people"]["colleague"].pk, "colleague_shift": "", "note": "Dentist"},
    )

    assert response.status_code == 302
    swap = SwapRequest.objects.get()
    assert (swap.shift, swap.requester, swap.colleague, swap.colleague_shift) == (
        own,
        team["people"]["staff"],
        team["people"]["colleague"],
        None,
    )
    assert (swap.status, swap.note) == (SwapRequest.Status.PENDING, "Dentist")
    assert _notes() == [
        ("s-colleague", "A colleague asks you to take a shift", _described(own)),
        (
            "s-manager",
            "A shift swap waits for your approval",
            f"Стефан Ангелов -> Гергана Димитрова: {_described(own)}",
        ),
    ]


def test_asking_a_colleague_who_may_not_take_the_shift_is_refused(
    client, login, team, shop, swap_shifts
):
    own = swap_shifts["own"]
    factories.shift(
        shop["published"], team["people"]["colleague"], own.day - timedelta(days=1), shop["night"]
    )
    login(client, team["users"]["staff"])

    response = client.post(
        reverse("scheduling:swap-create", args=[own.pk]),
        {"colleague": team["people"]["colleague"].pk, "colleague_shift": ""},
    )

    message = f"Гергана Димитрова cannot take this shift: {REST}"
    assert response.status_code == 200
    assert response.context["form"].errors == {"colleague": [message]}
    assert escape(message) in response.content.decode()
    assert not SwapRequest.objects.exists()
    assert not Notification.objects.exists()


@pytest.mark.parametrize("change", ["leave", "another shift"])
def test_the_colleague_is_checked_again_when_the_manager_approves(
    client, login, team, shop, swap_shifts, change
):
    own = swap_shifts["own"]
    colleague = team["people"]["colleague"]
    swap = _give_away(team, own)
    if change == "leave":
        leave = leave_request_create(
            actor=team["users"]["colleague"],
            employee=colleague,
            leave_type=hr_factories.paid_leave(
                code="UNPAID", counts_against_allowance=False, may_exceed_balance=True
            ),
            start_date=own.day,
            end_date=own.day,
        )
        leave_request_approve(actor=team["users"]["manager"], request=leave)
        reason = "On approved leave."
    else:
        services.shift_save(
            actor=team["users"]["planner"],
            period=shop["published"],
            data=services.ShiftInput(
                day=own.day - timedelta(days=1), employee=colleague, template=shop["night"]
            ),
        )
        reason = REST
    notes = _notes()
    login(client, team["users"]["manager"])

    response = client.post(reverse("scheduling:swap-approve", args=[swap.pk]), follow=True)

    assert _messages(response) == [f"Гергана Димитрова cannot take this shift: {reason}"]
    swap.refresh_from_db()
    own.refresh_from_db()
    assert (swap.status, swap.decided_by, own.employee) == (
        SwapRequest.Status.PENDING,
        None,
        team["people"]["staff"],
    )
    assert _notes() == notes
    assert not AuditEvent.objects.filter(kind="scheduling.swap_approved").exists()


def test_the_manager_approves_a_swap_and_the_shifts_change_hands(client, login, team, swap_shifts):
    own, theirs = swap_shifts["own"], swap_shifts["theirs"]
    swap = _give_away(team, own, theirs)
    Notification.objects.all().delete()
    login(client, team["users"]["manager"])

    response = client.post(
        reverse("scheduling:swap-approve", args=[swap.pk]), {"comment": "Fine"}, follow=True
    )

    assert _messages(response) == ["The swap was approved and the roster changed."]
    own.refresh_from_db()
    theirs.refresh_from_db()
    assert (own.employee, theirs.employee) == (team["people"]["colleague"], team["people"]["staff"])
    swap.refresh_from_db()
    assert (swap.status, swap.decided_by, swap.comment) == (
        SwapRequest.Status.APPROVED,
        team["users"]["manager"],
        "Fine",
    )
    assert swap.decided_at is not None
    assert _notes() == [
        ("s-colleague", "Shift swap approved", _described(own)),
        ("s-staff", "Shift swap approved", _described(own)),
    ]
    event = AuditEvent.objects.get(kind="scheduling.swap_approved")
    assert (event.actor, event.object_id) == (team["users"]["manager"], str(own.pk))
    assert event.data["summary"]["params"] == {
        "day": own.day.isoformat(),
        "from": "Стефан Ангелов",
        "to": "Гергана Димитрова",
    }


def test_a_planner_cannot_approve_their_own_request(client, login, team, shop, swap_shifts):
    planner = team["people"]["planner"]
    shop["location"].members.add(planner)
    published = shop["published"]
    mine = factories.shift(published, planner, published.start + timedelta(days=4), shop["morning"])
    swap = services.swap_request_create(
        requester=planner, shift=mine, colleague=team["people"]["staff"]
    )
    login(client, team["users"]["planner"])

    response = client.post(reverse("scheduling:swap-approve", args=[swap.pk]), follow=True)

    assert _messages(response) == ["Only the requester's manager or a planner can decide this."]
    with pytest.raises(PermissionDenied):
        services.swap_approve(actor=team["users"]["planner"], swap=swap)
    swap.refresh_from_db()
    mine.refresh_from_db()
    assert (swap.status, mine.employee) == (SwapRequest.Status.PENDING, planner)


def test_the_requester_and_another_teams_manager_get_404(
    client, login, team, make_user, swap_shifts
):
    swap = _give_away(team, swap_shifts["own"])
    other = make_user(roles.MANAGER, roles.STAFF, username="s-other-manager")
    boss = hr_factories.employee(user=other, first_name="Борис", last_name="Друг")
    hr_factories.employee(manager=boss, first_name="Вера", last_name="Друга")
    for name, user in (("staff", team["users"]["staff"]), ("other manager", other)):
        login(client, user)
        for action in ("swap-approve", "swap-reject"):
            response = client.post(
                reverse(f"scheduling:{action}", args=[swap.pk]), {"comment": "x"}
            )
            assert response.status_code == 404, (name, action)
    swap.refresh_from_db()
    assert swap.status == SwapRequest.Status.PENDING
    assert swap_shifts["own"].employee == team["people"]["staff"]


def test_rejecting_needs_a_comment(client, login, team, swap_shifts):
    swap = _give_away(team, swap_shifts["own"])
    Notification.objects.all().delete()
    url = reverse("scheduling:swap-reject", args=[swap.pk])
    login(client, team["users"]["manager"])

    silent = client.post(url, {"comment": "  "}, follow=True)

    assert _messages(silent) == ["Please say why."]
    swap.refresh_from_db()
    assert swap.status == SwapRequest.Status.PENDING
    assert not Notification.objects.exists()

    client.post(url, {"comment": "Inventory day"})

    swap.refresh_from_db()
    assert (swap.status, swap.comment, swap.decided_by) == (
        SwapRequest.Status.REJECTED,
        "Inventory day",
        team["users"]["manager"],
    )
    own = swap_shifts["own"]
    own.refresh_from_db()
    assert own.employee == team["people"]["staff"]
    assert _notes() == [
        ("s-colleague", "Shift swap rejected", _described(own)),
        ("s-staff", "Shift swap rejected", _described(own)),
    ]


def test_the_requester_withdraws_and_the_colleague_declines(client, login, team, swap_shifts):
    own, theirs = swap_shifts["own"], swap_shifts["theirs"]
    withdrawn = _give_away(team, own)
    Notification.objects.all().delete()
    login(client, team["users"]["outsider"])
    assert client.post(reverse("scheduling:swap-withdraw", args=[withdrawn.pk])).status_code == 404

    login(client, team["users"]["staff"])
    client.post(reverse("scheduling:swap-withdraw", args=[withdrawn.pk]), follow=True)
    again = client.post(reverse("scheduling:swap-withdraw", args=[withdrawn.pk]), follow=True)

    withdrawn.refresh_from_db()
    assert withdrawn.status == SwapRequest.Status.CANCELLED
    assert _messages(again) == ["This request has already been decided."]
    assert _notes() == [("s-colleague", "Shift swap cancelled", _described(own))]

    declined = _give_away(team, own, theirs)
    Notification.objects.all().delete()
    login(client, team["users"]["colleague"])
    client.post(reverse("scheduling:swap-withdraw", args=[declined.pk]))

    declined.refresh_from_db()
    assert (declined.status, declined.decided_by) == (
        SwapRequest.Status.DECLINED,
        team["users"]["colleague"],
    )
    assert _notes() == [("s-staff", "Shift swap declined", _described(own))]
    own.refresh_from_db()
    theirs.refresh_from_db()
    assert (own.employee, theirs.employee) == (team["people"]["staff"], team["people"]["colleague"])


# --- availability --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({}, "weekday", "Give either a weekday or a date."),
        ({"weekday": "2", "date": "2030-01-09"}, "weekday", "Give either a weekday or a date."),
        (
            {"weekday": "2", "start_time": "18:00", "end_time": "09:00"},
            "end_time",
            "'Until' must be after 'from'.",
        ),
    ],
)
def test_availability_needs_one_day_and_times_in_order(client, login, team, fields, field, message):
    login(client, team["users"]["staff"])
    data = {"kind": "unavailable", "weekday": "", "date": "", "start_time": "", "end_time": ""}

    response = client.post(reverse("scheduling:availability-mine"), {**data, **fields})

    assert response.status_code == 200
    assert response.context["form"].errors == {field: [message]}
    assert escape(message) in response.content.decode()
    assert not Availability.objects.exists()


def test_availability_is_saved_and_removed_only_by_its_owner(client, login, team):
    theirs = Availability.objects.create(
        employee=team["people"]["colleague"], kind=Availability.Kind.UNAVAILABLE, weekday=6
    )
    login(client, team["users"]["staff"])

    client.post(
        reverse("scheduling:availability-mine"),
        {"kind": "unavailable", "weekday": "5", "start_time": "18:00", "end_time": ""},
    )
    mine = Availability.objects.get(employee=team["people"]["staff"])
    assert (mine.kind, mine.weekday, mine.date, mine.start_time.isoformat()) == (
        "unavailable",
        5,
        None,
        "18:00:00",
    )

    assert (
        client.post(reverse("scheduling:availability-delete", args=[theirs.pk])).status_code == 404
    )
    assert Availability.objects.filter(pk=theirs.pk).exists()
    client.post(reverse("scheduling:availability-delete", args=[mine.pk]))
    assert list(Availability.objects.all()) == [theirs]


# --- calendar feed -------------------------------------------------------------------------------


def test_the_calendar_feed_shows_published_shifts_in_utc_until_revoked(client, login, team, shop):
    staff = team["people"]["staff"]
    published, draft = shop["published"], shop["draft"]
    shift = factories.shift(published, staff, published.start + timedelta(days=1), shop["night"])
    factories.shift(draft, staff, draft.start + timedelta(days=1), shop["morning"])
    login(client, team["users"]["staff"])

    client.post(reverse("scheduling:calendar-feed-edit"), {"action": "renew"})

    feed = CalendarFeed.objects.get(employee=staff)
    url = reverse("scheduling:calendar-feed-download", args=[feed.token])
    page = client.get(reverse("scheduling:schedule-mine"))
    assert page.context["feed_url"] == f"http://testserver{url}"
    anonymous = Client()
    ics = anonymous.get(url)
    assert ics.status_code == 200
    assert ics["Content-Type"] == "text/calendar; charset=utf-8"
    body = ics.content.decode()
    assert body.count("BEGIN:VEVENT") == 1
    assert f"DTSTART:{shift.start.astimezone(UTC):%Y%m%dT%H%M%SZ}\r\n" in body
    assert f"DTEND:{shift.end.astimezone(UTC):%Y%m%dT%H%M%SZ}\r\n" in body
    assert f"UID:shift-{shift.pk}@testserver\r\n" in body
    assert "SUMMARY:Night · Vitosha shop\r\n" in body

    client.post(reverse("scheduling:calendar-feed-edit"), {"action": "renew"})
    assert anonymous.get(url).status_code == 404
    renewed = CalendarFeed.objects.get(employee=staff)
    assert (
        anonymous.get(
            reverse("scheduling:calendar-feed-download", args=[renewed.token])
        ).status_code
        == 200
    )

    client.post(reverse("scheduling:calendar-feed-edit"), {"action": "revoke"})
    assert not CalendarFeed.objects.exists()
    assert (
        anonymous.get(
            reverse("scheduling:calendar-feed-download", args=[renewed.token])
        ).status_code
        == 404
    )
    assert (
        anonymous.get(
            reverse("scheduling:calendar-feed-download", args=["no-such-token"])
        ).status_code
        == 404
    )


# --- who sees which roster -----------------------------------------------------------------------


@pytest.fixture
def visible_world(team, shop) -> dict:
    """Next week (published): staff Tuesday; the colleague Wednesday night and Thursday morning
    (1 h rest); Boris, a member who is not the manager's report, Friday. A draft shift for staff."""
    published, draft = shop["published"], shop["draft"]
    people = team["people"]
    boris = hr_factories.employee(first_name="Борис", last_name="Чужд")
    shop["location"].members.add(boris)
    start = published.start
    return {
        "own": factories.shift(
            published, people["staff"], start + timedelta(days=1), shop["morning"]
        ),
        "night": factories.shift(
            published, people["colleague"], start + timedelta(days=2), shop["night"]
        ),
        "morning": factories.shift(
            published, people["colleague"], start + timedelta(days=3), shop["morning"]
        ),
        "boris": factories.shift(published, boris, start + timedelta(days=4), shop["evening"]),
        "draft": factories.shift(draft, people["staff"], draft.start, shop["morning"]),
    }


def _roster(client, period):
    return client.get(reverse("scheduling:period-detail", args=[period.pk]), {"view": "period"})


def _names(response) -> list[str]:
    return [row.employee.full_name for row in response.context["grid"].rows if row.employee]


def test_staff_see_their_published_roster_by_names_only(client, login, team, shop, visible_world):
    login(client, team["users"]["staff"])

    response = _roster(client, shop["published"])

    assert response.status_code == 200
    assert _names(response) == ["Стефан Ангелов", "Гергана Димитрова", "Мартин Колев", "Борис Чужд"]
    grid = response.context["grid"]
    assert (grid.show_conflicts, grid.show_cost, grid.editable) == (False, False, False)
    body = response.content.decode()
    assert "Гергана Димитрова" in body
    assert REST not in body and "Labour cost" not in body and "Conflicts" not in body
    assert _roster(client, shop["draft"]).status_code == 404
    detail = client.get(reverse("scheduling:shift-detail", args=[visible_world["night"].pk]))
    assert detail.status_code == 200


def test_the_manager_sees_only_their_reports_and_the_planner_everyone(
    client, login, team, shop, visible_world
):
    login(client, team["users"]["manager"])
    manager = _roster(client, shop["published"])

    assert _names(manager) == ["Стефан Ангелов", "Гергана Димитрова", "Мартин Колев"]
    assert "Борис Чужд" not in manager.content.decode()
    assert [(c.shift.pk, x.code) for c, x in manager.context["grid"].conflicts] == [
        (visible_world["night"].pk, "daily_rest"),
        (visible_world["morning"].pk, "daily_rest"),
    ]
    assert manager.context["grid"].show_cost is False
    assert _roster(client, shop["draft"]).status_code == 200
    assert (
        client.get(reverse("scheduling:shift-detail", args=[visible_world["boris"].pk])).status_code
        == 404
    )

    login(client, team["users"]["planner"])
    planner = _roster(client, shop["published"])

    assert _names(planner) == ["Стефан Ангелов", "Гергана Димитрова", "Мартин Колев", "Борис Чужд"]
    assert REST in planner.content.decode()
    assert planner.context["grid"].show_cost is True


def test_an_outsider_sees_neither_the_roster_nor_a_shift(client, login, team, shop, visible_world):
    login(client, team["users"]["outsider"])

    assert _roster(client, shop["published"]).status_code == 404
    assert _roster(client, shop["draft"]).status_code == 404
    for shift in visible_world.values():
        response = client.get(reverse("scheduling:shift-detail", args=[shift.pk]))
        assert response.status_code == 404


# --- labour cost ---------------------------------------------------------------------------------

MORNING = Decimal("108.17")  # 7.5 h at 2,500 a month for 40 h a week (14.4231 an hour)
NIGHT = Decimal("100.96")  # 7 h


@pytest.fixture
def costed(team, shop) -> dict:
    """Next week two people work (a morning each); the week after only staff (one night)."""
    published, draft = shop["published"], shop["draft"]
    factories.shift(published, team["people"]["staff"], published.start, shop["morning"])
    factories.shift(
        published, team["people"]["colleague"], published.start + timedelta(days=1), shop["morning"]
    )
    factories.shift(draft, team["people"]["staff"], draft.start + timedelta(days=2), shop["night"])
    return {"location": shop["location"].pk, "from": published.start.isoformat()}


def _weeks(response) -> list[tuple]:
    return [(r["people"], r["minutes"], r["amount"]) for r in response.context["rows"][:3]]


@pytest.mark.parametrize("name", ["planner", "manager"])
def test_planners_and_managers_see_weekly_totals_only(client, login, team, costed, name):
    login(client, team["users"][name])

    response = client.get(reverse("scheduling:cost-report"), costed)

    assert response.status_code == 200
    assert response.context["detail"] is False
    assert _weeks(response) == [(2, 900, MORNING * 2), (1, 420, None), (0, 0, None)]
    assert "By shift" not in response.content.decode()
    export = client.get(reverse("scheduling:cost-report"), {**costed, "export": "csv"})
    assert export["Content-Type"] == "text/html; charset=utf-8"  # no file of per-shift pay


@pytest.mark.parametrize("name", ["hr", "finance"])
def test_hr_and_finance_see_each_shift_and_export_it(client, login, team, shop, costed, name):
    login(client, team["users"][name])

    response = client.get(reverse("scheduling:cost-report"), costed)

    assert response.context["detail"] is True
    assert _weeks(response) == [(2, 900, MORNING * 2), (1, 420, NIGHT), (0, 0, Decimal("0.00"))]
    assert "By shift" in response.content.decode()
    export = client.get(reverse("scheduling:cost-report"), {**costed, "export": "csv"})
    assert export["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(b"".join(export.streaming_content).decode())))
    monday = shop["published"].start
    assert rows == [
        ["\ufeffDate", "Time", "Employee", "Shift", "Minutes", "Cost"],
        [monday.isoformat(), "07:00-15:00", "Стефан Ангелов", "Morning", "450", "108.17"],
        [
            (monday + timedelta(days=1)).isoformat(),
            "07:00-15:00",
            "Гергана Димитрова",
            "Morning",
            "450",
            "108.17",
        ],
        [
            (monday + timedelta(days=9)).isoformat(),
            "22:00-06:00",
            "Стефан Ангелов",
            "Night",
            "420",
            "100.96",
        ],
    ]


def test_staff_may_not_see_labour_cost(client, login, team, costed):
    login(client, team["users"]["staff"])

    assert client.get(reverse("scheduling:cost-report"), costed).status_code == 403
    assert (
        client.get(reverse("scheduling:cost-report"), {**costed, "export": "csv"}).status_code
        == 403
    )


def test_the_open_shifts_page_reads_the_same_whatever_the_number_of_open_shifts(
    client, login, team, shop
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    login(client, team["users"]["staff"])
    published = shop["published"]
    factories.shift(published, None, published.start + timedelta(days=1), shop["morning"])

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("scheduling:open-shift-list")).status_code == 200
        return len(captured)

    queries()  # the first request also saves the session
    one = queries()
    for offset in range(2, 7):
        factories.shift(published, None, published.start + timedelta(days=offset), shop["evening"])
    assert queries() == one
