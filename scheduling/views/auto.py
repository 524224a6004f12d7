"""The auto-scheduler's pages: start a run, watch it, read the proposal, accept it (for everybody
or the people ticked) or discard it.

The proposal page speaks plainly: cover before and after, how the roster was found, and per
person the shifts, hours against the contract, nights and weekends. Cost follows the roster's
rule: planners see the total (only with at least ``MIN_PEOPLE_FOR_COST`` people, so that it never
shows one person's pay); the cost per person only those who may see the cost of each shift."""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods, require_POST

from backoffice.models import Job
from backoffice.money import ZERO, round_money
from hr.models import Employee
from hr.selectors import employees_by_id, hourly_rates
from scheduling import services
from scheduling.forms import AutoScheduleForm
from scheduling.models import AutoScheduleRun, SchedulePeriod, ShiftTemplate, Skill
from scheduling.selectors import COST_DETAIL, MIN_PEOPLE_FOR_COST, PLAN

PLAN_REQUIRED = permission_required(PLAN, raise_exception=True)

PHRASES = {
    "on_leave": gettext_lazy("on leave"),
    "fixed_day_off": gettext_lazy("not employed or with another shift that day"),
    "unavailable": gettext_lazy("unavailable"),
    "night_not_allowed": gettext_lazy("not allowed to work nights"),
    "shift_length": gettext_lazy("not allowed a shift this long"),
    "already_working": gettext_lazy("already working another shift that day"),
    "daily_rest": gettext_lazy("would break the %(hours)s h daily rest"),
    "forbidden_succession": gettext_lazy("would follow a forbidden succession of shifts"),
    "weekly_rest": gettext_lazy("would lose the %(hours)s h weekly rest"),
    "max_minutes": gettext_lazy("would exceed their maximum hours"),
    "consecutive_days": gettext_lazy("would work too many days in a row"),
    "consecutive_days_off": gettext_lazy("would cut a run of days off too short"),
    "max_weekends": gettext_lazy("would work more weekends than allowed"),
    "max_shifts_of_type": gettext_lazy("would work more shifts of this kind than allowed"),
    "assigned_elsewhere_better": gettext_lazy("free, but hours, wishes or cost weighed more"),
}


def reason_text(slot: dict, skill_name: str) -> str:
    """ "No qualified employee free: 3 of 4 with skill Cash desk on leave, 1 would break ..."."""
    reasons = slot["reasons"]
    if not reasons:
        return _("No reason found.")
    if reasons[0]["code"] == "no_skill":
        return _("Nobody has the skill %(skill)s.") % {"skill": skill_name}
    if reasons[0]["code"] == "all_on_slot":
        return _("All %(total)s qualified people are already on this shift.") % {
            "total": reasons[0]["count"]
        }
    qualified = reasons[0]["params"].get("qualified", 0)
    parts = []
    for index, reason in enumerate(reasons):
        hours = (reason["params"].get("rest_minutes") or 0) / 60
        phrase = str(PHRASES.get(reason["code"], reason["code"])) % {"hours": f"{hours:g}"}
        if index == 0:
            who = (
                _("%(count)s of %(total)s with the skill %(skill)s")
                if skill_name
                else _("%(count)s of %(total)s employees")
            ) % {"count": reason["count"], "total": qualified, "skill": skill_name}
        else:
            who = str(reason["count"])
        parts.append(f"{who} {phrase}")
    free = any(r["code"] == "assigned_elsewhere_better" for r in reasons)
    lead = _("Qualified people left free by choice") if free else _("No qualified employee free")
    return f"{lead}: {', '.join(parts)}."


def _period(pk: int) -> SchedulePeriod:
    period = SchedulePeriod.objects.select_related("location").filter(pk=pk).first()
    if period is None:
        raise Http404
    return period


@require_http_methods(["GET", "POST"])
@PLAN_REQUIRED
def auto_start(request: HttpRequest, pk: int) -> HttpResponse:
    period = _period(pk)
    form = AutoScheduleForm(request.POST or None, period=period)
    if request.method == "POST" and form.is_valid():
        try:
            run = services.autoschedule_start(
                actor=request.user,
                period=period,
                mode=form.cleaned_data["mode"],
                time_limit=form.cleaned_data["time_limit"],
                weights=form.weights(),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return redirect("scheduling:auto-run-detail", pk=run.pk)
    runs = period.auto_runs.select_related("job", "requested_by")[:10]
    return render(
        request, "scheduling/auto_start.html", {"period": period, "form": form, "runs": runs}
    )


def _run(pk: int) -> AutoScheduleRun:
    run = (
        AutoScheduleRun.objects.select_related("period__location", "job", "requested_by")
        .filter(pk=pk)
        .first()
    )
    if run is None:
        raise Http404
    return run


@dataclass
class PersonRow:
    """One line of the per-person table: the period as proposed for this person."""

    employee: Employee
    shifts: int
    new: int
    minutes: int
    contract: int | None
    nights: int
    weekends: int
    cost: Decimal | None = None

    @property
    def difference(self) -> str:
        """Hours above (+) or below (−) the contract for the period, "7:30" style."""
        if self.contract is None:
            return ""
        gap = self.minutes - self.contract
        whole, rest = divmod(abs(gap), 60)
        sign = "+" if gap > 0 else "−" if gap < 0 else ""
        return f"{sign}{whole}:{rest:02d}"

    @property
    def short(self) -> bool:
        return self.contract is not None and self.minutes < self.contract


def _people(result: dict, period: SchedulePeriod, viewer) -> tuple[list[PersonRow], dict]:
    """Rows in name order and the cost figures the viewer may see."""
    lines = {line["id"]: line for line in result.get("people", [])}
    employees = employees_by_id(ids=list(lines))
    rows = [
        PersonRow(
            employee=employees[pk],
            shifts=line["shifts"],
            new=line["new"],
            minutes=line["minutes"],
            contract=line["contract"],
            nights=line["nights"],
            weekends=line["weekends"],
        )
        for pk, line in lines.items()
        if pk in employees
    ]
    rows.sort(key=lambda row: (row.employee.last_name, row.employee.first_name, row.employee.pk))
    rates = hourly_rates(employee_ids=set(employees), on=period.start)
    costs = {
        row.employee.pk: round_money(rates[row.employee.pk] * row.minutes / 60)
        for row in rows
        if row.employee.pk in rates and row.minutes
    }
    detail = viewer.has_perm(COST_DETAIL)
    shown = costs and (detail or len(costs) >= MIN_PEOPLE_FOR_COST)
    total = sum(costs.values(), ZERO) if shown else None
    if detail:
        for row in rows:
            row.cost = costs.get(row.employee.pk)
    return rows, {"detail": detail, "total": total}


def _how_found(result: dict) -> str:
    found_by = result.get("found_by") or (
        "optimiser-proven" if result.get("status") == "optimal" else "optimiser"
    )
    seconds = number_format(max(1, math.ceil(result.get("seconds") or 0)), use_l10n=True)
    if found_by == "optimiser-proven":
        return _(
            "Proven best: no roster scores better with these weights (found in %(seconds)s s)."
        ) % {"seconds": seconds}
    if found_by == "greedy":
        return _("Quick roster (the optimiser had not improved on it yet).")
    return _("Best roster found in %(seconds)s s; it may not be the best possible.") % {
        "seconds": seconds
    }


def _cover(result: dict) -> str:
    demanded = result.get("demanded")
    if demanded is None:  # a run kept from before these figures existed
        return _("%(percent)s%% of the needed shifts covered.") % {"percent": result["coverage"]}
    if not demanded:
        return _("The coverage asks for nobody in this period.")
    before = result.get("before", {})
    return _("Covered %(filled)s of %(demanded)s slots (was %(before)s of %(demanded)s).") % {
        "filled": result["filled"],
        "demanded": demanded,
        "before": before.get("filled", 0),
    }


@require_http_methods(["GET"])
@PLAN_REQUIRED
def auto_run(request: HttpRequest, pk: int) -> HttpResponse:
    run = _run(pk)
    job = run.job
    if request.htmx and (job is None or not job.is_active):
        response = HttpResponse(status=204)
        response["HX-Refresh"] = "true"
        return response
    context = {"run": run, "period": run.period, "job": job}
    result = run.result if job and job.status == Job.Status.SUCCEEDED else None
    if result:
        templates = ShiftTemplate.objects.in_bulk(
            {row[2] for row in result["assignments"]} | {s["template"] for s in result["unfilled"]}
        )
        skills = dict(Skill.objects.values_list("pk", "name"))
        people = employees_by_id(
            ids={row[0] for row in result["assignments"]}
            | {p[0] for p in result["conflicting_pins"]}
        )
        by_day = defaultdict(list)
        for employee_id, ordinal, template_id, skill in result["assignments"]:
            by_day[date.fromordinal(ordinal)].append(
                (templates.get(template_id), people.get(employee_id), skills.get(int(skill or 0)))
            )
        rows, cost = _people(result, run.period, request.user)
        proposed = {row[0] for row in result["assignments"]}
        context.update(
            result=result,
            how_found=_how_found(result),
            cover=_cover(result),
            rows=rows,
            proposed=proposed,
            cost=cost,
            proposal=sorted(
                (day, sorted(items, key=lambda i: (i[0].start if i[0] else 0, str(i[1]))))
                for day, items in by_day.items()
            ),
            unfilled=[
                {
                    "day": date.fromordinal(slot["day"]),
                    "template": templates.get(slot["template"]),
                    "skill": skills.get(int(slot["skill"] or 0), ""),
                    "missing": slot["missing"],
                    "text": reason_text(slot, skills.get(int(slot["skill"] or 0), "")),
                }
                for slot in result["unfilled"]
            ],
            pins=[
                (people.get(e), date.fromordinal(d), ShiftTemplate.objects.filter(pk=t).first())
                for e, d, t in result["conflicting_pins"]
            ],
        )
    template = "scheduling/auto_run.html" + ("#progress" if request.htmx else "")
    return render(request, template, context)


def _chosen(request: HttpRequest) -> set[int] | None:
    """The people ticked on the proposal page; None when the form did not offer a choice."""
    if "choose" not in request.POST:
        return None
    return {int(v) for v in request.POST.getlist("people") if v.isdigit() and len(v) < 10}


@require_POST
@PLAN_REQUIRED
def auto_decide(request: HttpRequest, pk: int, decision: str) -> HttpResponse:
    run = _run(pk)
    try:
        if decision == "accept":
            written, conflicts = services.autoschedule_accept(
                actor=request.user, run=run, employees=_chosen(request)
            )
            messages.success(
                request,
                ngettext(
                    "%(count)s shift was added to the roster.",
                    "%(count)s shifts were added to the roster.",
                    written,
                )
                % {"count": written},
            )
            if conflicts:
                messages.warning(
                    request,
                    _("The roster now shows %(count)s conflicts; see the side list.")
                    % {"count": conflicts},
                )
            return redirect("scheduling:period-detail", pk=run.period_id)
        services.autoschedule_discard(actor=request.user, run=run)
        messages.success(request, _("The proposal was discarded; the roster is unchanged."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("scheduling:auto-run-detail", pk=run.pk)
