"""The auto-scheduler's pages: start a run, watch it, read the proposal, accept or discard."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods, require_POST

from backoffice.models import Job
from hr.models import Employee
from scheduling import services
from scheduling.forms import AutoScheduleForm
from scheduling.models import AutoScheduleRun, SchedulePeriod, ShiftTemplate, Skill
from scheduling.selectors import PLAN

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
            return redirect("scheduling:auto-run", pk=run.pk)
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
        people = Employee.objects.in_bulk(
            {row[0] for row in result["assignments"]} | {p[0] for p in result["conflicting_pins"]}
        )
        by_day = defaultdict(list)
        for employee_id, ordinal, template_id, skill in result["assignments"]:
            by_day[date.fromordinal(ordinal)].append(
                (templates.get(template_id), people.get(employee_id), skills.get(int(skill or 0)))
            )
        context.update(
            result=result,
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


@require_POST
@PLAN_REQUIRED
def auto_decide(request: HttpRequest, pk: int, decision: str) -> HttpResponse:
    run = _run(pk)
    try:
        if decision == "accept":
            written, conflicts = services.autoschedule_accept(actor=request.user, run=run)
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
            return redirect("scheduling:roster", pk=run.period_id)
        services.autoschedule_discard(actor=request.user, run=run)
        messages.success(request, _("The proposal was discarded; the roster is unchanged."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("scheduling:auto-run", pk=run.pk)
