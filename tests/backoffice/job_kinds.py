"""Job kinds used only by tests. A real worker started with ``-I tests.backoffice.job_kinds``
knows them too, so tests can run slow, countable work through the real machinery."""

from __future__ import annotations

import time

from backoffice.registry import JobKind, registry
from backoffice.services.audit import audit_record


def slow(*, job, context) -> None:
    """Counts to ``steps``, sleeping ``delay`` seconds each step; records one completion."""
    steps = int(job.params.get("steps", 5))
    delay = float(job.params.get("delay", 0))
    context.progress(0, steps, "counting", force=True)
    for step in range(1, steps + 1):
        time.sleep(delay)
        context.progress(step, force=True)
    context.save_result("count.txt", f"counted to {steps}".encode())
    audit_record(kind="test.completed", summary=f"job {job.pk} completed", target=job)


def broken(*, job, context) -> None:
    raise RuntimeError("the disk is full")


registry.job_kind(JobKind("test.slow", "Slow counting", slow))
registry.job_kind(JobKind("test.broken", "Always fails", broken))
