"""A real Celery worker for the benchmarks that time a job the way users run it: started on the
bench's database and broker (the caller's environment), answering a ping before the clock starts,
stopped afterwards."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@contextmanager
def celery_worker(processes: int) -> Iterator[None]:
    """A worker with ``processes`` pool processes, for the duration of the block."""
    import os

    from backoffice.celery import app

    process = subprocess.Popen(  # noqa: S603 - our own worker, fixed arguments
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "backoffice",
            "worker",
            "--pool",
            "prefork",
            "--concurrency",
            str(processes),
            "--without-mingle",
            "--without-gossip",
            "--loglevel",
            "WARNING",
        ],
        cwd=ROOT,
        env=os.environ.copy(),
    )
    try:
        for _attempt in range(60):
            if app.control.ping(timeout=1.0):
                break
        else:
            raise SystemExit("The bench's Celery worker did not answer within a minute.")
        yield
    finally:
        process.terminate()
        process.wait(30)


def job_wait(job, *, limit: float = 900.0):
    """Poll ``job`` until it ends; the job, refreshed."""
    from backoffice.models import Job

    started = time.perf_counter()
    while job.status not in Job.FINAL_STATUSES:
        time.sleep(0.2)
        job.refresh_from_db()
        if time.perf_counter() - started > limit:
            raise SystemExit(f"The job did not finish in {limit:.0f} s.")
    return job
