from scheduling.models.attendance import (
    BreakEntry,
    CorrectionRequest,
    TimeEntry,
    Timesheet,
    TimesheetAdjustment,
)
from scheduling.models.auto import AutoScheduleRun
from scheduling.models.roster import (
    Availability,
    CalendarFeed,
    ConflictAcceptance,
    SchedulePeriod,
    Shift,
    SwapRequest,
)
from scheduling.models.setup import (
    WEEKDAYS,
    Colour,
    Coverage,
    Location,
    RotationPattern,
    ShiftTemplate,
    ShiftTypeLimit,
    Skill,
    StaffLimits,
    WorkingTimeRules,
)

__all__ = [
    "BreakEntry",
    "CorrectionRequest",
    "TimeEntry",
    "Timesheet",
    "TimesheetAdjustment",
    "AutoScheduleRun",
    "WEEKDAYS",
    "Availability",
    "CalendarFeed",
    "Colour",
    "ConflictAcceptance",
    "Coverage",
    "Location",
    "RotationPattern",
    "SchedulePeriod",
    "Shift",
    "ShiftTemplate",
    "ShiftTypeLimit",
    "Skill",
    "StaffLimits",
    "SwapRequest",
    "WorkingTimeRules",
]
