"""Building a roster: shifts one at a time and in bulk, and the periods they are published in."""

from scheduling.services.roster.common import (
    BulkResult,
    ShiftInput,
    _describe,
    _tell,
    period_editable,
    planners,
    shift_build,
)
from scheduling.services.roster.periods import (
    changes_discard,
    has_changes,
    period_close,
    period_create,
    period_publish,
)
from scheduling.services.roster.shifts import (
    rotation_apply,
    shift_delete,
    shift_move,
    shift_save,
    shifts_copy,
    shifts_delete,
    week_copy,
)

__all__ = [
    "BulkResult",
    "ShiftInput",
    "_describe",
    "_tell",
    "changes_discard",
    "has_changes",
    "period_close",
    "period_create",
    "period_editable",
    "period_publish",
    "planners",
    "rotation_apply",
    "shift_build",
    "shift_delete",
    "shift_move",
    "shift_save",
    "shifts_copy",
    "shifts_delete",
    "week_copy",
]
