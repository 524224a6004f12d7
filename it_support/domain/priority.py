"""Priority from impact and urgency: the usual three-by-three matrix, spelled once."""

from __future__ import annotations

HIGH, MEDIUM, LOW = 1, 2, 3
CRITICAL, P_HIGH, P_MEDIUM, P_LOW = 1, 2, 3, 4

#: (impact, urgency) -> priority; 1 is the most urgent in each scale.
MATRIX: dict[tuple[int, int], int] = {
    (HIGH, HIGH): CRITICAL,
    (HIGH, MEDIUM): P_HIGH,
    (HIGH, LOW): P_MEDIUM,
    (MEDIUM, HIGH): P_HIGH,
    (MEDIUM, MEDIUM): P_MEDIUM,
    (MEDIUM, LOW): P_LOW,
    (LOW, HIGH): P_MEDIUM,
    (LOW, MEDIUM): P_LOW,
    (LOW, LOW): P_LOW,
}


def priority_of(impact: int, urgency: int) -> int:
    """The priority of a ticket; an unknown level raises ``KeyError`` (forms offer only known ones)."""
    return MATRIX[(impact, urgency)]
