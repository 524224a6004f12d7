"""A pure shift auto-scheduler (roster optimiser) on OR-Tools CP-SAT: no Django, plain dataclasses.

The caller (the scheduling app) converts its models into an ``Instance`` and calls::

    result = solve(instance, time_limit_s=50, on_progress=..., should_stop=...)
    problems = validate(instance, result.assignments)        # always [] for a solver result
    reasons = explain_unfilled(instance, result)             # why each gap stayed open

The model, in short (details in model.py):

- Time is discrete by day; times are integer minutes local to the location. A person works at
  most one shift a day; each shift is an instance of a template (ShiftType) on a day and may run
  past midnight.
- Hard rules: skills, leave (whole and half days), unavailability, fixed days off, shift length,
  night work, daily rest between any two shifts (and explicit forbidden successions), a weekly
  rest of R minutes in every 7-day window computed exactly from the shift times, weekly and
  average working time, minimum and maximum total minutes, minimum and maximum runs of working
  days and of days off, working weekends, and the pinned shifts. History before day 0 carries
  the last shift's end, the runs and the hours, so the rules hold across the boundary.
- Cover is soft: per (day, shift type, skill) a required count with weights for missing and
  extra people; a person counts for one requirement only. Demand alone never makes the model
  infeasible: only pins that break a hard rule do, and then ``Result.conflicting_pins`` names
  a small set of them.
- Per person over the horizon: minimum and maximum total minutes, the most weekends worked, the
  most shifts of each type (e.g. at most 4 nights), and a minimum run of days off.
- The objective (``Weights``) adds missing/extra cover, overtime and a convex undertime against
  the contract target (a shortfall is spread, not put on one person), on/off wishes with their
  own weights, avoided shift types, the spread of night, weekend and unpopular shifts per
  full-time equivalent, and labour cost.
- To fill only some open slots, pin every kept shift and give demand only for the open slots.

Search: a greedy roster (greedy.py) is handed to CP-SAT as a complete hint, so the 10 s budget
is spent improving a roster of about 99 % cover, not looking for a first one; and when CP-SAT
has nothing better in time (a busy machine), that greedy roster, checked by the validator, is
the answer (``Result.found_by``).
"""

from .cpsat import solve
from .explain import REASON_CODES, Reason, explain_unfilled, format_reasons
from .generate import KnownCase, generate, known_cases
from .instance import (
    AFTERNOON,
    MORNING,
    Assignment,
    Demand,
    Employee,
    FoundBy,
    History,
    Instance,
    Result,
    Rules,
    ShiftRequest,
    ShiftType,
    SolveProgress,
    Status,
    UnfilledSlot,
    Weights,
    summarize,
)
from .validate import CODES as VIOLATION_CODES
from .validate import Violation, validate

__all__ = [
    "AFTERNOON",
    "MORNING",
    "REASON_CODES",
    "VIOLATION_CODES",
    "Assignment",
    "Demand",
    "Employee",
    "FoundBy",
    "History",
    "Instance",
    "KnownCase",
    "Reason",
    "Result",
    "Rules",
    "ShiftRequest",
    "ShiftType",
    "SolveProgress",
    "Status",
    "UnfilledSlot",
    "Violation",
    "Weights",
    "explain_unfilled",
    "format_reasons",
    "generate",
    "known_cases",
    "solve",
    "summarize",
    "validate",
]
