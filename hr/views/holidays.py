"""The holiday calendar per year: generated from the country's public holidays, then edited."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from backoffice.filters import query_int
from backoffice.selectors import organisation_get
from hr.forms import CalendarDayForm
from hr.models import CalendarDay
from hr.services import calendar_day_delete, calendar_day_set, holidays_generate


def _year(request: HttpRequest) -> int:
    year = query_int(request.GET.get("year") or request.POST.get("year"))
    return year if year is not None and 2000 <= year <= 2100 else timezone.localdate().year


@require_GET
@permission_required("hr.view_calendarday", raise_exception=True)
def holidays_view(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    days = CalendarDay.objects.filter(day__year=year)
    return render(
        request,
        "hr/holidays.html",
        {"year": year, "days": days, "form": CalendarDayForm(initial={"day": f"{year}-01-01"})},
    )


@require_POST
@permission_required("hr.add_calendarday", raise_exception=True)
def holidays_generate_view(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    count = holidays_generate(actor=request.user, year=year, country=organisation_get().country)
    messages.success(
        request,
        _("%(count)s public holidays were added for %(year)s.") % {"count": count, "year": year},
    )
    return redirect(f"{request.path.rsplit('generate/', 1)[0]}?year={year}")


@require_POST
@permission_required("hr.add_calendarday", raise_exception=True)
def calendar_day_add(request: HttpRequest) -> HttpResponse:
    form = CalendarDayForm(request.POST)
    if form.is_valid():
        entry = calendar_day_set(actor=request.user, **form.cleaned_data)
        messages.success(request, _("%(day)s was saved.") % {"day": entry.day})
        return redirect(f"/hr/holidays/?year={entry.day.year}")
    year = _year(request)
    return render(
        request,
        "hr/holidays.html",
        {"year": year, "days": CalendarDay.objects.filter(day__year=year), "form": form},
    )


@require_POST
@permission_required("hr.delete_calendarday", raise_exception=True)
def calendar_day_remove(request: HttpRequest, pk: int) -> HttpResponse:
    entry = CalendarDay.objects.filter(pk=pk).first()
    if entry is None:
        raise Http404
    year = entry.day.year
    calendar_day_delete(actor=request.user, entry=entry)
    messages.success(request, _("The day was removed from the calendar."))
    return redirect(f"/hr/holidays/?year={year}")
