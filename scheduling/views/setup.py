"""Set-up pages for planners: locations with their staff, skills and coverage; templates; rules;
rotation patterns. Simple records share one form view; each save is audited."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.db import transaction
from django.db.models import Count, ProtectedError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from backoffice.services import audit_record
from hr.models import Employee
from scheduling.forms import (
    CoverageForm,
    LocationForm,
    MembersForm,
    PatternForm,
    RulesForm,
    RulesPresetForm,
    ShiftTemplateForm,
    SkillForm,
)
from scheduling.models import (
    Coverage,
    Location,
    RotationPattern,
    ShiftTemplate,
    Skill,
    WorkingTimeRules,
)
from scheduling.rules import preset_fields
from scheduling.selectors import PLAN, rules_default

PLAN_REQUIRED = permission_required(PLAN, raise_exception=True)

KINDS = {
    "location": (Location, LocationForm, gettext_lazy("location")),
    "skill": (Skill, SkillForm, gettext_lazy("skill")),
    "template": (ShiftTemplate, ShiftTemplateForm, gettext_lazy("shift template")),
    "rules": (WorkingTimeRules, RulesForm, gettext_lazy("working-time rules")),
    "pattern": (RotationPattern, PatternForm, gettext_lazy("rotation pattern")),
}


def _audit(request, kind: str, obj) -> None:
    audit_record(
        kind="scheduling.setup_changed",
        summary=gettext_noop("Scheduling set-up saved: %(what)s %(name)s"),
        params={"what": kind, "name": str(obj)},
        actor=request.user,
        target=obj,
    )


@require_GET
@PLAN_REQUIRED
def setup(request: HttpRequest) -> HttpResponse:
    rules_default()
    return render(
        request,
        "scheduling/setup.html",
        {
            "locations": Location.objects.select_related("rules").annotate(
                staff=Count("members", distinct=True)
            ),
            "skills": Skill.objects.annotate(people=Count("employees", distinct=True)),
            "templates": ShiftTemplate.objects.select_related("location"),
            "rules": WorkingTimeRules.objects.all(),
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
        return rules_create(request)
    form = form_class(request.POST or None, instance=obj)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            obj = form.save()
            _audit(request, kind, obj)
        messages.success(request, _("Saved."))
        if kind == "location":
            return redirect("scheduling:location", pk=obj.pk)
        return redirect("scheduling:setup")
    return render(
        request,
        "scheduling/setup_form.html",
        {"form": form, "obj": obj, "label": label, "kind": kind},
    )


def rules_create(request: HttpRequest) -> HttpResponse:
    form = RulesPresetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            rules = WorkingTimeRules.objects.create(
                name=form.cleaned_data["name"],
                preset=form.cleaned_data["preset"],
                **preset_fields(form.cleaned_data["preset"]),
            )
            _audit(request, "rules", rules)
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
    if kind not in ("skill", "template", "pattern"):
        raise Http404
    obj = KINDS[kind][0].objects.filter(pk=pk).first()
    if obj is None:
        raise Http404
    try:
        obj.delete()
    except ProtectedError:
        messages.error(request, _("It is still in use and cannot be deleted."))
    else:
        messages.success(request, _("Deleted."))
    return redirect("scheduling:setup")


@require_http_methods(["GET", "POST"])
@PLAN_REQUIRED
def location_detail(request: HttpRequest, pk: int) -> HttpResponse:
    location = Location.objects.select_related("rules").filter(pk=pk).first()
    if location is None:
        raise Http404
    members_form = MembersForm(request.POST if "add_members" in request.POST else None)
    if request.method == "POST" and "add_members" in request.POST and members_form.is_valid():
        people = members_form.cleaned_data["people"]
        location.members.add(*people)
        messages.success(request, _("%(count)s people added.") % {"count": len(people)})
        return redirect("scheduling:location", pk=pk)
    members = list(
        location.members.current().order_by("last_name", "first_name").prefetch_related("skills")
    )
    skills = list(Skill.objects.all())
    rows = [(m, {s.pk for s in m.skills.all()}) for m in members]
    coverage = location.coverage.select_related("template", "skill")
    return render(
        request,
        "scheduling/location_detail.html",
        {
            "location": location,
            "rules": location.rules or rules_default(),
            "members_form": members_form,
            "rows": rows,
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
    member_ids = set(location.members.values_list("pk", flat=True))
    remove = {int(v) for v in request.POST.getlist("remove") if v.isdigit()} & member_ids
    ticked = set()
    for key in request.POST:
        if key.startswith("skill_"):
            _prefix, skill_id, employee_id = key.split("_", 2)
            if skill_id.isdigit() and employee_id.isdigit() and int(employee_id) in member_ids:
                ticked.add((int(skill_id), int(employee_id)))
    through = Skill.employees.through
    with transaction.atomic():
        through.objects.filter(employee_id__in=member_ids).delete()
        through.objects.bulk_create(
            [through(skill_id=s, employee_id=e) for s, e in ticked if e not in remove],
            ignore_conflicts=True,
        )
        if remove:
            location.members.remove(*Employee.objects.filter(pk__in=remove))
        _audit(request, "location", location)
    messages.success(request, _("Staff and skills saved."))
    return redirect("scheduling:location", pk=pk)


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
        form.save()
        messages.success(request, _("Coverage saved."))
        return redirect("scheduling:location", pk=pk)
    return render(
        request, "scheduling/coverage_form.html", {"form": form, "location": location, "line": line}
    )


@require_POST
@PLAN_REQUIRED
def coverage_delete(request: HttpRequest, pk: int, coverage_pk: int) -> HttpResponse:
    deleted, _rows = Coverage.objects.filter(pk=coverage_pk, location_id=pk).delete()
    if not deleted:
        raise Http404
    messages.success(request, _("Coverage line removed."))
    return redirect("scheduling:location", pk=pk)
