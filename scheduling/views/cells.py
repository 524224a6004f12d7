"""The roster's cells as HTML, built in Python.

A month of 100 people is 3,100 cells and some 2,200 shift blocks; through the template engine that
alone took most of a second, and through ``format_html`` still a quarter. Here each cell is one
f-string; every value that does not come from this module (names, codes, messages) is escaped
with ``html.escape``, and the strings that repeat (URLs, labels, dates) are made once per page.
"""

from __future__ import annotations

from html import escape

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext

WARNING = '<i class="ti ti-alert-triangle" aria-hidden="true"></i>'
ACCEPTED = '<i class="ti ti-check" aria-hidden="true"></i>'
NOTE = '<i class="ti ti-info-circle" aria-hidden="true"></i>'
DRAFT = '<i class="ti ti-pencil shift-draft-mark" aria-hidden="true"></i>'
PLUS = '<i class="ti ti-plus" aria-hidden="true"></i>'
MODAL = 'data-bs-toggle="modal" data-bs-target="#shift-modal" hx-target="#shift-modal-content"'


def _block(cell, *, edit_url: str | None, accepted_label: str, draft_labels: dict) -> str:
    shift = cell.shift
    open_ = cell.open_conflicts if cell.conflicts else ()
    problems = [c for c in open_ if c.blocking]
    warnings = [c for c in open_ if not c.blocking]
    classes = f"shift-block shift-{cell.colour}"
    if shift.deleted:
        label = escape(draft_labels[shift.draft])
        return (
            f'<span class="{classes} shift-draft-deleted" title="{label}">'
            f'<span class="shift-time">{cell.start}–{cell.end}</span>'
            f'<span class="visually-hidden">{label}</span></span>'
        )
    if problems:
        classes += " shift-conflict"
    if shift.draft:
        classes += " shift-draft"
    if shift.released:
        classes += " shift-released"
    if edit_url is not None:
        title = "\n".join(
            c.message + (f" ({accepted_label})" if c.code in cell.accepted else "")
            for c in cell.conflicts
        )
    else:
        title = "\n".join(c.message for c in problems + warnings)
    if shift.draft:
        title = f"{draft_labels[shift.draft]}\n{title}".strip()
    inner = f'<span class="shift-time">{cell.start}–{cell.end}</span>'
    if shift.template_id:
        inner += f'<span class="shift-code">{escape(shift.code)}</span>'
    if problems:
        count = len(problems)
        label = ngettext("%(count)s conflict", "%(count)s conflicts", count) % {"count": count}
        inner += f'{WARNING}<span class="visually-hidden">{escape(label)}</span>'
    elif warnings:
        inner += NOTE
    elif cell.accepted:
        inner += ACCEPTED
    if shift.draft:
        inner += DRAFT
    if shift.flag:
        inner += f'<i class="ti ti-flag" aria-hidden="true" title="{escape(shift.flag)}"></i>'
    if edit_url is None:
        return f'<span class="{classes}" title="{escape(title)}">{inner}</span>'
    return (
        f'<button type="button" class="{classes}" {MODAL} hx-get="{edit_url}" '
        f'data-shift="{shift.pk}" title="{escape(title)}">{inner}</button>'
    )


def render_rows(grid) -> None:
    """Give each row of ``grid`` its cells' HTML (``row.html``, one string in day order: the
    template writes it once per row instead of once per cell, 3,100 times in a month)."""
    period = grid.period
    week = grid.week.isoformat() if grid.week else ""
    edit_base = reverse("scheduling:shift-edit", args=[period.pk, 0]).removesuffix("0/")
    add_base = reverse("scheduling:shift-create", args=[period.pk])
    accepted_label = gettext("accepted")
    draft_labels = {
        "added": gettext("Added, not yet published"),
        "edited": gettext("Changed, not yet published"),
        "deleted": gettext("Deleted, not yet published"),
    }
    add_label = gettext("Add a shift on %(day)s for %(name)s")
    open_label = gettext("open shift")
    day_labels = {day: date_format(day, "SHORT_DATE_FORMAT") for day in grid.days}
    day_classes = {
        day: "roster-cell"
        + (" roster-today" if day == grid.today else "")
        + (" roster-weekend" if day.weekday() >= 5 else "")
        + (" roster-holiday" if day in grid.holidays else "")
        for day in grid.days
    }
    for row in grid.rows:
        name = row.employee.full_name if row.employee else open_label
        employee = f"&amp;employee={row.employee.pk}" if row.employee else ""
        html = []
        for day, cells in row.cells:
            blocks = "".join(
                _block(
                    cell,
                    edit_url=f"{edit_base}{cell.shift.pk}/?week={week}" if grid.editable else None,
                    accepted_label=accepted_label,
                    draft_labels=draft_labels,
                )
                for cell in cells
            )
            if grid.editable:
                label = escape(add_label % {"day": day_labels[day], "name": name})
                blocks += (
                    f'<button type="button" class="roster-add" {MODAL} '
                    f'hx-get="{add_base}?day={day.isoformat()}{employee}&amp;week={week}" '
                    f'aria-label="{label}">{PLUS}</button>'
                )
            target = (
                f' data-day="{day.isoformat()}" data-employee="{row.employee.pk if row.employee else ""}"'
                if grid.editable
                else ""
            )
            html.append(f'<td class="{day_classes[day]}"{target}>{blocks}</td>')
        row.html = mark_safe("".join(html))  # noqa: S308


def _coverage_title(line) -> str:
    title = gettext("%(planned)s planned of %(needed)s needed") % {
        "planned": line.planned,
        "needed": line.needed,
    }
    if line.open:
        title += " · " + _open_title(line.open)
    return title


def _open_title(count: int) -> str:
    return ngettext(
        "%(counter)s open shift not taken yet, not counted as planned",
        "%(counter)s open shifts not taken yet, not counted as planned",
        count,
    ) % {"counter": count}


def _missing(count: int) -> str:
    return ngettext("%(counter)s missing", "%(counter)s missing", count) % {"counter": count}


def _extra(count: int) -> str:
    return ngettext("%(counter)s extra", "%(counter)s extra", count) % {"counter": count}


COVERAGE_COLOURS = {"short": "red", "over": "yellow"}


def _coverage_cell(line, *, words: bool) -> str:
    if line is None:
        return '<td class="text-center small roster-coverage-cell"></td>'
    colour = COVERAGE_COLOURS.get(line.status, "green")
    html = (
        f'<span class="badge bg-{colour}-lt" title="{escape(_coverage_title(line))}">'
        f"{line.planned}/{line.needed}</span>"
    )
    if words:
        parts = []
        if line.missing:
            parts.append(f'<span class="text-red">{escape(_missing(line.missing))}</span>')
        elif line.extra:
            parts.append(f'<span class="text-yellow">{escape(_extra(line.extra))}</span>')
        if line.open:
            parts.append(
                f'<span class="text-secondary" title="{escape(_open_title(line.open))}">'
                f"{escape(ngettext('%(counter)s open', '%(counter)s open', line.open) % {'counter': line.open})}</span>"
            )
        html += (
            f'<span class="coverage-words d-none d-md-block text-nowrap">{" ".join(parts)}</span>'
        )
    return f'<td class="text-center small roster-coverage-cell">{html}</td>'


def render_coverage(grid, *, month_view: bool) -> None:
    """The coverage rows under the roster (``grid.coverage_html``: label and cells' HTML per
    row) and the list of days not covered (``grid.coverage_list_html``), built like the cells:
    a month has a few hundred of them, each with two translated titles."""
    grid.coverage_html = [
        (
            label,
            mark_safe(  # noqa: S308
                "".join(_coverage_cell(line, words=not month_view) for _day, line in cells)
            ),
        )
        for label, cells in grid.coverage_rows
    ]
    day_labels: dict = {}
    items = []
    for label, line in grid.coverage_issues:
        day = day_labels.get(line.day) or day_labels.setdefault(
            line.day, date_format(line.day, "D j.m")
        )
        words = (
            f'<span class="text-red">{escape(_missing(line.missing))}</span>'
            if line.status == "short"
            else f'<span class="text-yellow">{escape(_extra(line.extra))}</span>'
        )
        title = gettext("%(planned)s planned of %(needed)s needed") % {
            "planned": line.planned,
            "needed": line.needed,
        }
        items.append(
            '<li class="list-group-item py-2 d-flex gap-2">'
            f'<span class="small text-secondary text-nowrap">{escape(day)}</span>'
            f'<span class="small flex-fill">{escape(label)}</span>'
            f'<span class="small text-end"><span title="{escape(title)}">'
            f"{line.planned}/{line.needed}</span> · {words}</span></li>"
        )
    grid.coverage_list_html = mark_safe("".join(items))  # noqa: S308
