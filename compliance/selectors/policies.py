"""Who must acknowledge which policy version, who has, and the rates."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from backoffice.models import User
from compliance.models import Acknowledgement, Policy, PolicyVersion
from compliance.permissions import is_officer
from hr.models import Employee
from hr.permissions import manages_team
from hr.selectors import employee_choices, employee_for_user, managed_department_ids


def audience(*, version: PolicyVersion) -> QuerySet[Employee]:
    """The people a version is addressed to: everyone at work, or of its departments or
    positions (departments and positions prefetched or read here)."""
    people = employee_choices(current=True)
    if version.audience == PolicyVersion.Audience.DEPARTMENTS:
        return people.filter(department__in=[d.pk for d in version.departments.all()])
    if version.audience == PolicyVersion.Audience.POSITIONS:
        return people.filter(position__in=[p.pk for p in version.positions.all()])
    return people


def audience_ids(*, version: PolicyVersion) -> set[int]:
    return set(audience(version=version).values_list("pk", flat=True))


def addressed_to(*, version: PolicyVersion, employee: Employee) -> bool:
    return audience(version=version).filter(pk=employee.pk).exists()


def due_on(*, version: PolicyVersion, published: date, hire_date: date | None) -> date:
    """``due_days`` after publishing, or after a later joiner's first day."""
    start = max(published, hire_date) if hire_date else published
    return start + timedelta(days=version.due_days)


@dataclass(frozen=True)
class MyPolicy:
    version: PolicyVersion
    acknowledged_at: object
    due: date


def my_policies(*, user: User) -> list[MyPolicy]:
    """Every published version addressed to the user's person, acknowledged or not (to do
    first, then by due date)."""
    me = employee_for_user(user=user)
    if me is None:
        return []
    versions = (
        PolicyVersion.objects.published()
        .select_related("policy")
        .prefetch_related("departments", "positions")
    )
    mine = [
        v
        for v in versions
        if v.audience == PolicyVersion.Audience.EVERYONE
        or (
            v.audience == PolicyVersion.Audience.DEPARTMENTS
            and me.department_id in {d.pk for d in v.departments.all()}
        )
        or (
            v.audience == PolicyVersion.Audience.POSITIONS
            and me.position_id in {p.pk for p in v.positions.all()}
        )
    ]
    done = dict(
        Acknowledgement.objects.filter(employee=me, version__in=mine).values_list(
            "version_id", "acknowledged_at"
        )
    )
    rows = [
        MyPolicy(
            version=v,
            acknowledged_at=done.get(v.pk),
            due=due_on(
                version=v,
                published=timezone.localdate(v.published_at),
                hire_date=me.hire_date,
            ),
        )
        for v in mine
    ]
    rows.sort(key=lambda r: (r.acknowledged_at is not None, r.due, r.version.pk))
    return rows


def policy_list(*, viewer: User) -> QuerySet[Policy]:
    return Policy.objects.select_related("owner").annotate(version_count=Count("versions"))


def version_get(*, viewer: User, pk: int) -> PolicyVersion:
    """Compliance opens any version; a manager only a published (or retired) one addressed to
    everyone, to positions, or to one of their departments: drafts are compliance's working
    papers."""
    versions = PolicyVersion.objects.select_related("policy", "approved_by").prefetch_related(
        "departments", "positions"
    )
    if not is_officer(viewer):
        scope = visible_department_ids(viewer=viewer) or set()
        A, S = PolicyVersion.Audience, PolicyVersion.Status
        allowed = (
            PolicyVersion.objects.filter(status__in=[S.PUBLISHED, S.RETIRED])
            .filter(Q(audience__in=[A.EVERYONE, A.POSITIONS]) | Q(departments__in=scope))
            .values("pk")
        )
        versions = versions.filter(pk__in=allowed)
    return versions.get(pk=pk)


def visible_department_ids(*, viewer: User) -> set[int] | None:
    """None: every department (Compliance); else the departments a manager heads, or, for a
    manager who heads none (a team lead), the department they work in."""
    if is_officer(viewer):
        return None
    headed = managed_department_ids(viewer=viewer)
    if headed or not manages_team(viewer):
        return headed
    me = employee_for_user(user=viewer)
    # A team lead (people report to them) reads their own department; a role that merely sees
    # every record (HR) is no manager of anyone's findings.
    if me is None or not me.department_id or not me.reports.exists():
        return set()
    return {me.department_id}


@dataclass(frozen=True)
class Rate:
    department: str
    department_id: int | None
    addressed: int
    acknowledged: int

    @property
    def percent(self) -> int:
        return round(100 * self.acknowledged / self.addressed) if self.addressed else 100


def acknowledgement_rates(
    *, version: PolicyVersion, department_ids: set[int] | None = None
) -> list[Rate]:
    """Addressed and acknowledged per department (two queries)."""
    people = audience(version=version).order_by()
    if department_ids is not None:
        people = people.filter(department__in=department_ids)
    addressed = {
        row["department"]: (row["department__name"], row["n"])
        for row in people.values("department", "department__name").annotate(n=Count("pk"))
    }
    acknowledged = dict(
        people.filter(pk__in=version.acknowledgements.values("employee_id"))
        .values("department")
        .annotate(n=Count("pk"))
        .values_list("department", "n")
    )
    return [
        Rate(name or "-", pk, count, acknowledged.get(pk, 0))
        for pk, (name, count) in sorted(addressed.items(), key=lambda i: i[1][0] or "")
    ]


def not_acknowledged(
    *, version: PolicyVersion, department_ids: set[int] | None = None
) -> QuerySet[Employee]:
    people = audience(version=version).exclude(
        pk__in=version.acknowledgements.values("employee_id")
    )
    if department_ids is not None:
        people = people.filter(department__in=department_ids)
    return people.select_related("department", "position")


def version_rates(*, versions: list[PolicyVersion]) -> dict[int, tuple[int, int]]:
    """(acknowledged, addressed) per published version, for the dashboard: one count of the
    acknowledgements of people at work for every version, and one count of each audience
    (versions addressed to everyone share theirs)."""
    if not versions:
        return {}
    current = employee_choices(current=True).order_by()
    done = dict(
        Acknowledgement.objects.filter(
            version__in=[v.pk for v in versions], employee__in=current.values("pk")
        )
        .values("version")
        .annotate(n=Count("pk"))
        .values_list("version", "n")
    )
    everyone: int | None = None
    found = {}
    for version in versions:
        if version.audience == PolicyVersion.Audience.EVERYONE:
            if everyone is None:
                everyone = current.count()
            addressed = everyone
            found[version.pk] = (done.get(version.pk, 0), addressed)
            continue
        # A narrower audience counts only its own people's acknowledgements: someone who moved
        # out of it keeps their acknowledgement, but is no longer one of those addressed.
        people = audience(version=version).order_by()
        acknowledged = people.filter(
            pk__in=Acknowledgement.objects.filter(version=version).values("employee_id")
        ).count()
        found[version.pk] = (acknowledged, people.count())
    return found
