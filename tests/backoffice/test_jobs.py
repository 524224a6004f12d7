"""Jobs in process: start once, run once, fail clearly, cancel, revive a stalled one; only the\nrequester takes a result; the same request on changed data is new work."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from backoffice.models import AuditEvent, Job, Notification
from backoffice.roles import ADMINISTRATOR, HR, MANAGER, STAFF
from backoffice.services import job_cancel, job_revive_stalled, job_run, job_start, jobs_purge_old
from scheduling.services.attendance import entry_correct, timesheet_for, timesheet_submit


def _completions(job) -> int:
    return AuditEvent.objects.filter(kind="test.completed", object_id=str(job.pk)).count()


def test_a_job_runs_to_completion_with_progress_and_result(
    make_user, django_capture_on_commit_callbacks
):
    user = make_user(STAFF)
    with django_capture_on_commit_callbacks(execute=True):
        job = job_start(kind="test.slow", params={"steps": 4}, requested_by=user)
    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED
    assert (job.progress_done, job.progress_total, job.attempts) == (4, 4, 1)
    assert job.result_file.read() == b"counted to 4"
    assert job.result_name == "count.txt"
    note = Notification.objects.get(recipient=user)
    assert (note.title, note.level) == ("Slow counting is ready", "success")
    assert note.url == f"/jobs/{job.uuid}/"
    assert job.finished_at is not None and job.started_at is not None
    assert _completions(job) == 1


def test_the_same_work_started_twice_runs_once(make_user, django_capture_on_commit_callbacks):
    user = make_user(STAFF)
    with django_capture_on_commit_callbacks(execute=True):
        first = job_start(kind="test.slow", params={"steps": 2}, requested_by=user)
        second = job_start(kind="test.slow", params={"steps": 2}, requested_by=user)
    assert first.pk == second.pk
    job_run(job_id=first.pk)  # a duplicate delivery of a finished job does nothing
    assert Job.objects.count() == 1
    assert _completions(first) == 1


def test_different_parameters_or_people_are_different_work(make_user):
    alice, bob = make_user(STAFF), make_user(STAFF)
    a = job_start(kind="test.slow", params={"steps": 2}, requested_by=alice)
    b = job_start(kind="test.slow", params={"steps": 3}, requested_by=alice)
    c = job_start(kind="test.slow", params={"steps": 2}, requested_by=bob)
    assert len({a.pk, b.pk, c.pk}) == 3


def test_a_failed_job_is_started_again_as_a_new_attempt(
    make_user, django_capture_on_commit_callbacks
):
    user = make_user(STAFF)
    with django_capture_on_commit_callbacks(execute=True):
        failed = job_start(kind="test.broken", requested_by=user)
    failed.refresh_from_db()
    assert failed.status == Job.Status.FAILED
    assert "the disk is full" in failed.message
    assert Notification.objects.get(recipient=user).title == "Always fails failed"
    with django_capture_on_commit_callbacks(execute=False):
        again = job_start(kind="test.broken", requested_by=user)
    assert again.pk != failed.pk
    assert again.status == Job.Status.QUEUED


def test_unknown_kind_is_refused(make_user):
    with pytest.raises(ValueError, match="Unknown job kind"):
        job_start(kind="nope", requested_by=make_user())
    assert Job.objects.count() == 0


def test_cancel_stops_a_queued_job_and_it_never_runs(make_user):
    user = make_user(STAFF)
    job = job_start(kind="test.slow", params={"steps": 2}, requested_by=user)
    assert job_cancel(job=job, actor=user) is True
    job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == Job.Status.CANCELLED
    assert job.attempts == 0
    assert _completions(job) == 0
    assert job_cancel(job=job, actor=user) is False


def test_a_job_whose_worker_vanished_is_picked_up_by_the_heartbeat_task(
    make_user, django_capture_on_commit_callbacks
):
    user = make_user(STAFF)
    job = job_start(kind="test.slow", params={"steps": 3}, requested_by=user)
    stale = timezone.now() - timedelta(minutes=10)
    Job.objects.filter(pk=job.pk).update(
        status=Job.Status.RUNNING,
        runner="gone-host:4242",
        heartbeat_at=stale,
        attempts=1,
        progress_done=1,
        progress_total=3,
    )
    with django_capture_on_commit_callbacks(execute=True):
        revived = job_revive_stalled()
    assert revived == 1
    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED
    assert job.attempts == 2
    assert _completions(job) == 1


def test_a_fresh_running_job_is_left_alone(make_user):
    job = job_start(kind="test.slow", requested_by=make_user())
    Job.objects.filter(pk=job.pk).update(
        status=Job.Status.RUNNING, runner="other-host:1", heartbeat_at=timezone.now(), attempts=1
    )
    assert job_revive_stalled() == 0
    job_run(job_id=job.pk)  # a second delivery while the first runner is alive
    job.refresh_from_db()
    assert (job.status, job.attempts) == (Job.Status.RUNNING, 1)


def test_revival_gives_up_after_the_cap(make_user, settings):
    job = job_start(kind="test.slow", requested_by=make_user())
    Job.objects.filter(pk=job.pk).update(
        status=Job.Status.RUNNING,
        runner="gone:1",
        heartbeat_at=timezone.now() - timedelta(hours=1),
        attempts=settings.JOB_MAX_ATTEMPTS,
    )
    assert job_revive_stalled() == 0
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert "giving up" in job.message


def test_old_finished_jobs_are_purged_with_their_files(
    make_user, django_capture_on_commit_callbacks, settings
):
    with django_capture_on_commit_callbacks(execute=True):
        job = job_start(
            kind="test.slow", params={"steps": 1}, requested_by=make_user(ADMINISTRATOR)
        )
    job.refresh_from_db()
    path = job.result_file.path
    Job.objects.filter(pk=job.pk).update(
        finished_at=timezone.now() - timedelta(days=settings.RETENTION_DAYS + 1)
    )
    assert jobs_purge_old() == 1
    assert not Job.objects.filter(pk=job.pk).exists()
    import os

    assert not os.path.exists(path)


# --- who takes a result ---------------------------------------------------------------------------


def _finished_export(owner) -> Job:
    job = Job.objects.create(
        kind="scheduling.timesheets_export",
        requested_by=owner,
        idempotency_key="team-hours",
        status=Job.Status.SUCCEEDED,
        result_name="timesheets-2026-03-01.xlsx",
    )
    job.result_file.save("timesheets-2026-03-01.xlsx", ContentFile(b"the team's hours"))
    return job


def test_only_the_requester_downloads_a_result_administrators_see_the_job_only(
    client, make_user, login
):
    manager, admin = make_user(MANAGER, STAFF), make_user(ADMINISTRATOR)
    job = _finished_export(manager)
    detail = reverse("backoffice:job-detail", args=[job.uuid])
    download = reverse("backoffice:job-download", args=[job.uuid])

    login(client, admin)
    page = client.get(detail)
    assert page.status_code == 200
    text = page.content.decode()
    assert download not in text
    assert "Only the person who asked for this job can download its result." in text
    assert client.get(download).status_code == 404

    login(client, manager)
    page = client.get(detail)
    assert download in page.content.decode()
    response = client.get(download)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"the team's hours"


# --- the same request on changed data is new work -----------------------------------------------


@pytest.fixture
def team_sheet(make_user):
    """A manager and a report with a March 2026 timesheet and one corrected session in it."""
    from tests.hr import factories as hr_factories

    manager_user, staff_user = make_user(MANAGER, STAFF), make_user(STAFF)
    department = hr_factories.department()
    manager = hr_factories.employee(user=manager_user, dept=department, first_name="Мартин")
    staff = hr_factories.employee(user=staff_user, dept=department, manager=manager)
    sheet = timesheet_for(employee=staff, day=date(2026, 3, 10))
    entry_correct(
        actor=manager_user,
        employee=staff,
        clock_in=datetime(2026, 3, 10, 6, tzinfo=UTC),
        clock_out=datetime(2026, 3, 10, 14, tzinfo=UTC),
        break_minutes=30,
        reason="forgot to clock",
    )
    return {"manager": manager_user, "staff_user": staff_user, "staff": staff, "sheet": sheet}


def _export(user) -> Job:
    return job_start(
        kind="scheduling.timesheets_export",
        params={"start": "2026-03-01", "format": "xlsx"},
        requested_by=user,
    )


def test_the_same_timesheet_export_on_the_same_data_is_one_job(team_sheet):
    first = _export(team_sheet["manager"])
    Job.objects.filter(pk=first.pk).update(status=Job.Status.SUCCEEDED)
    assert _export(team_sheet["manager"]).pk == first.pk
    assert Job.objects.count() == 1


def test_a_changed_timesheet_or_session_makes_the_export_new_work(team_sheet):
    first = _export(team_sheet["manager"])
    Job.objects.filter(pk=first.pk).update(status=Job.Status.SUCCEEDED)

    timesheet_submit(actor=team_sheet["staff_user"], timesheet=team_sheet["sheet"])
    second = _export(team_sheet["manager"])
    assert second.pk != first.pk

    entry_correct(
        actor=team_sheet["manager"],
        employee=team_sheet["staff"],
        clock_in=datetime(2026, 3, 11, 6, tzinfo=UTC),
        clock_out=datetime(2026, 3, 11, 10, tzinfo=UTC),
        break_minutes=0,
        reason="second day",
    )
    third = _export(team_sheet["manager"])
    assert len({first.pk, second.pk, third.pk}) == 3
    assert _export(team_sheet["manager"]).pk == third.pk


def test_the_headcount_report_is_new_work_once_the_figures_change(make_user):
    from tests.hr import factories as hr_factories

    hr_user = make_user(HR)
    department = hr_factories.department()
    hr_factories.employee(dept=department)
    first = job_start(
        kind="hr.headcount_report", params={"date": "2026-03-10"}, requested_by=hr_user
    )
    again = job_start(
        kind="hr.headcount_report", params={"date": "2026-03-10"}, requested_by=hr_user
    )
    assert again.pk == first.pk

    hr_factories.employee(dept=department)
    changed = job_start(
        kind="hr.headcount_report", params={"date": "2026-03-10"}, requested_by=hr_user
    )
    assert changed.pk != first.pk
