"""The auto-scheduler inside the app: the instance read from the roster, the job, the proposal,
accepting and discarding, open shifts of a published week, pins that break a rule, cancelling."""

from __future__ import annotations

from datetime import time, timedelta

import pytest

from backoffice.models import Job, Notification
from backoffice.services.jobs import JobCancelled, JobContext
from hr.models import LeaveRequest
from scheduling import services
from scheduling.autoschedule import instance_for
from scheduling.models import AutoScheduleRun, Availability, Coverage, Shift
from scheduling.selectors import roster_check
from scheduling.solver import validate
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
    assert Shift.objects.filter(period=published).count() == 2
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
    from scheduling.solver.instance import Assignment

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
