"""Set-up pages for planners: locations with their staff, skills and coverage; templates; rules;
rotation patterns; each person's own limits for the auto-scheduler. Simple records share one form
view; each save is audited."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from backoffice.filters import query_int
from hr.selectors import employee_find
from scheduling import services
from scheduling.forms import (
    CoverageForm,
    LocationForm,
    MembersForm,
    PatternForm,
    RulesForm,
    RulesPresetForm,
    ShiftLimitFormSet,
    ShiftTemplateForm,
    SkillForm,
    StaffLimitsForm,
)
from scheduling.models import (
    Coverage,
    Location,
    RotationPattern,
    ShiftTemplate,
    Skill,
    StaffLimits,
    WorkingTimeRules,
)
from scheduling.selectors import PLAN, rules_default

PLAN_REQUIRED = permission_required(PLAN, raise_exception=True)

DELETABLE = ("skill", "template", "pattern")
KINDS = {
    "location": (Location, LocationForm, gettext_lazy("location")),
    "skill": (Skill, SkillForm, gettext_lazy("skill")),
    "template": (ShiftTemplate, ShiftTemplateForm, gettext_lazy("shift template")),
    "rules": (WorkingTimeRules, RulesForm, gettext_lazy("working-time rules")),
    "pattern": (RotationPattern, PatternForm, gettext_lazy("rotation pattern")),
}


@require_GET
@PLAN_REQUIRED
def setup(request: HttpRequest) -> HttpResponse:
    rules = list(WorkingTimeRules.objects.all())
    default = rules_default()
    if default.pk is None:  # the preset, not saved yet: listed first, saved when edited
        rules.insert(0, default)
    return render(
        request,
        "scheduling/setup.html",
        {
            "locations": Location.objects.select_related("rules").annotate(
                staff=Count("members", distinct=True)
            ),
            "skills": Skill.objects.annotate(people=Count("employees", distinct=True)),
            "templates": ShiftTemplate.objects.select_related("location"),
            "rules": rules,
            "patterns": RotationPattern.objects.all(),
        },
    )


@require_http_methods(["GET", "POST"])
@PLAN_REQUIRED
def setup_form(request: HttpRequest, kind: str, pk: int | None = None) -> HttpResponse:
    if kind not in KINDS:
        raise Http404
    model, form_class, label = KINDS[kind]
    obj = model.objects.filter(pk=pk).first() if pk else None
    if pk and obj is None:
        raise Http404
    if kind == "rules" and obj is None:
        default = rules_default()
        if default.pk is not None or "default" not in request.GET:
            return rules_create(request)
        obj = default  # the unsaved default: this form saves it
    form = form_class(request.POST or None, instance=obj)
    if request.method == "POST" and form.is_valid():
        obj = services.setup_save(actor=request.user, instance=form.save(commit=False), what=kind)
        form.save_m2m()
        messages.success(request, _("Saved."))
        if kind == "location":
            return redirect("scheduling:location-detail", pk=obj.pk)
        return redirect("scheduling:setup-list")
    return render(
        request,
        "scheduling/setup_form.html",
        {"form": form, "obj": obj, "label": label, "kind": kind, "deletable": DELETABLE},
    )


def rules_create(request: HttpRequest) -> HttpResponse:
    form = RulesPresetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        rules = services.rules_from_preset(
            actor=request.user, name=form.cleaned_data["name"], preset=form.cleaned_data["preset"]
        )
        messages.success(request, _("The rules were made from the preset; adjust them if needed."))
        return redirect("scheduling:setup-edit", kind="rules", pk=rules.pk)
    return render(
        request,
        "scheduling/setup_form.html",
        {"form": form, "obj": None, "label": KINDS["rules"][2], "kind": "rules"},
    )


@require_POST
@PLAN_REQUIRED
def setup_delete(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    if kind not in DELETABLE:
        raise Http404
    obj = KINDS[kind][0].objects.filter(pk=pk).first()
    if obj is None:
        raise Http404
    services.setup_delete(actor=request.user, instance=obj, what=kind)
    messages.success(request, _("Deleted."))
    return redirect("scheduling:setup-list")


@require_http_methods(["GET", "POST"])
@PLAN_REQUIRED
def location_detail(request: HttpRequest, pk: int) -> HttpResponse:
    location = Location.objects.select_related("rules").filter(pk=pk).first()
    if location is None:
        raise Http404
    members_form = MembersForm(request.POST if "add_members" in request.POST else None)
    if request.method == "POST" and "add_members" in request.POST and members_form.is_valid():
        count = services.location_members_add(
            actor=request.user, location=location, people=members_form.cleaned_data["people"]
        )
        messages.success(request, _("%(count)s people added.") % {"count": count})
        return redirect("scheduling:location-detail", pk=pk)
    members = list(
        location.members.current().order_by("last_name", "first_name").prefetch_related("skills")
    )
    skills = list(Skill.objects.all())
    rows = [(m, {s.pk for s in m.skills.all()}) for m in members]
    limits = {
        limit.employee_id: limit_summary(limit)
        for limit in StaffLimits.objects.filter(employee__in=members).prefetch_related(
            "shift_limits__template"
        )
    }
    coverage = location.coverage.select_related("template", "skill")
    return render(
        request,
        "scheduling/location_detail.html",
        {
            "location": location,
            "rules": location.rules or rules_default(),
            "members_form": members_form,
            "rows": rows,
            "limits": limits,
            "skills": skills,
            "coverage": coverage,
        },
    )


@require_POST
@PLAN_REQUIRED
def location_skills(request: HttpRequest, pk: int) -> HttpResponse:
    """Save the staff x skills grid (checkbox ``skill_<skill>_<employee>``) and removals."""
    location = Location.objects.filter(pk=pk).first()
    if location is None:
        raise Http404
    remove = {n for n in map(query_int, request.POST.getlist("remove")) if n is not None}
    ticked = set()
    for key in request.POST:
        if key.startswith("skill_") and key.count("_") == 2:
            _prefix, skill_id, employee_id = key.split("_")
            pair = (query_int(skill_id), query_int(employee_id))
            if None not in pair:
                ticked.add(pair)
    services.location_staff_set(actor=request.user, location=location, skills=ticked, remove=remove)
    messages.success(request, _("Staff and skills saved."))
    return redirect("scheduling:location-detail", pk=pk)


@require_http_methods(["GET", "POST"])
@PLAN_REQUIRED
def coverage_form(request: HttpRequest, pk: int, coverage_pk: int | None = None) -> HttpResponse:
    location = Location.objects.filter(pk=pk).first()
    if location is None:
        raise Http404
    line = (
        Coverage.objects.filter(pk=coverage_pk, location=location).first() if coverage_pk else None
    )
    if coverage_pk and line is None:
        raise Http404
    form = CoverageForm(request.POST or None, instance=line, location=location)
    if request.method == "POST" and form.is_valid():
        services.coverage_save(actor=request.user, line=form.save(commit=False))
        messages.success(request, _("Coverage saved."))
        return redirect("scheduling:location-detail", pk=pk)
    return render(
        request, "scheduling/coverage_form.html", {"form": form, "location": location, "line": line}
    )


@require_POST
@PLAN_REQUIRED
def coverage_delete(request: HttpRequest, pk: int, coverage_pk: int) -> HttpResponse:
    line = (
        Coverage.objects.select_related("location").filter(pk=coverage_pk, location_id=pk).first()
    )
    if line is None:
        raise Http404
    services.coverage_delete(actor=request.user, line=line)
    messages.success(request, _("Coverage line removed."))
    return redirect("scheduling:location-detail", pk=pk)


def _hours(minutes: int) -> str:
    whole, rest = divmod(minutes, 60)
    return f"{whole}:{rest:02d}"


def limit_summary(limit: StaffLimits) -> str:
    """ "at least 80:00 h, at most 2 weekends, Night at most 4" for the staff table."""
    parts = []
    if limit.min_period_minutes is not None:
        parts.append(_("at least %(hours)s h") % {"hours": _hours(limit.min_period_minutes)})
    if limit.max_period_minutes is not None:
        parts.append(_("at most %(hours)s h") % {"hours": _hours(limit.max_period_minutes)})
    if limit.max_weekends is not None:
        parts.append(_("at most %(count)s weekends") % {"count": limit.max_weekends})
    if limit.min_days_off_in_row is not None:
        parts.append(_("%(count)s+ days off in a row") % {"count": limit.min_days_off_in_row})
    parts += [
        _("%(shift)s at most %(count)s") % {"shift": row.template.name, "count": row.max_shifts}
        for row in limit.shift_limits.all()
    ]
    return ", ".join(parts)


@require_http_methods(["GET", "POST"])
@PLAN_REQUIRED
def staff_limits(request: HttpRequest, pk: int) -> HttpResponse:
    """One person's limits for the auto-scheduler; ``?location=`` says where to go back to."""
    employee = employee_find(pk=pk)
    if employee is None:
        raise Http404
    back = query_int(request.GET.get("location"))
    location = Location.objects.filter(pk=back).first() if back is not None else None
    limits = StaffLimits.objects.filter(employee=employee).first()
    current = (
        [
            {"template": row.template_id, "max_shifts": row.max_shifts}
            for row in limits.shift_limits.all()
        ]
        if limits
        else []
    )
    data = request.POST if request.method == "POST" else None
    form = StaffLimitsForm(data, limits=limits)
    caps = ShiftLimitFormSet(data, initial=current, prefix="caps")
    if request.method == "POST" and form.is_valid() and caps.is_valid():
        services.staff_limits_save(
            actor=request.user,
            employee=employee,
            values=form.cleaned_data,
            shift_limits=caps.limits(),
        )
        messages.success(request, _("Limits saved."))
        if location is not None:
            return redirect("scheduling:location-detail", pk=location.pk)
        return redirect("scheduling:setup-list")
    return render(
        request,
        "scheduling/staff_limits.html",
        {"employee": employee, "form": form, "caps": caps, "location": location},
    )
