"""A real Celery worker (prefork, against Redis and the test database) runs jobs to the end,
survives its pool child being killed, and runs the same work once."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from backoffice.celery import app as celery_app
from backoffice.models import AuditEvent, Job
from backoffice.roles import STAFF
from backoffice.services import job_start

pytestmark = [pytest.mark.redis, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
ROOT = Path(__file__).resolve().parents[2]


def _wait(predicate, timeout: float = 60, step: float = 0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(step)
    raise AssertionError("timed out waiting")


@pytest.fixture
def worker():
    """A prefork worker with one pool child, pointed at this test database."""
    eager = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = False
    celery_app.control.purge()
    db = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "CELERY_TASK_ALWAYS_EAGER": "0",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
    }
    log = open(ROOT / "var" / "test" / "worker.log", "w")  # noqa: SIM115
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "backoffice",
            "worker",
            "-I",
            "tests.backoffice.job_kinds",
            "--pool",
            "prefork",
            "--concurrency",
            "1",
            "--loglevel",
            "INFO",
            "--without-mingle",
            "--without-gossip",
            "-n",
            f"test-{os.getpid()}@%h",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    yield process
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
    log.close()
    celery_app.conf.task_always_eager = eager
    connection.close()


def _job(pk: int) -> Job:
    return Job.objects.get(pk=pk)


def test_a_real_worker_runs_a_job_with_progress_and_result(worker, make_user):
    user = make_user(STAFF)
    job = job_start(kind="test.slow", params={"steps": 5, "delay": 0.2}, requested_by=user)
    seen_progress = _wait(lambda: _job(job.pk).progress_done or None, timeout=90)
    assert 1 <= seen_progress <= 5
    done = _wait(lambda: _job(job.pk) if _job(job.pk).status == Job.Status.SUCCEEDED else None)
    assert (done.progress_done, done.progress_total, done.attempts) == (5, 5, 1)
    assert done.result_file.read() == b"counted to 5"
    assert AuditEvent.objects.filter(kind="test.completed").count() == 1


def test_killing_the_pool_child_mid_job_ends_with_the_job_done_once(worker, make_user):
    user = make_user(STAFF)
    job = job_start(kind="test.slow", params={"steps": 12, "delay": 0.25}, requested_by=user)
    running = _wait(lambda: (j := _job(job.pk)).progress_done >= 2 and j, timeout=90)
    pid = int(running.runner.rsplit(":", 1)[1])
    os.kill(pid, signal.SIGKILL)
    done = _wait(
        lambda: _job(job.pk) if _job(job.pk).status in Job.FINAL_STATUSES else None, timeout=90
    )
    assert done.status == Job.Status.SUCCEEDED, done.message
    assert done.attempts == 2
    assert done.runner != running.runner
    assert done.result_file.read() == b"counted to 12"
    assert AuditEvent.objects.filter(kind="test.completed", object_id=str(job.pk)).count() == 1


def test_killing_the_pool_child_mid_part_of_a_split_job_still_joins_every_part_once(
    worker, make_user
):
    """The worker's only pool child runs a split job's parts itself, one after another; killed
    in the middle of part 2, the job is redelivered, reuses part 1 as done, runs part 2 again,
    then part 3, and joins all four in order."""
    user = make_user(STAFF)
    job = job_start(
        kind="test.split", params={"parts": 4, "steps": 4, "delay": 0.2}, requested_by=user
    )
    running = _wait(
        lambda: Job.objects.filter(
            kind="test.part", params__n=2, status=Job.Status.RUNNING, progress_done__gte=2
        ).first(),
        timeout=90,
        step=0.05,
    )
    os.kill(int(running.runner.rsplit(":", 1)[1]), signal.SIGKILL)
    done = _wait(
        lambda: _job(job.pk) if _job(job.pk).status in Job.FINAL_STATUSES else None, timeout=120
    )
    assert done.status == Job.Status.SUCCEEDED, done.message
    assert done.attempts == 2
    assert done.result_file.read() == b"part 0|part 1|part 2|part 3"
    parts = Job.objects.filter(kind="test.part").order_by("pk")
    assert [(p.params["n"], p.status) for p in parts] == [(n, "succeeded") for n in (1, 2, 3)]
    assert _job(running.pk).attempts == 2  # the killed part ran again, the others once
    done_once = AuditEvent.objects.filter(kind="test.part_done").values_list("summary", flat=True)
    assert sorted(done_once) == ["part 1 done", "part 2 done", "part 3 done"]


def test_the_same_job_started_twice_runs_once_on_a_real_worker(worker, make_user):
    user = make_user(STAFF)
    first = job_start(kind="test.slow", params={"steps": 3, "delay": 0.1}, requested_by=user)
    second = job_start(kind="test.slow", params={"steps": 3, "delay": 0.1}, requested_by=user)
    assert first.pk == second.pk
    _wait(lambda: _job(first.pk).status == Job.Status.SUCCEEDED)
    third = job_start(kind="test.slow", params={"steps": 3, "delay": 0.1}, requested_by=user)
    assert third.pk == first.pk  # succeeded work is returned, not redone
    time.sleep(1)
    assert Job.objects.count() == 1
    assert AuditEvent.objects.filter(kind="test.completed").count() == 1


@pytest.mark.pdf
def test_a_pool_child_renders_a_pdf_it_prepared_nothing_for_at_start(worker, make_user):
    """The fonts and print stylesheet are built by the first render, not when the child starts."""
    from backoffice.roles import HR

    job = job_start(
        kind="hr.headcount_report", params={"date": "2026-03-10"}, requested_by=make_user(HR)
    )
    done = _wait(
        lambda: _job(job.pk) if _job(job.pk).status in Job.FINAL_STATUSES else None, timeout=90
    )
    assert done.status == Job.Status.SUCCEEDED, done.message
    assert done.result_file.read().startswith(b"%PDF-")
