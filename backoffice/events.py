"""The shape of a domain event: the news a department sends upward (DESIGN.md 1).

A department declares its ``Signal``s in its own ``events.py`` and, beside each, a frozen dataclass
of ids and dates, the payload. Services hand a payload to ``action_record(event=...)``, which sends
it on its signal after the commit as ``payload=``; a receiver reads typed fields instead of
guessing at keyword arguments, and a payload that misses a field fails where it is built.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from django.dispatch import Signal


@dataclass(frozen=True)
class DomainEvent:
    """Base of every payload; a subclass names the signal it travels on as ``signal``."""

    signal: ClassVar[Signal]
