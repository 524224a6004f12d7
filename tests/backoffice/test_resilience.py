"""When a service is down the product says so instead of failing: a job started while the broker is
unreachable waits, queued, on its page; the health check answers quickly; an unreachable database
gives a "temporarily unavailable" page; a new pool process starts without heavy work."""

from __future__ import annotations

import logging
import socket
import time
from datetime import date, timedelta

import pytest
from celery.signals import worker_process_init
from django.db import OperationalError, connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from backoffice.celery import app as celery_app
from backoffice.models import Job
from backoffice.roles import ADMINISTRATOR, STAFF
from backoffice.services import audit_record, job_revive_stalled, job_start
from backoffice.tasks import task_enqueue
from hr import events
from scheduling.tasks import leave_approved_task
from tests.conftest import login_verified

#: A port where nothing listens: connecting is refused at once, as when Redis is down.
CLOSED_BROKER = "redis://127.0.0.1:1/0"
WAITING = "Queued: will start when the workers are reachable."
UNAVAILABLE = "The back office cannot reach its database right now."


def _reset_broker_connections() -> None:
    """Celery keeps its broker connections in pools made from the URL it first saw."""
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


class _Broker:
    def back(self) -> None:
        """The workers are reachable again (in tests: tasks run in process, as configured)."""
        celery_app.conf.task_always_eager = True


@pytest.fixture
def closed_broker(monkeypatch, settings):
    """Publishing really goes to a closed port. Celery reads CELERY_BROKER_URL from the environment
    before its configuration, and tests normally run tasks eagerly, without a broker."""
    eager = celery_app.conf.task_always_eager
    settings.CELERY_BROKER_URL = CLOSED_BROKER
    monkeypatch.setenv("CELERY_BROKER_URL", CLOSED_BROKER)
    celery_app.conf.task_always_eager = False
    _reset_broker_connections()
    yield _Broker()
    celery_app.conf.task_always_eager = eager
    monkeypatch.undo()
    _reset_broker_connections()


# --- jobs while the broker is down -------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_an_export_started_while_the_broker_is_down_waits_queued_on_its_page(
    closed_broker, make_user
):
    """A transactional test: the view's commit runs the on-commit hook inside the request."""
    admin_user = make_user(ADMINISTRATOR)
    client = Client()
    login_verified(client, admin_user)
    audit_record(kind="organisation.updated", summary="first", actor=admin_user)

    started = time.monotonic()
    response = client.post(reverse("backoffice:audit-export"), {"kind": "organisation.updated"})
    elapsed = time.monotonic() - started

    job = Job.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("backoffice:job-detail", args=[job.uuid])
    assert elapsed < 2
    assert (job.status, job.attempts, job.started_at, job.message) == (
        Job.Status.QUEUED,
        0,
        None,
        WAITING,
    )
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert WAITING in page.content.decode()


def test_a_job_left_waiting_runs_once_the_workers_are_back(
    make_user, closed_broker, django_capture_on_commit_callbacks
):
    user = make_user(STAFF)
    with django_capture_on_commit_callbacks(execute=True):
        job = job_start(kind="test.slow", params={"steps": 2}, requested_by=user)
    job.refresh_from_db()
    assert (job.status, job.attempts, job.message) == (Job.Status.QUEUED, 0, WAITING)

    closed_broker.back()
    Job.objects.filter(pk=job.pk).update(created_at=timezone.now() - timedelta(minutes=5))
    with django_capture_on_commit_callbacks(execute=True):
        assert job_revive_stalled() == 1

    job.refresh_from_db()
    assert (job.status, job.attempts, job.message) == (Job.Status.SUCCEEDED, 1, "counting")
    assert job.result_file.read() == b"counted to 2"


def test_a_receiver_logs_instead_of_raising_when_the_broker_is_down(closed_broker, caplog):
    with caplog.at_level(logging.WARNING, logger="backoffice.tasks"):
        payload = events.LeaveApproved(
            request_id=41, employee_id=1, start_date=date(2026, 5, 4), end_date=date(2026, 5, 4)
        )
        events.leave_approved.send(sender=events.LeaveApproved, payload=payload)
        assert task_enqueue(leave_approved_task, 42) is False
    assert [r.getMessage().split(" not enqueued")[0] for r in caplog.records] == [
        "scheduling.leave_approved_task(41,)",
        "scheduling.leave_approved_task(42,)",
    ]


# --- the health check ----------------------------------------------------------------------------


def test_the_health_check_answers_503_quickly_when_the_broker_port_is_closed(client, settings):
    settings.CELERY_BROKER_URL = CLOSED_BROKER
    started = time.monotonic()
    response = client.get(reverse("healthz"))
    elapsed = time.monotonic() - started
    assert response.status_code == 503
    assert response.json() == {
        "status": "unavailable",
        "database": "ok",
        "broker": "error: OperationalError",
    }
    assert elapsed < 2


def test_the_health_check_does_not_wait_for_a_name_lookup_that_hangs(client, settings, monkeypatch):
    def slow_lookup(*args, **kwargs):
        time.sleep(4)
        raise socket.gaierror("Temporary failure in name resolution")

    monkeypatch.setattr(socket, "getaddrinfo", slow_lookup)
    settings.CELERY_BROKER_URL = "redis://broker.invalid:6379/0"
    started = time.monotonic()
    response = client.get(reverse("healthz"))
    elapsed = time.monotonic() - started
    assert response.status_code == 503
    assert response.json()["broker"] == "error: timeout"
    assert elapsed < 3


# --- the database is unreachable ----------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_an_unreachable_database_gives_the_temporarily_unavailable_page(make_user):
    client = Client(raise_request_exception=False)
    login_verified(client, make_user(STAFF))
    client.cookies["django_language"] = "bg"
    port = connection.settings_dict["PORT"]
    connection.close()
    connection.settings_dict["PORT"] = 1  # nothing listens: the session cannot even be loaded
    try:
        response = client.get(reverse("home"))
    finally:
        connection.close()
        connection.settings_dict["PORT"] = port

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    page = response.content.decode()
    assert '<html lang="bg">' in page
    assert "503" in page


def test_a_view_that_loses_the_database_answers_503_with_the_page(make_user, monkeypatch):
    def lost(user):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr("backoffice.views.home.registry.widgets_for", lost)
    client = Client(raise_request_exception=False)
    login_verified(client, make_user(STAFF))

    response = client.get(reverse("home"))

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert UNAVAILABLE in response.content.decode()
    assert "Temporarily unavailable" in response.content.decode()


def test_other_errors_still_answer_the_generic_500(make_user, monkeypatch):
    def broken(user):
        raise RuntimeError("a bug")

    monkeypatch.setattr("backoffice.views.home.registry.widgets_for", broken)
    client = Client(raise_request_exception=False)
    login_verified(client, make_user(STAFF))

    response = client.get(reverse("home"))

    assert response.status_code == 500
    assert "Retry-After" not in response
    assert "Something went wrong on our side" in response.content.decode()


# --- a new pool process --------------------------------------------------------------------------


@pytest.mark.pdf
@pytest.mark.django_db(transaction=True)
def test_a_new_pool_process_starts_without_preparing_pdfs_and_renders_one_later(settings):
    from pathlib import Path

    from backoffice import pdf

    pdf._cache.clear()
    connection.ensure_connection()
    started = time.monotonic()
    worker_process_init.send(sender=None)
    elapsed = time.monotonic() - started

    assert elapsed < 0.5
    assert connection.connection is None  # the parent's connection is not shared
    assert "fonts" not in pdf._cache
    templates = Path(__file__).resolve().parents[1] / "templates"
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], templates]}
    ]
    data = pdf.render_pdf("test_document.html", {"heading": "a", "rows": [1], "reference": "1"})
    assert data.startswith(b"%PDF-")
    assert "fonts" in pdf._cache
