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


def _count_part(params, context) -> bytes:
    for _step in range(int(params["steps"])):
        time.sleep(float(params["delay"]))
        context.progress(context.job.progress_done + 1, force=True)
    return f"part {params['n']}".encode()


def split(*, job, context) -> None:
    """Counts ``parts`` parts of ``steps`` steps each, split across the workers
    (``job_parts_run``); the result is the parts' results joined in order."""
    from backoffice.services.jobs import job_parts_run

    steps, delay = int(job.params["steps"]), float(job.params["delay"])
    parts = [{"n": n, "steps": steps, "delay": delay} for n in range(int(job.params["parts"]))]
    context.progress(0, steps * len(parts), force=True)
    pieces = job_parts_run(
        context=context,
        kind="test.part",
        parts=parts,
        first=lambda part: _count_part(part, context),
        poll=0.1,
    )
    context.save_result("joined.txt", b"|".join(pieces))


def part(*, job, context) -> None:
    context.progress(0, int(job.params["steps"]), force=True)
    content = _count_part(job.params, context)
    context.save_result(f"part-{job.params['n']}.txt", content)
    audit_record(kind="test.part_done", summary=f"part {job.params['n']} done", target=job)


def broken(*, job, context) -> None:
    raise RuntimeError("the disk is full")


registry.job_kind(JobKind("test.slow", "Slow counting", slow))
registry.job_kind(JobKind("test.broken", "Always fails", broken))
registry.job_kind(JobKind("test.split", "Counting in parts", split))
registry.job_kind(JobKind("test.part", "A part of counting in parts", part))
