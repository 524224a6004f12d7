"""Background jobs: start once, run once, survive a killed worker, report progress, be cancelled.

A job is claimed by the process that runs it (``runner`` = host:pid). A second delivery of the same
job (Celery requeues it when a pool child dies, or the heartbeat task re-enqueues it) takes the job
over only when that runner is gone: its process no longer exists on this host, or its heartbeat has
stopped for longer than ``JOB_STALE_SECONDS``. Handlers must be idempotent themselves (they rebuild
their result from scratch), so a take-over gives the same result as one clean run.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, connection, transaction
from django.db.models import F, Sum
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from backoffice.models import Job, Notification, User
from backoffice.registry import registry

logger = logging.getLogger(__name__)

UNKNOWN_KIND = "Unknown job kind: %s"
WAITING_FOR_WORKERS = gettext_lazy("Queued: will start when the workers are reachable.")


class JobCancelled(Exception):
    """Raised inside a handler when its job was cancelled (or taken over) meanwhile."""


def _this_runner() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def _runner_alive(job: Job, *, now) -> bool:
    if not job.runner:
        return False
    host, _sep, pid = job.runner.rpartition(":")
    if host == socket.gethostname() and pid.isdigit():
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
        if _is_zombie(int(pid)):
            return False
        # The process exists; trust it while its heartbeat is fresh.
    stale = now - timedelta(seconds=settings.JOB_STALE_SECONDS)
    return job.heartbeat_at is not None and job.heartbeat_at >= stale


def _is_zombie(pid: int) -> bool:
    """A killed process not yet reaped by its parent still answers kill(0)."""
    try:
        with open(f"/proc/{pid}/stat") as handle:
            return handle.read().rsplit(")", 1)[1].split()[0] in ("Z", "X")
    except (OSError, IndexError):
        return False


def job_key(
    *, kind: str, params: dict[str, Any], requested_by: User | None, version: str = ""
) -> str:
    """The same kind with the same parameters for the same person, on the same data, is the same
    work. ``version`` names the state of the data the result is built from (see JobKind.version):
    once that data changes, asking again is new work instead of the old, stale result."""
    payload = json.dumps(
        {
            "kind": kind,
            "params": params,
            "user": requested_by.pk if requested_by else None,
            "version": version,
        },
        sort_keys=True,
        default=str,
    )
    return f"{kind}:{hashlib.sha256(payload.encode()).hexdigest()[:40]}"


def _enqueue(job_id: int) -> None:
    """Publish the job once the transaction commits.

    A named function, not ``partial(task.delay, ...)``: Django logs a failing robust hook by its
    ``__qualname__``, which a partial lacks, and the request would answer 500. When the broker is
    unreachable the job stays queued, says so on its page, and ``job_revive_stalled`` publishes it
    again once the workers are reachable.
    """
    from backoffice.tasks import job_run_task, task_enqueue

    def enqueue() -> None:
        if not task_enqueue(job_run_task, job_id):
            _note_waiting_for_workers(job_id)

    transaction.on_commit(enqueue, robust=True)


def _note_waiting_for_workers(job_id: int) -> None:
    job = Job.objects.select_related("requested_by").filter(pk=job_id).first()
    if job is None or job.status != Job.Status.QUEUED:
        return
    language = job.requested_by.language if job.requested_by else settings.LANGUAGE_CODE
    with translation.override(language):
        message = str(WAITING_FOR_WORKERS)
    Job.objects.filter(pk=job_id, status=Job.Status.QUEUED).update(message=message)


def job_start(
    *,
    kind: str,
    params: dict[str, Any] | None = None,
    requested_by: User | None,
    idempotency_key: str | None = None,
) -> Job:
    """Start ``kind`` with ``params``, or return the same work already queued, running or done."""
    if kind not in registry.job_kinds:
        raise ValueError(UNKNOWN_KIND % kind)
    params = params or {}
    if idempotency_key is None:
        registered = registry.job_kinds[kind]
        version = registered.version(params, requested_by) if registered.version else ""
        idempotency_key = job_key(
            kind=kind, params=params, requested_by=requested_by, version=version
        )
    key = idempotency_key
    existing = Job.objects.filter(idempotency_key=key, status__in=Job.REUSABLE_STATUSES).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            job = Job.objects.create(
                kind=kind, params=params, requested_by=requested_by, idempotency_key=key
            )
            _enqueue(job.pk)
    except IntegrityError:
        # Somebody started the same work a moment ago: theirs is ours.
        return Job.objects.get(idempotency_key=key, status__in=Job.REUSABLE_STATUSES)
    return job


@dataclass
class JobContext:
    """What a handler gets: progress reporting (which also beats the heart) and result saving."""

    job: Job
    runner: str
    min_interval: float = 0.5
    _last_write: float = field(default=0.0)

    def _guarded(self):
        return Job.objects.filter(pk=self.job.pk, status=Job.Status.RUNNING, runner=self.runner)

    def progress(
        self,
        done: int,
        total: int | None = None,
        message: str | None = None,
        *,
        force: bool = False,
    ) -> None:
        """Record progress; raise ``JobCancelled`` if the job was cancelled or taken over."""
        if total is not None:
            self.job.progress_total = total
        self.job.progress_done = (
            min(done, self.job.progress_total) if self.job.progress_total else done
        )
        if message is not None:
            self.job.message = message
        now = time.monotonic()
        if (
            not force
            and now - self._last_write < self.min_interval
            and done < self.job.progress_total
        ):
            return
        self._last_write = now
        updated = self._guarded().update(
            progress_done=self.job.progress_done,
            progress_total=self.job.progress_total,
            message=self.job.message,
            heartbeat_at=timezone.now(),
        )
        if not updated:
            raise JobCancelled

    @contextmanager
    def keep_alive(self) -> Iterator[None]:
        """Beat the heart from a thread of its own while this thread is inside one long
        transaction, whose progress reports nobody sees until it commits: without it a long
        all-or-nothing write looks stalled and another worker would take the job over."""
        stop = threading.Event()

        def beat() -> None:
            try:
                while not stop.wait(max(1, settings.JOB_STALE_SECONDS // 4)):
                    self._guarded().update(heartbeat_at=timezone.now())
            finally:
                connection.close()  # the thread's own connection

        thread = threading.Thread(target=beat, name=f"job-{self.job.pk}-heartbeat", daemon=True)
        thread.start()
        try:
            yield
        finally:
            stop.set()
            thread.join()

    def save_result(self, filename: str, content: bytes) -> None:
        """Store the result file (replacing any from an earlier, interrupted attempt)."""
        old = self.job.result_file.name if self.job.result_file else ""
        self.job.result_file.save(filename, ContentFile(content), save=False)
        self.job.result_name = filename
        updated = self._guarded().update(
            result_file=self.job.result_file.name, result_name=filename
        )
        if old and old != self.job.result_file.name:
            self.job.result_file.storage.delete(old)
        if not updated:
            self.job.result_file.storage.delete(self.job.result_file.name)
            raise JobCancelled


def _claim(job_id: int, runner: str) -> Job | None:
    now = timezone.now()
    with transaction.atomic():
        job = Job.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.status not in Job.ACTIVE_STATUSES:
            return None
        if (
            job.status == Job.Status.RUNNING
            and job.runner != runner
            and _runner_alive(job, now=now)
        ):
            return None
        if job.attempts >= settings.JOB_MAX_ATTEMPTS:
            _finish(
                job, Job.Status.FAILED, _("Stopped after %(n)s attempts.") % {"n": job.attempts}
            )
            return None
        if job.status == Job.Status.QUEUED:
            job.message = ""  # "waiting for the workers" or an earlier attempt's progress
        job.status = Job.Status.RUNNING
        job.attempts = F("attempts") + 1
        job.runner = runner
        job.heartbeat_at = now
        job.started_at = job.started_at or now
        job.save(
            update_fields=["status", "attempts", "runner", "heartbeat_at", "started_at", "message"]
        )
        job.refresh_from_db()
        return job


def _finish(
    job: Job, status: str, message: str | None = None, *, runner: str | None = None
) -> bool:
    updates: dict[str, Any] = {
        "status": status,
        "finished_at": timezone.now(),
        "heartbeat_at": timezone.now(),
    }
    if message is not None:
        updates["message"] = message
    if status == Job.Status.SUCCEEDED:
        updates["progress_done"] = F("progress_total")
    query = Job.objects.filter(pk=job.pk, status__in=Job.ACTIVE_STATUSES)
    if runner is not None:
        query = query.filter(runner=runner)
    return bool(query.update(**updates))


def job_run(*, job_id: int) -> Job | None:
    """Run the job's handler if this delivery should; safe to call any number of times."""
    runner = _this_runner()
    job = _claim(job_id, runner)
    if job is None:
        return Job.objects.filter(pk=job_id).first()
    kind = registry.job_kinds.get(job.kind)
    language = job.requested_by.language if job.requested_by else settings.LANGUAGE_CODE
    with translation.override(language):
        if kind is None:
            _finish(job, Job.Status.FAILED, UNKNOWN_KIND % job.kind, runner=runner)
            return Job.objects.get(pk=job.pk)
        context = JobContext(job=job, runner=runner)
        try:
            kind.handler(job=job, context=context)
        except JobCancelled:
            pass
        except SoftTimeLimitExceeded:
            _finish(
                job, Job.Status.FAILED, _("The job took too long and was stopped."), runner=runner
            )
        except Exception as exc:
            logger.exception("Job %s (%s) failed", job.pk, job.kind)
            _finish(
                job,
                Job.Status.FAILED,
                _("The job failed: %(error)s") % {"error": exc},
                runner=runner,
            )
        else:
            if _finish(job, Job.Status.SUCCEEDED, job.message or None, runner=runner):
                _tell_requester(job, kind, succeeded=True)
            return Job.objects.get(pk=job.pk)
    if Job.objects.filter(pk=job.pk, status=Job.Status.FAILED, runner=runner).exists():
        _tell_requester(job, kind, succeeded=False)
    return Job.objects.get(pk=job.pk)


def _tell_requester(job: Job, kind, *, succeeded: bool) -> None:
    """The person who started the job hears when it ends, in their own language."""
    from backoffice.services.notifications import notification_send

    if job.requested_by is None or kind is None:
        return
    notification_send(
        recipient=job.requested_by,
        kind="job.succeeded" if succeeded else "job.failed",
        title=gettext_noop("%(job)s is ready") if succeeded else gettext_noop("%(job)s failed"),
        params={"job": kind.label},
        url=reverse("backoffice:job-detail", args=[job.uuid]),
        level=Notification.Level.SUCCESS if succeeded else Notification.Level.DANGER,
    )


class JobPartFailed(RuntimeError):
    """A part of a split job failed; its message says which and why."""


def job_parts_run(
    *,
    context: JobContext,
    kind: str,
    parts: list[dict[str, Any]],
    first: Callable[[dict[str, Any]], bytes],
    poll: float = 0.5,
) -> list[bytes]:
    """Split one job's work across the workers: ``parts[1:]`` start as jobs of ``kind`` (no
    requester, so nobody is notified of a part; keyed by this job and the part's number, so a
    rerun after a kill reuses the parts already done), while this job does ``parts[0]`` with
    ``first``. Then it collects the others in order: a part still queued, or whose worker died,
    is run here, so a single worker finishes the work alone and no part waits forever; a part
    running elsewhere is waited for, with this job's heart beating. Returns each part's result
    file content, in order. While it waits, this job's progress is what ``first`` reported plus
    the parts' own. Raises ``JobPartFailed`` when a part failed or was cancelled."""
    children = [
        job_start(
            kind=kind,
            params=part,
            requested_by=None,
            idempotency_key=f"{context.job.idempotency_key}:part:{number}"[:200],
        )
        for number, part in enumerate(parts[1:], start=1)
    ]
    results = [first(parts[0])]
    base = context.job.progress_done
    waiting = {child.pk for child in children}
    while waiting:
        ran = False
        for child in Job.objects.filter(pk__in=waiting).order_by("pk"):
            if child.status == Job.Status.SUCCEEDED:
                waiting.discard(child.pk)
            elif child.status in Job.FINAL_STATUSES:
                raise JobPartFailed(child.message)
            else:
                with context.keep_alive():
                    # Runs it here unless a live worker has it.
                    ran = job_run(job_id=child.pk).runner == context.runner or ran
        if waiting and not ran:
            others = Job.objects.filter(pk__in=[c.pk for c in children]).aggregate(
                n=Sum("progress_done")
            )["n"]
            context.progress(base + (others or 0), force=True)
            time.sleep(poll)
    for child in Job.objects.filter(pk__in=[c.pk for c in children]).order_by("pk"):
        if not child.result_file:  # a part that stores its own results
            results.append(b"")
            continue
        with child.result_file.open("rb") as handle:
            results.append(handle.read())
    return results


def job_cancel(*, job: Job, actor: User) -> bool:
    """Cancel a queued or running job; a running handler stops at its next progress report."""
    message = _("Cancelled by %(name)s.") % {"name": actor.display_name}
    return _finish(job, Job.Status.CANCELLED, message)


def job_revive_stalled(*, now=None) -> int:
    """Re-enqueue jobs whose heartbeat stopped (or that were never picked up), up to the cap."""
    now = now or timezone.now()
    revived = 0
    for job in Job.objects.stalled(now=now).order_by("pk")[:500]:
        with transaction.atomic():
            locked = Job.objects.select_for_update().filter(pk=job.pk).first()
            if (
                locked is None
                or locked.status not in Job.ACTIVE_STATUSES
                or _runner_alive(locked, now=now)
            ):
                continue
            if locked.status == Job.Status.RUNNING and locked.attempts >= settings.JOB_MAX_ATTEMPTS:
                _finish(
                    locked,
                    Job.Status.FAILED,
                    _("The worker stopped responding %(n)s times; giving up.")
                    % {"n": locked.attempts},
                )
                continue
            Job.objects.filter(pk=locked.pk).update(
                status=Job.Status.QUEUED, runner="", heartbeat_at=now
            )
            _enqueue(locked.pk)
            revived += 1
    return revived


def jobs_purge_old(*, now=None) -> int:
    """Finished jobs past the retention period go, with their result files."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.RETENTION_DAYS)
    old = Job.objects.filter(status__in=Job.FINAL_STATUSES, finished_at__lt=cutoff)
    count = 0
    for job in old.iterator():
        if job.result_file:
            job.result_file.storage.delete(job.result_file.name)
        job.delete()
        count += 1
    return count
