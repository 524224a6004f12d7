"""Scheduling's pure Python: the working-time rule engine, time arithmetic, the classifier of
worked minutes and the auto-scheduler's solver. Nothing here touches the database or Django's
ORM, so each piece is tested with plain values and reused by selectors, services and the bench."""

# The working-time limits add their conflict codes to the rule engine's messages on import.
from scheduling.domain import worktime  # noqa: E402, F401
