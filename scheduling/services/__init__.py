from scheduling.services.auto import (
    autoschedule_accept,
    autoschedule_discard,
    autoschedule_start,
)
from scheduling.services.reactions import (
    shifts_note_leave_cancelled,
    shifts_release_for_leave,
    shifts_release_for_leaver,
)
from scheduling.services.roster import (
    ShiftInput,
    period_close,
    period_create,
    period_publish,
    rotation_apply,
    shift_build,
    shift_delete,
    shift_save,
    week_copy,
)
from scheduling.services.staff import (
    availability_delete,
    availability_save,
    calendar_feed_renew,
    calendar_feed_revoke,
    open_shift_claim,
    swap_approve,
    swap_reject,
    swap_request_create,
    swap_withdraw,
)

__all__ = [
    "autoschedule_accept",
    "autoschedule_discard",
    "autoschedule_start",
    "ShiftInput",
    "availability_delete",
    "availability_save",
    "calendar_feed_renew",
    "calendar_feed_revoke",
    "open_shift_claim",
    "period_close",
    "period_create",
    "period_publish",
    "rotation_apply",
    "shift_build",
    "shift_delete",
    "shift_save",
    "shifts_note_leave_cancelled",
    "shifts_release_for_leave",
    "shifts_release_for_leaver",
    "swap_approve",
    "swap_reject",
    "swap_request_create",
    "swap_withdraw",
    "week_copy",
]
