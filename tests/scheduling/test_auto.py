"""The auto-scheduler inside the app: the instance read from the roster (with each person's own
limits and weighted wishes), the job, the proposal page, accepting for everybody or some people
and discarding, open shifts of a published week, pins that break a rule, cancelling."""

from __future__ import annotations

from datetime import time, timedelta

import pytest

from backoffice import roles
from backoffice.models import AuditEvent, Job, Notification
from backoffice.services.jobs import JobCancelled, JobContext
from hr.models import LeaveRequest
from scheduling import services
from scheduling.domain.solver import ShiftRequest, validate
from scheduling.models import (
    AutoScheduleRun,
    Availability,
    Coverage,
    Shift,
    ShiftTypeLimit,
    StaffLimits,
)
from scheduling.selectors import roster_check
from scheduling.selectors.autoschedule import instance_for
from tests.hr import factories as hr_factories
from tests.scheduling import factories


def _run(django_capture_on_commit_callbacks, planner, period, **options) -> AutoScheduleRun:
    with django_capture_on_commit_callbacks(execute=True):
        run = services.autoschedule_start(
            actor=planner,
            period=period,
            mode=options.get("mode", AutoScheduleRun.Mode.FILL),
            time_limit=options.get("time_limit", 10),
            weights=options.get("weights", {}),
        )
    run.refresh_from_db()
    run.job.refresh_from_db()
    return run


def test_the_instance_reads_pins_demand_leave_and_availability(team, shop):
    people, draft = team["people"], shop["draft"]
    monday = draft.start
    factories.shift(draft, people["staff"], monday, shop["morning"], skill=shop["till"])
    Availability.objects.create(
        employee=people["colleague"],
        kind=Availability.Kind.UNAVAILABLE,
        weekday=1,
        start_time=time(18),
    )
    leave_type = hr_factories.paid_leave(code="PAID")
    LeaveRequest.objects.create(
        employee=people["manager"],
        leave_type=leave_type,
        start_date=monday + timedelta(days=2),
        end_date=monday + timedelta(days=2),
        days=1,
        status=LeaveRequest.Status.APPROVED,
    )
    built = instance_for(draft)
    instance = built.instance
    assert instance.days == 7 and instance.start == monday
    assert {a.employee for a in instance.pinned} == {people["staff"].pk}
    assert instance.pinned[0].skill == str(shop["till"].pk)
    assert len(instance.demand) == 7 and all(d.required == 1 for d in instance.demand)
    by_id = {e.id: e for e in instance.employees}
    # Tuesday from 18:00 blocks the evening (14-22) and the night (22-06), not the morning.
    assert by_id[people["colleague"].pk].unavailable == {
        (1, shop["evening"].pk),
        (1, shop["night"].pk),
    }
    assert by_id[people["manager"].pk].leave_days == {2}
    assert by_id[people["staff"].pk].target_minutes == 40 * 60
    assert instance.rules.min_daily_rest_minutes == 12 * 60  # the Bulgarian preset


def test_a_run_proposes_accepting_writes_legal_shifts(
    team, shop, django_capture_on_commit_callbacks
):
    planner, draft = team["users"]["planner"], shop["draft"]
    run = _run(django_capture_on_commit_callbacks, planner, draft)
    assert run.job.status == Job.Status.SUCCEEDED
    result = run.result
    assert result["coverage"] == 100.0 and result["unfilled"] == []
    assert len(result["assignments"]) == 7 and result["violations"] == []
    assert Shift.objects.filter(period=draft).count() == 0  # a proposal writes nothing
    written, conflicts = services.autoschedule_accept(actor=planner, run=run)
    assert (written, conflicts) == (7, 0)
    assert Shift.objects.filter(period=draft, template=shop["morning"]).count() == 7
    assert roster_check(period=draft).open_conflicts() == []
    run.refresh_from_db()
    assert run.decision == AutoScheduleRun.Decision.ACCEPTED
    with pytest.raises(Exception, match="already been decided"):
        services.autoschedule_accept(actor=planner, run=run)


def test_discarding_leaves_nothing_behind(team, shop, django_capture_on_commit_callbacks):
    planner, draft = team["users"]["planner"], shop["draft"]
    run = _run(django_capture_on_commit_callbacks, planner, draft)
    services.autoschedule_discard(actor=planner, run=run)
    assert Shift.objects.filter(period=draft).count() == 0
    run.refresh_from_db()
    assert run.decision == AutoScheduleRun.Decision.DISCARDED


def test_a_second_click_returns_the_run_still_queued(team, shop):
    planner, draft = team["users"]["planner"], shop["draft"]
    first = services.autoschedule_start(
        actor=planner, period=draft, mode="fill", time_limit=10, weights={}
    )
    again = services.autoschedule_start(
        actor=planner, period=draft, mode="fill", time_limit=10, weights={}
    )
    assert again.pk == first.pk
    assert AutoScheduleRun.objects.count() == 1 and Job.objects.count() == 1


def test_unfilled_slots_say_why(team, shop, django_capture_on_commit_callbacks, client, login):
    planner, draft = team["users"]["planner"], shop["draft"]
    Coverage.objects.create(
        location=shop["location"],
        template=shop["evening"],
        weekday=0,
        skill=shop["first_aid"],
        count=2,
    )
    run = _run(django_capture_on_commit_callbacks, planner, draft)
    (slot,) = run.result["unfilled"]
    assert slot["missing"] == 1 and slot["skill"] == str(shop["first_aid"].pk)
    assert [r["code"] for r in slot["reasons"]] == ["all_on_slot"]
    login(client, planner)
    page = client.get(f"/scheduling/auto/{run.pk}/").content.decode()
    assert "All 1 qualified people are already on this shift." in page


def test_pins_that_break_a_rule_are_named(team, shop, django_capture_on_commit_callbacks):
    planner, draft, staff = team["users"]["planner"], shop["draft"], team["people"]["staff"]
    factories.shift(draft, staff, draft.start, shop["night"])
    factories.shift(draft, staff, draft.start + timedelta(days=1), shop["morning"])
    run = _run(django_capture_on_commit_callbacks, planner, draft)
    assert run.result["status"] == "infeasible"
    named = {(e, d) for e, d, _t in run.result["conflicting_pins"]}
    assert (staff.pk, draft.start.toordinal()) in named or (
        staff.pk,
        (draft.start + timedelta(days=1)).toordinal(),
    ) in named
    with pytest.raises(Exception, match="no proposal"):
        services.autoschedule_accept(actor=planner, run=run)


def test_open_shifts_of_a_published_week_are_filled_and_nothing_else(
    team, shop, django_capture_on_commit_callbacks
):
    planner, published = team["users"]["planner"], shop["published"]
    people = team["people"]
    kept = factories.shift(published, people["staff"], published.start, shop["morning"])
    open_shift = factories.shift(
        published, None, published.start + timedelta(days=3), shop["morning"]
    )
    run = _run(django_capture_on_commit_callbacks, planner, published, mode="open_only")
    assert len(run.result["assignments"]) == 1
    services.autoschedule_accept(actor=planner, run=run)
    open_shift.refresh_from_db()
    kept.refresh_from_db()
    assert open_shift.employee_id is not None
    assert kept.employee_id == people["staff"].pk
    assert Shift.objects.planned().filter(period=published).count() == 2
    assert open_shift.draft == Shift.Draft.EDITED  # staff see it once the planner publishes
    assert not Notification.objects.filter(recipient=open_shift.employee.user).exists()
    services.period_publish(
        actor=planner, period=published, reasons={}, confirmed={"empty", "gaps", "budget"}
    )
    assert Notification.objects.filter(recipient=open_shift.employee.user).exists()


def test_a_run_cancelled_half_way_writes_nothing(team, shop, monkeypatch):
    from scheduling.jobs import autoschedule

    draft = shop["draft"]
    run = AutoScheduleRun.objects.create(period=draft, mode="fill", time_limit=30)
    job = Job.objects.create(
        kind="scheduling.autoschedule",
        params={"run": run.pk},
        idempotency_key="cancel-test",
        status=Job.Status.RUNNING,
    )
    calls = []

    def progress(self, done, total=None, message=None, *, force=False):
        calls.append(done)
        if len(calls) > 1:
            raise JobCancelled

    monkeypatch.setattr(JobContext, "progress", progress)
    with pytest.raises(JobCancelled):
        autoschedule(job=job, context=JobContext(job=job, runner="test"))
    run.refresh_from_db()
    assert run.result is None
    assert Shift.objects.filter(period=draft).count() == 0


def test_every_accepted_proposal_passes_the_validator(
    team, shop, django_capture_on_commit_callbacks
):
    from scheduling.domain.solver.instance import Assignment

    planner, draft = team["users"]["planner"], shop["draft"]
    run = _run(django_capture_on_commit_callbacks, planner, draft)
    built = instance_for(draft)
    proposed = [
        Assignment(e, d - draft.start.toordinal(), t, s) for e, d, t, s in run.result["assignments"]
    ]
    assert validate(built.instance, proposed) == []


def test_the_week_before_keeps_its_weekly_rest(team, shop, django_capture_on_commit_callbacks):
    """Staff works Tuesday to Saturday of the published week: the 48 h weekly rest that week can
    only start on Saturday afternoon, so Monday morning of the draft goes to someone else."""
    planner, staff = team["users"]["planner"], team["people"]["staff"]
    published, draft = shop["published"], shop["draft"]
    for offset in range(1, 6):
        factories.shift(published, staff, published.start + timedelta(days=offset), shop["morning"])
    built = instance_for(draft)
    (me,) = [e for e in built.instance.employees if e.id == staff.pk]
    assert (0, shop["morning"].pk) in me.unavailable
    run = _run(django_capture_on_commit_callbacks, planner, draft)
    monday = draft.start.toordinal()
    assert [e for e, d, _t, _s in run.result["assignments"] if d == monday] != [staff.pk]
    services.autoschedule_accept(actor=planner, run=run)
    assert roster_check(period=published).open_conflicts() == []


def test_the_instance_carries_own_limits_weighted_wishes_and_leave(team, shop):
    """The colleague's own limits become hard rules; wishes keep their weight; a day of leave
    takes a fifth of the Monday-to-Friday week off the manager's 40 h: 32 h for the week."""
    people, draft = team["people"], shop["draft"]
    monday = draft.start
    limits = StaffLimits.objects.create(
        employee=people["colleague"],
        min_period_minutes=600,
        max_period_minutes=1800,
        max_weekends=1,
        min_days_off_in_row=2,
    )
    ShiftTypeLimit.objects.create(limits=limits, template=shop["night"], max_shifts=1)
    Availability.objects.create(
        employee=people["staff"],
        kind=Availability.Kind.PREFERRED,
        date=monday + timedelta(days=2),
        template=shop["evening"],
        weight=20,
    )
    Availability.objects.create(
        employee=people["manager"], kind=Availability.Kind.AVOIDED, weekday=4, weight=5
    )
    LeaveRequest.objects.create(
        employee=people["manager"],
        leave_type=hr_factories.paid_leave(code="PAID"),
        start_date=monday + timedelta(days=1),
        end_date=monday + timedelta(days=1),
        days=1,
        status=LeaveRequest.Status.APPROVED,
    )

    by_id = {e.id: e for e in instance_for(draft).instance.employees}

    colleague = by_id[people["colleague"].pk]
    assert (colleague.min_total_minutes, colleague.max_total_minutes) == (600, 1800)
    assert colleague.max_working_weekends == 1
    assert colleague.min_consecutive_days_off == 2
    assert colleague.type_caps == {shop["night"].pk: 1}
    staff = by_id[people["staff"].pk]
    assert staff.on_requests == (ShiftRequest(day=2, shift_type=shop["evening"].pk, weight=20),)
    assert (staff.min_total_minutes, staff.max_total_minutes, staff.max_working_weekends) == (
        0,
        None,
        None,
    )
    assert staff.min_consecutive_days_off == 1 and staff.type_caps == {}
    manager = by_id[people["manager"].pk]
    assert manager.off_requests == (ShiftRequest(day=4, shift_type=None, weight=5),)
    assert manager.target_minutes == 32 * 60


def test_the_proposal_spreads_the_hours_short_of_contract(
    team, shop, django_capture_on_commit_callbacks
):
    """Seven mornings of 7:30 for three people with 40 h each: 2, 2 and 3 shifts, not 5, 2, 0
    (all cost the same, so only the convex undertime decides)."""
    run = _run(django_capture_on_commit_callbacks, team["users"]["planner"], shop["draft"])
    lines = run.result["people"]
    assert sorted(line["shifts"] for line in lines) == [2, 2, 3]
    assert run.result["largest_shortfall"] == 2400 - 2 * 450
    assert {line["contract"] for line in lines} == {2400}


def test_the_proposal_page_speaks_plainly(
    team, shop, django_capture_on_commit_callbacks, client, login, make_user
):
    """Cover before and after, how the roster was found, hours per person; the planner sees the
    total cost (three people), a planner who may see pay also each person's. Rates: 2,500 a
    month at 40 h = 14.4231/h; 22:30 h cost 324.52, 15:00 h 216.35; total 757.22."""
    planner = team["users"]["planner"]
    run = _run(django_capture_on_commit_callbacks, planner, shop["draft"])
    phrase = {
        "optimiser-proven": "Proven best",
        "optimiser": "it may not be the best possible",
        "greedy": "Quick roster (the optimiser had not improved on it yet).",
    }[run.result["found_by"]]
    login(client, planner)

    page = client.get(f"/scheduling/auto/{run.pk}/").content.decode()

    assert "Covered 7 of 7 slots (was 0 of 7)." in page
    assert phrase in page
    plain = page.split("<details")[0]
    assert "objective" not in plain and "bound " not in plain
    assert "Hours per person" in page and team["people"]["colleague"].full_name in page
    assert "40:00" in page and "−25:00" in page  # 15:00 h of 40:00
    assert "757.22" in page and "216.35" not in page
    paid_planner = make_user(roles.PLANNER, roles.HR)
    login(client, paid_planner)
    page = client.get(f"/scheduling/auto/{run.pk}/").content.decode()
    assert "216.35" in page and "324.52" in page


def test_accepting_for_some_people_writes_only_their_shifts(
    team, shop, django_capture_on_commit_callbacks, client, login
):
    planner, draft, people = team["users"]["planner"], shop["draft"], team["people"]
    run = _run(django_capture_on_commit_callbacks, planner, draft)
    theirs = [row for row in run.result["assignments"] if row[0] == people["colleague"].pk]
    login(client, planner)

    nobody = client.post(f"/scheduling/auto/{run.pk}/accept/", {"choose": "1"}, follow=True)

    assert "Tick at least one person" in nobody.content.decode()
    assert Shift.objects.filter(period=draft).count() == 0
    run.refresh_from_db()
    assert run.decision == ""

    response = client.post(
        f"/scheduling/auto/{run.pk}/accept/",
        {"choose": "1", "people": [str(people["colleague"].pk), "x"]},
    )

    assert response.status_code == 302
    written = Shift.objects.filter(period=draft)
    assert len(theirs) > 0
    assert {s.employee_id for s in written} == {people["colleague"].pk}
    assert written.count() == len(theirs)
    run.refresh_from_db()
    assert run.decision == AutoScheduleRun.Decision.ACCEPTED
    event = AuditEvent.objects.get(kind="scheduling.autoschedule_accepted")
    assert event.data["people"] == [people["colleague"].pk]
    assert roster_check(period=draft).open_conflicts() == []


def test_a_quick_roster_is_proposed_when_the_optimiser_finds_nothing(
    team, shop, django_capture_on_commit_callbacks, monkeypatch
):
    """CP-SAT ran out of time before its first roster: the greedy one is proposed, legal, and
    can be accepted."""
    from ortools.sat.python import cp_model

    monkeypatch.setattr(cp_model.CpSolver, "solve", lambda *args, **kwargs: cp_model.UNKNOWN)
    planner, draft = team["users"]["planner"], shop["draft"]

    run = _run(django_capture_on_commit_callbacks, planner, draft)

    assert run.result["found_by"] == "greedy" and run.result["status"] == "feasible"
    assert run.result["violations"] == [] and run.result["coverage"] == 100.0
    written, conflicts = services.autoschedule_accept(actor=planner, run=run)
    assert (written, conflicts) == (7, 0)
