"""The input shape of scheduling's pages, one module per area, re-exported here."""

from scheduling.forms.attendance import CorrectionRequestForm, EntryForm
from scheduling.forms.common import TimeInput
from scheduling.forms.roster import (
    AutoScheduleForm,
    AvailabilityForm,
    CommentForm,
    PeriodForm,
    RotationForm,
    ShiftForm,
    SwapForm,
)
from scheduling.forms.setup import (
    CoverageForm,
    LocationForm,
    MembersForm,
    PatternForm,
    RulesForm,
    RulesPresetForm,
    ShiftLimitForm,
    ShiftLimitFormSet,
    ShiftTemplateForm,
    SkillForm,
    StaffLimitsForm,
)

__all__ = [
    "AutoScheduleForm",
    "AvailabilityForm",
    "CommentForm",
    "CorrectionRequestForm",
    "CoverageForm",
    "EntryForm",
    "LocationForm",
    "MembersForm",
    "PatternForm",
    "PeriodForm",
    "RotationForm",
    "RulesForm",
    "RulesPresetForm",
    "ShiftForm",
    "ShiftLimitForm",
    "ShiftLimitFormSet",
    "ShiftTemplateForm",
    "SkillForm",
    "StaffLimitsForm",
    "SwapForm",
    "TimeInput",
]
