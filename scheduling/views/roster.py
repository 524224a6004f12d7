"""The planner's pages: periods, the roster grid with in-place editing (htmx), publishing."""

from __future__ import annotations

import json
from datetime import date, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from backoffice.filters import query_int
from backoffice.forms import query_date
from backoffice.lists import paginate
from hr.selectors import employee_choices
from scheduling import services
from scheduling.domain.times import monday
from scheduling.forms import PeriodForm, RotationForm, ShiftForm
from scheduling.models import SchedulePeriod, Shift
from scheduling.selectors import (
    PLAN,
    draft_conflicts,
    location_list,
    period_get,
    period_list,
    publish_checks,
    roster_check,
    roster_employees,
    shift_get,
)
from scheduling.selectors import grid as roster_grid
from scheduling.services.roster import shift_move as move_service
from scheduling.services.roster import shifts_copy, shifts_delete
from scheduling.views.cells import render_coverage, render_rows

PLAN_REQUIRED = permission_required(PLAN, raise_exception=True)


def _period(request: HttpRequest, pk: int) -> SchedulePeriod:
    try:
        return period_get(viewer=request.user, pk=pk)
    except SchedulePeriod.DoesNotExist:
        raise Http404 from None


def _week(request: HttpRequest, period: SchedulePeriod) -> date | None:
    if request.GET.get("view") == "period":
        return None
    week = query_date(request.GET.get("week"))
    if week is None or not monday(period.start) <= week <= period.end:  # outside: its first
        return roster_grid.default_week(period, timezone.localdate())
    return week


@require_GET
def period_index(request: HttpRequest) -> HttpResponse:
    periods = period_list(viewer=request.user).order_by("-start", "location__name")
    location = query_int(request.GET.get("location"))
    if location is not None:
        periods = periods.filter(location_id=location)
    return render(
        request,
        "scheduling/period_list.html",
        {
            "page": paginate(request, periods),
            "locations": location_list(viewer=request.user),
            "location": location,
        },
    )


@require_http_methods(["GET", "POST"])
@PLAN_REQUIRED
def period_create(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    next_monday = today + timedelta(days=7 - today.weekday())
    form = PeriodForm(
        request.POST or None,
        initial={
            "start": next_monday,
            "end": next_monday + timedelta(days=6),
            "location": request.GET.get("location"),
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            period = services.period_create(
                actor=request.user,
                location=form.cleaned_data["location"],
                start=form.cleaned_data["start"],
                end=form.cleaned_data["end"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The period was created. Add shifts to it."))
            return redirect("scheduling:period-detail", pk=period.pk)
    return render(request, "scheduling/period_form.html", {"form": form})


def _render_roster(
    request: HttpRequest, period: SchedulePeriod, *, partial: bool = False, error: str = ""
):
    week = _week(request, period)
    grid = roster_grid.build(period=period, viewer=request.user, week=week)
    render_rows(grid)
    render_coverage(grid, month_view=week is None)
    template = "scheduling/roster.html#grid" if partial else "scheduling/roster.html"
    return render(
        request,
        template,
        {
            "grid": grid,
            "period": period,
            "month_view": week is None,
            "week_param": week,
            "grid_error": error,
            "grid_query": f"?week={grid.week.isoformat()}" if grid.week else "?view=period",
        },
    )


@require_GET
def roster(request: HttpRequest, pk: int) -> HttpResponse:
    period = _period(request, pk)
    return _render_roster(request, period, partial=bool(request.htmx))


def _employees_for(period: SchedulePeriod):
    ids = [e.pk for e in roster_employees(period=period, ids=None)]
    return employee_choices(ids=ids)


def _shift_form(request, period, *, shift: Shift | None = None, data=None) -> ShiftForm:
    if shift is not None:
        initial = vars(services.ShiftInput.of(shift))
    else:
        initial = {"employee": request.GET.get("employee"), "day": request.GET.get("day")}
    return ShiftForm(data, period=period, employees=_employees_for(period), initial=initial)


def _input(form: ShiftForm) -> services.ShiftInput:
    """A template gives its times unless times are typed: choosing a template in the dialog
    clears the time fields (static/js/app.js), so what the planner sees is what is saved."""
    data = form.cleaned_data
    template = data.get("template")
    typed = data.get("start_time") is not None and data.get("end_time") is not None
    use_template = template is not None and not typed
    return services.ShiftInput(
        day=data["day"],
        employee=data.get("employee"),
        template=template,
        start_time=None if use_template else data.get("start_time"),
        end_time=None if use_template else data.get("end_time"),
        crosses_midnight=None if use_template else data.get("crosses_midnight"),
        break_minutes=None if use_template else data.get("break_minutes"),
        skill=data.get("skill"),
        note=data.get("note", ""),
    )


def _shift_form_response(request, period, form, shift=None, status=200):
    return render(
        request,
        "scheduling/partials/shift_form.html",
        {"form": form, "period": period, "shift": shift, "week": request.GET.get("week", "")},
        status=status,
    )


def _left_out(skipped: list) -> str:
    return _("Not copied, to keep anyone from being booked twice or at work on leave: %(list)s") % {
        "list": "; ".join(str(line) for line in skipped)
    }


def _bulk_messages(request: HttpRequest, result: services.BulkResult, done: str) -> None:
    messages.success(request, done % {"count": result.count})
    if result.skipped:
        messages.warning(request, _left_out(result.skipped))


def _saved(request, period: SchedulePeriod, message: str) -> HttpResponse:
    response = _render_roster(request, period, partial=True)
    response["HX-Retarget"] = "#roster"
    response["HX-Reswap"] = "outerHTML"
    response["HX-Trigger"] = json.dumps({"rosterSaved": message})
    return response


@require_http_methods(["GET", "POST"])
@PLAN_REQUIRED
def shift_form(request: HttpRequest, pk: int, shift_pk: int | None = None) -> HttpResponse:
    period = _period(request, pk)
    shift = None
    if shift_pk is not None:
        shift = (
            Shift.objects.planned()
            .filter(pk=shift_pk, period=period)
            .select_related("location")
            .first()
        )
        if shift is None:
            raise Http404
    if request.method == "GET":
        return _shift_form_response(
            request, period, _shift_form(request, period, shift=shift), shift
        )
    form = _shift_form(request, period, shift=shift, data=request.POST)
    if form.is_valid():
        try:
            services.shift_save(
                actor=request.user,
                period=period,
                data=_input(form),
                shift=shift,
                override_reason=form.confirmed_override_reason,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return _saved(request, period, _("The shift was saved."))
    return _shift_form_response(request, period, form, shift)


@require_POST
@PLAN_REQUIRED
def shift_check(request: HttpRequest, pk: int) -> HttpResponse:
    """Live check while the planner types: the conflicts this shift would have, nothing saved."""
    period = _period(request, pk)
    shift_pk = query_int(request.POST.get("shift"))
    shift = Shift.objects.planned().filter(pk=shift_pk, period=period).first() if shift_pk else None
    form = _shift_form(request, period, shift=shift, data=request.POST)
    conflicts, problem = [], ""
    if form.is_valid():
        try:
            draft = services.shift_build(
                period=period,
                data=_input(form),
            )
        except ValidationError as exc:
            problem = " ".join(exc.messages)
        else:
            conflicts = draft_conflicts(period=period, draft=draft, replacing=shift)
    else:
        problem = " ".join(str(e) for errors in form.errors.values() for e in errors)
    return render(
        request,
        "scheduling/partials/shift_check.html",
        {"conflicts": conflicts, "problem": problem, "valid": form.is_valid() and not problem},
    )


@require_http_methods(["GET", "POST"])
@PLAN_REQUIRED
def shift_delete(request: HttpRequest, pk: int, shift_pk: int) -> HttpResponse:
    period = _period(request, pk)
    shift = (
        Shift.objects.planned()
        .filter(pk=shift_pk, period=period)
        .select_related("employee")
        .first()
    )
    if shift is None:
        raise Http404
    context = {"shift": shift, "period": period, "week": request.GET.get("week", "")}
    if request.method == "POST":
        try:
            services.shift_delete(actor=request.user, shift=shift)
        except ValidationError as exc:
            context["errors"] = exc.messages  # a closed period: the dialog says so
        else:
            return _saved(request, period, _("The shift was deleted."))
    return render(request, "scheduling/partials/shift_delete.html", context)


@require_POST
@PLAN_REQUIRED
def week_copy(request: HttpRequest, pk: int) -> HttpResponse:
    period = _period(request, pk)
    week = _week(request, period) or period.start
    try:
        result = services.week_copy(actor=request.user, period=period, week=week)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        _bulk_messages(request, result, _("%(count)s shifts were copied."))
    return redirect(f"{reverse('scheduling:period-detail', args=[pk])}?week={week.isoformat()}")


@require_http_methods(["GET", "POST"])
@PLAN_REQUIRED
def rotation(request: HttpRequest, pk: int) -> HttpResponse:
    period = _period(request, pk)
    form = RotationForm(request.POST or None, period=period, employees=_employees_for(period))
    if request.method == "POST" and form.is_valid():
        try:
            result = services.rotation_apply(
                actor=request.user,
                period=period,
                pattern=form.cleaned_data["pattern"],
                employees=list(form.cleaned_data["employees"]),
                start=form.cleaned_data["start"],
                stagger=form.cleaned_data["stagger"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            _bulk_messages(request, result, _("%(count)s shifts were added."))
            return redirect("scheduling:period-detail", pk=period.pk)
    return render(request, "scheduling/rotation_form.html", {"form": form, "period": period})


@require_http_methods(["GET", "POST"])
@PLAN_REQUIRED
def publish(request: HttpRequest, pk: int) -> HttpResponse:
    period = _period(request, pk)
    changes = services.has_changes(period)
    if period.status != SchedulePeriod.Status.DRAFT and not changes:
        messages.info(request, _("This period is published and has no unpublished changes."))
        return redirect("scheduling:period-detail", pk=pk)
    errors = {}
    if request.method == "POST":
        reasons = {}
        for key, value in request.POST.items():
            if key.startswith("reason_") and key.count("_") >= 2:
                _prefix, shift_id, code = key.split("_", 2)
                if query_int(shift_id) is not None:
                    reasons[(int(shift_id), code)] = value
        try:
            services.period_publish(
                actor=request.user,
                period=period,
                reasons=reasons,
                confirmed=request.POST.getlist("confirm"),
            )
        except ValidationError as exc:
            errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
            if any(key.startswith("reason_") for key in errors):
                messages.error(
                    request, _("Give a reason for each conflict below; nothing was published.")
                )
            else:
                messages.error(request, _("Confirm each warning below; nothing was published."))
        else:
            if changes:
                messages.success(
                    request,
                    _("The changes were published; each person concerned was told once."),
                )
            else:
                messages.success(
                    request, _("The schedule was published and everyone on it was told.")
                )
            return redirect("scheduling:period-detail", pk=pk)
    result = roster_check(period=period)
    shifts = (
        Shift.objects.select_related("employee", "location")
        .filter(pk__in=[key for key, _c in result.open_conflicts()])
        .in_bulk()
    )
    items = [
        {
            "shift": shifts[key],
            "when": f"{shifts[key].local_start:%H:%M}",
            "conflict": conflict,
            "name": f"reason_{key}_{conflict.code}",
            "value": request.POST.get(f"reason_{key}_{conflict.code}", ""),
            "error": errors.get(f"reason_{key}_{conflict.code}"),
        }
        for key, conflict in sorted(
            result.open_conflicts(), key=lambda pair: (shifts[pair[0]].start, pair[1].code)
        )
    ]
    people = (
        Shift.objects.planned()
        .filter(period=period, employee__isnull=False)
        .values("employee")
        .distinct()
    )
    checks = publish_checks(period=period, viewer=request.user)
    ticked = set(request.POST.getlist("confirm"))
    return render(
        request,
        "scheduling/publish.html",
        {
            "period": period,
            "changes": roster_grid.pending_changes(period=period) if changes else {},
            "items": items,
            "people": people.count(),
            "checks": checks,
            "confirmations": [
                {
                    "code": code,
                    "label": label,
                    "checked": code in ticked,
                    "error": errors.get(f"confirm_{code}"),
                }
                for code, label in checks.confirmations()
            ],
        },
    )


@require_POST
@PLAN_REQUIRED
def changes_discard(request: HttpRequest, pk: int) -> HttpResponse:
    """Undo the unpublished changes of a published period (the page asks first)."""
    period = _period(request, pk)
    try:
        count = services.changes_discard(actor=request.user, period=period)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request, _("%(count)s unpublished changes were discarded.") % {"count": count}
        )
    return redirect("scheduling:period-detail", pk=pk)


@require_POST
@PLAN_REQUIRED
def close(request: HttpRequest, pk: int) -> HttpResponse:
    period = _period(request, pk)
    try:
        services.period_close(actor=request.user, period=period)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The period was closed; its shifts can no longer change."))
    return redirect("scheduling:period-detail", pk=pk)


@require_GET
def shift_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One shift, for whoever may see it (links from notifications and the calendar feed)."""
    try:
        shift = shift_get(viewer=request.user, pk=pk)
    except Shift.DoesNotExist:
        raise Http404 from None
    return render(
        request,
        "scheduling/shift_detail.html",
        {
            "shift": shift,
            "start": shift.local_start,
            "end": shift.local_end,
        },
    )


# --- the grid's direct handling: drag and drop, and several selected shifts -----------------------


def _grid_response(request, period: SchedulePeriod, *, message: str = "", error: str = ""):
    """The redrawn grid for a drop or a bulk action; a refused one says why above the grid."""
    response = _render_roster(request, period, partial=True, error=error)
    response["HX-Retarget"] = "#roster"
    response["HX-Reswap"] = "outerHTML"
    if message:
        response["HX-Trigger"] = json.dumps({"rosterSaved": message})
    return response


@require_POST
@PLAN_REQUIRED
def shift_move(request: HttpRequest, pk: int, shift_pk: int) -> HttpResponse:
    """A shift dropped on another cell: moved there, or copied with ``copy``. A person who is not
    on this roster, or a shift of another period, is not found; the rule check shows in the grid."""
    period = _period(request, pk)
    shift = (
        Shift.objects.planned()
        .filter(pk=shift_pk, period=period)
        .select_related("location")
        .first()
    )
    if shift is None:
        raise Http404
    employee = None
    if request.POST.get("employee"):
        wanted = query_int(request.POST.get("employee"))
        employee = next(
            (e for e in roster_employees(period=period, ids=None) if e.pk == wanted), None
        )
        if employee is None:
            raise Http404
    day = query_date(request.POST.get("day"))
    if day is None:
        return _grid_response(request, period, error=_("Drop the shift on a day of the roster."))
    copy = request.POST.get("copy") in {"1", "on", "true"}
    try:
        move_service(
            actor=request.user, period=period, shift=shift, employee=employee, day=day, copy=copy
        )
    except ValidationError as exc:
        return _grid_response(request, period, error=" ".join(exc.messages))
    message = _("The shift was copied.") if copy else _("The shift was moved.")
    return _grid_response(request, period, message=message)


@require_POST
@PLAN_REQUIRED
def shift_bulk(request: HttpRequest, pk: int) -> HttpResponse:
    """Several selected shifts copied some days on (or back), or deleted, in one go."""
    period = _period(request, pk)
    ids = [n for n in (query_int(v) for v in request.POST.getlist("shift")) if n is not None]
    action = request.POST.get("action")
    try:
        if action == "delete":
            count = shifts_delete(actor=request.user, period=period, ids=ids)
            message = _("%(count)s shifts were deleted.") % {"count": count}
        elif action == "copy":
            raw = request.POST.get("days", "").strip()
            days = query_int(raw.removeprefix("-"))
            if days is not None and raw.startswith("-"):
                days = -days
            if days is None or abs(days) > 62:
                raise ValidationError(_("Give the number of days to copy by, from -62 to 62."))
            result = shifts_copy(actor=request.user, period=period, ids=ids, days=days)
            message = _("%(count)s shifts were copied.") % {"count": result.count}
            if result.skipped:
                return _grid_response(
                    request, period, message=message, error=_left_out(result.skipped)
                )
        else:
            raise ValidationError(_("Choose to copy or to delete the selected shifts."))
    except ValidationError as exc:
        return _grid_response(request, period, error=" ".join(exc.messages))
    return _grid_response(request, period, message=message)
