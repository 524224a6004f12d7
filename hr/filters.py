from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from hr.models import Department, Employee


class EmployeeFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    department = django_filters.ModelChoiceFilter(
        label=_("Department"), queryset=Department.objects.all(), empty_label=_("All departments")
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Employee.Status.choices, empty_label=_("Any status")
    )
    employment_type = django_filters.ChoiceFilter(
        label=_("Type"), choices=Employee.EmploymentType.choices, empty_label=_("Any type")
    )
    manager = django_filters.NumberFilter(
        label=_("Manager"), field_name="manager_id", widget=django_filters.widgets.forms.HiddenInput
    )

    class Meta:
        model = Employee
        fields = ["q", "department", "status", "employment_type", "manager"]

    def search(self, queryset, name, value):
        return queryset.search(value)
