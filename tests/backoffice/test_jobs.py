"""Jobs in process: start once, run once, fail clearly, cancel, revive a stalled one."""

from datetime import timedelta

import pytest
from django.utils import timezone

from backoffice.models import AuditEvent, Job, Notification
from backoffice.roles import ADMINISTRATOR, STAFF
from backoffice.services import job_cancel, job_revive_stalled, job_run, job_start, jobs_purge_old


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
