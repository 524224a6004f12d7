"""Every URL pattern answers every role as intended: the role x URL matrix.

Each department adds its rows to ``MATRIX``; ``test_the_matrix_covers_every_url_pattern`` fails when a
pattern has no row, so no page ships without a decision about who may open it.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from backoffice import roles
from backoffice.models import Job, Notification
from tests.compliance.matrix import matrix_rows as compliance_matrix_rows
from tests.compliance.matrix import matrix_world as compliance_matrix_world
from tests.conftest import login_verified
from tests.finance.factories import matrix_rows as finance_matrix_rows
from tests.finance.factories import matrix_world as finance_matrix_world
from tests.finance.payables_matrix import matrix_rows as payables_matrix_rows
from tests.finance.payables_matrix import matrix_world as payables_matrix_world
from tests.it_support.matrix import matrix_rows as it_matrix_rows
from tests.it_support.matrix import matrix_world as it_matrix_world
from tests.operations.matrix import matrix_rows as ops_matrix_rows
from tests.operations.matrix import matrix_world as ops_matrix_world
from tests.payroll.matrix import matrix_rows as payroll_matrix_rows
from tests.payroll.matrix import matrix_world as payroll_matrix_world

ANON = "anonymous"
ALL_ROLES = [ANON, *roles.ROLES]
SIGNED_IN = list(roles.ROLES)


@dataclass(frozen=True)
class Row:
    name: str
    expect: dict[str, int]
    args: Callable[[dict], list] = field(default=lambda ctx: [])


def everyone(status: int, anonymous: int = 302) -> dict[str, int]:
    return {ANON: anonymous, **dict.fromkeys(SIGNED_IN, status)}


def only(allowed: list[str], status: int = 200, others: int = 403) -> dict[str, int]:
    return {ANON: 302, **{role: status if role in allowed else others for role in SIGNED_IN}}


ADMIN_ONLY = [roles.ADMINISTRATOR]

MATRIX: list[Row] = [
    Row("home", everyone(200)),
    Row("search", everyone(200)),
    Row("set-language", everyone(405, anonymous=405)),
    Row("healthz", everyone(200, anonymous=200)),
    Row("robots", everyone(200, anonymous=200)),
    Row("login", everyone(302, anonymous=200)),
    Row("logout", everyone(405)),
    Row("account", everyone(200)),
    Row("password_change", everyone(200)),
    Row("password_reset", everyone(200, anonymous=200)),
    Row("password_reset_done", everyone(200, anonymous=200)),
    Row("password_reset_confirm", everyone(200, anonymous=200), lambda ctx: ["MQ", "set-password"]),
    Row("password_reset_complete", everyone(200, anonymous=200)),
    Row("otp-setup", everyone(200)),
    Row("otp-verify", everyone(200)),
    Row("otp-backup-codes", everyone(200)),
    Row("otp-disable", everyone(405)),
    Row("backoffice:job-list", everyone(200)),
    Row("backoffice:job-detail", only(ADMIN_ONLY, others=404), lambda ctx: [ctx["job"].uuid]),
    Row("backoffice:job-cancel", everyone(405), lambda ctx: [ctx["job"].uuid]),
    Row("backoffice:job-download", only(ADMIN_ONLY, others=404), lambda ctx: [ctx["job"].uuid]),
    Row("backoffice:notification-list", everyone(200)),
    Row("backoffice:notification-bell", everyone(200)),
    Row("backoffice:notification-read-all", everyone(405)),
    Row("backoffice:notification-open", everyone(405), lambda ctx: [ctx["notification"].pk]),
    Row("backoffice:audit-list", only([roles.ADMINISTRATOR, roles.COMPLIANCE])),
    Row("backoffice:audit-export", everyone(405)),
    Row("backoffice:organisation-edit", only(ADMIN_ONLY)),
    Row("backoffice:organisation-logo", everyone(404)),
    Row("backoffice:user-list", only(ADMIN_ONLY)),
    Row("backoffice:user-invite", only(ADMIN_ONLY)),
    Row(
        "backoffice:user-detail",
        only(ADMIN_ONLY),
        lambda ctx: [ctx["people"][roles.STAFF].pk],
    ),
    Row(
        "backoffice:user-deactivate",
        everyone(405),
        lambda ctx: [ctx["people"][roles.STAFF].pk],
    ),
    Row(
        "backoffice:user-otp-reset",
        everyone(405),
        lambda ctx: [ctx["people"][roles.STAFF].pk],
    ),
    Row("backoffice:role-list", only(ADMIN_ONLY)),
    Row("admin:index", only([roles.ADMINISTRATOR, roles.HR])),
    Row("admin:hr_leavetype_changelist", only([roles.HR])),
    Row("admin:backoffice_user_changelist", only(ADMIN_ONLY)),
    Row("admin:backoffice_auditevent_changelist", only(ADMIN_ONLY)),
    Row("admin:auth_group_changelist", only(ADMIN_ONLY)),
    Row("admin:axes_accessattempt_changelist", only(ADMIN_ONLY)),
    Row("admin:django_celery_beat_periodictask_changelist", only(ADMIN_ONLY)),
]
R = roles
MATRIX += [
    Row("hr:workforce-dashboard", only([R.HR, R.FINANCE, R.MANAGER])),
    Row("hr:employee-directory", everyone(200)),
    Row("hr:org-chart", everyone(200)),
    Row("hr:org-branch", everyone(200), lambda ctx: [ctx["department"].pk]),
    Row("hr:department-list", everyone(200)),
    Row("hr:department-detail", everyone(200), lambda ctx: [ctx["department"].pk]),
    Row("hr:department-create", only([R.HR])),
    Row("hr:department-edit", only([R.HR]), lambda ctx: [ctx["department"].pk]),
    Row("hr:employee-list", only([R.HR, R.FINANCE])),
    Row("hr:employee-create", only([R.HR])),
    Row("hr:employee-import", only([R.HR])),
    Row("hr:employee-import-template", only([R.HR])),
    Row("hr:headcount-report", everyone(405)),
    Row(
        "hr:employee-detail",
        only([R.HR, R.FINANCE, R.MANAGER, R.STAFF], others=404),
        lambda ctx: [ctx["staff"].pk],
    ),
    Row("hr:employee-edit", only([R.HR]), lambda ctx: [ctx["staff"].pk]),
    Row("hr:employee-photo", everyone(404), lambda ctx: [ctx["staff"].pk]),
    Row("hr:employee-photo-upload", everyone(405), lambda ctx: [ctx["staff"].pk]),
    Row("hr:contract-create", only([R.HR]), lambda ctx: [ctx["staff"].pk]),
    Row("hr:document-create", only([R.HR], others=404), lambda ctx: [ctx["staff"].pk]),
    Row(
        "hr:document-download",
        only([R.HR, R.MANAGER, R.STAFF], others=404),
        lambda ctx: [ctx["document"].pk],
    ),
    Row("hr:document-delete", everyone(405), lambda ctx: [ctx["document"].pk]),
    Row("hr:profile-mine", everyone(200)),
    Row("hr:leave-mine", everyone(200)),
    Row("hr:leave-create", everyone(200)),
    Row("hr:leave-preview", everyone(405)),
    Row("hr:leave-list", only([R.HR, R.MANAGER])),
    Row("hr:leave-decide", everyone(405)),
    Row("hr:leave-calendar", only([R.HR, R.MANAGER])),
    Row(
        "hr:leave-detail",
        only([R.HR, R.MANAGER, R.STAFF], others=404),
        lambda ctx: [ctx["leave"].pk],
    ),
    Row("hr:leave-approve", everyone(405), lambda ctx: [ctx["leave"].pk]),
    Row("hr:leave-reject", everyone(405), lambda ctx: [ctx["leave"].pk]),
    Row("hr:leave-cancel", everyone(405), lambda ctx: [ctx["leave"].pk]),
    Row("hr:leave-document-upload", everyone(405), lambda ctx: [ctx["leave"].pk]),
    Row("hr:holiday-list", only([R.HR, R.ADMINISTRATOR])),
    Row("hr:opening-list", only([R.HR, R.MANAGER])),
    Row("hr:opening-create", only([R.HR])),
    Row("hr:opening-edit", only([R.HR]), lambda ctx: [ctx["opening"].pk]),
    Row("hr:opening-detail", only([R.HR, R.MANAGER], others=404), lambda ctx: [ctx["opening"].pk]),
    Row(
        "hr:candidate-create", only([R.HR, R.MANAGER], others=404), lambda ctx: [ctx["opening"].pk]
    ),
    Row(
        "hr:application-detail",
        only([R.HR, R.MANAGER, R.STAFF], others=404),
        lambda ctx: [ctx["application"].pk],
    ),
    Row("hr:application-move", everyone(405), lambda ctx: [ctx["application"].pk]),
    Row("hr:application-reject", everyone(405), lambda ctx: [ctx["application"].pk]),
    Row("hr:interview-create", everyone(405), lambda ctx: [ctx["application"].pk]),
    Row("hr:offer-create", everyone(405), lambda ctx: [ctx["application"].pk]),
    Row("hr:candidate-cv-download", everyone(404), lambda ctx: [ctx["application"].pk]),
    Row("hr:feedback-create", everyone(405), lambda ctx: [ctx["interview"].pk]),
    Row("hr:offer-accept", everyone(405), lambda ctx: [1]),
    Row("hr:offer-decline", everyone(405), lambda ctx: [1]),
    Row("hr:task-mine", everyone(200)),
    Row("hr:task-done", everyone(405), lambda ctx: [1]),
    Row(
        "hr:checklist-detail",
        only([R.HR, R.FINANCE, R.MANAGER, R.STAFF], others=404),
        lambda ctx: [ctx["checklist"].pk],
    ),
    Row("hr:employment-end", only([R.HR]), lambda ctx: [ctx["staff"].pk]),
    Row("hr:training-list", only([R.HR, R.MANAGER])),
    Row("hr:training-mine", everyone(200)),
    Row("hr:course-create", only([R.HR])),
    Row("hr:course-detail", only([R.HR, R.MANAGER], others=403), lambda ctx: [ctx["course"].pk]),
    Row("hr:course-edit", only([R.HR]), lambda ctx: [ctx["course"].pk]),
    Row("hr:training-complete", everyone(405), lambda ctx: [1]),
    Row(
        "hr:certificate-download",
        only([R.HR, R.FINANCE, R.MANAGER, R.STAFF], others=404),
        lambda ctx: [ctx["assignment"].pk],
    ),
    Row("hr:review-list", everyone(200)),
    Row("hr:review-cycle-create", only([R.HR])),
    Row("hr:review-cycle-detail", only([R.HR]), lambda ctx: [ctx["cycle"].pk]),
    Row("hr:review-cycle-close", everyone(405), lambda ctx: [ctx["cycle"].pk]),
    Row(
        "hr:review-detail",
        only([R.HR, R.FINANCE, R.MANAGER, R.STAFF], others=404),
        lambda ctx: [ctx["review"].pk],
    ),
    Row("hr:review-goal-create", everyone(405), lambda ctx: [ctx["review"].pk]),
    Row("hr:review-self-assess", everyone(405), lambda ctx: [ctx["review"].pk]),
    Row("hr:review-manager-assess", everyone(405), lambda ctx: [ctx["review"].pk]),
    Row("hr:holiday-generate", everyone(405)),
    Row("hr:calendar-day-create", everyone(405)),
    Row("hr:calendar-day-delete", everyone(405), lambda ctx: [ctx["holiday"].pk]),
]
PLANS = [R.PLANNER]
SCHEDULE_READERS = [R.PLANNER, R.HR, R.FINANCE, R.MANAGER, R.STAFF]
MATRIX += [
    Row("scheduling:period-list", everyone(200)),
    Row("scheduling:period-create", only(PLANS)),
    Row(
        "scheduling:period-detail",
        only(SCHEDULE_READERS, others=404),
        lambda ctx: [ctx["published"].pk],
    ),
    Row(
        "scheduling:period-detail",
        only([R.PLANNER, R.HR, R.MANAGER], others=404),
        lambda ctx: [ctx["draft"].pk],
    ),
    Row("scheduling:shift-create", only(PLANS), lambda ctx: [ctx["draft"].pk]),
    Row(
        "scheduling:shift-edit",
        only(PLANS),
        lambda ctx: [ctx["published"].pk, ctx["shift"].pk],
    ),
    Row(
        "scheduling:shift-delete",
        only(PLANS),
        lambda ctx: [ctx["published"].pk, ctx["shift"].pk],
    ),
    Row("scheduling:shift-check", everyone(405), lambda ctx: [ctx["draft"].pk]),
    Row(
        "scheduling:shift-move",
        everyone(405),
        lambda ctx: [ctx["published"].pk, ctx["shift"].pk],
    ),
    Row("scheduling:shift-bulk", everyone(405), lambda ctx: [ctx["draft"].pk]),
    Row("scheduling:week-copy", everyone(405), lambda ctx: [ctx["draft"].pk]),
    Row("scheduling:rotation-apply", only(PLANS), lambda ctx: [ctx["draft"].pk]),
    Row("scheduling:period-publish", only(PLANS), lambda ctx: [ctx["draft"].pk]),
    Row("scheduling:period-close", everyone(405), lambda ctx: [ctx["published"].pk]),
    Row("scheduling:period-changes-discard", everyone(405), lambda ctx: [ctx["published"].pk]),
    Row("scheduling:auto-run-create", only(PLANS), lambda ctx: [ctx["draft"].pk]),
    Row("scheduling:auto-run-detail", only(PLANS), lambda ctx: [ctx["auto_run"].pk]),
    Row("scheduling:auto-run-accept", everyone(405), lambda ctx: [ctx["auto_run"].pk]),
    Row("scheduling:auto-run-discard", everyone(405), lambda ctx: [ctx["auto_run"].pk]),
    Row(
        "scheduling:shift-detail",
        only(SCHEDULE_READERS, others=404),
        lambda ctx: [ctx["shift"].pk],
    ),
    Row("scheduling:swap-create", only([R.STAFF], others=404), lambda ctx: [ctx["shift"].pk]),
    Row("scheduling:schedule-mine", everyone(200)),
    Row("scheduling:calendar-feed-edit", everyone(405)),
    Row("scheduling:availability-mine", everyone(200)),
    Row("scheduling:availability-delete", everyone(405), lambda ctx: [ctx["availability"].pk]),
    Row("scheduling:open-shift-list", everyone(200)),
    Row("scheduling:open-shift-claim", everyone(405), lambda ctx: [ctx["open_shift"].pk]),
    Row("scheduling:swap-list", only([R.PLANNER, R.HR, R.MANAGER])),
    Row("scheduling:swap-withdraw", everyone(405), lambda ctx: [ctx["swap"].pk]),
    Row("scheduling:swap-approve", everyone(405), lambda ctx: [ctx["swap"].pk]),
    Row("scheduling:swap-reject", everyone(405), lambda ctx: [ctx["swap"].pk]),
    Row(
        "scheduling:calendar-feed-download",
        everyone(200, anonymous=200),
        lambda ctx: [ctx["feed"].token],
    ),
    Row(
        "scheduling:calendar-feed-download",
        everyone(404, anonymous=404),
        lambda ctx: ["not-a-token"],
    ),
    Row("scheduling:cost-report", only([R.PLANNER, R.HR, R.FINANCE, R.MANAGER])),
    Row("scheduling:clock-detail", everyone(200)),
    Row("scheduling:correction-create", everyone(405)),
    Row("scheduling:timesheet-list", only([R.HR, R.FINANCE, R.MANAGER])),
    Row("scheduling:timesheet-mine", everyone(200)),
    Row("scheduling:timesheet-export", everyone(405)),
    Row(
        "scheduling:timesheet-detail",
        only([R.HR, R.FINANCE, R.MANAGER, R.STAFF], others=404),
        lambda ctx: [ctx["timesheet"].pk],
    ),
    Row("scheduling:timesheet-submit", everyone(405), lambda ctx: [ctx["timesheet"].pk]),
    Row("scheduling:timesheet-approve", everyone(405), lambda ctx: [ctx["timesheet"].pk]),
    Row(
        "scheduling:entry-create",
        {**only([R.MANAGER], others=404), R.HR: 403, R.FINANCE: 403, R.STAFF: 403},
        lambda ctx: [ctx["timesheet"].pk],
    ),
    Row(
        "scheduling:entry-edit",
        {**only([R.MANAGER], others=404), R.HR: 403, R.FINANCE: 403, R.STAFF: 403},
        lambda ctx: [ctx["timesheet"].pk, ctx["entry"].pk],
    ),
    Row("scheduling:attendance-dashboard", only([R.PLANNER, R.HR, R.FINANCE, R.MANAGER])),
    Row("scheduling:setup-list", only(PLANS)),
    Row("scheduling:setup-create", only(PLANS), lambda ctx: ["location"]),
    Row("scheduling:setup-create", only(PLANS), lambda ctx: ["rules"]),
    Row("scheduling:setup-edit", only(PLANS), lambda ctx: ["location", ctx["location"].pk]),
    Row("scheduling:setup-delete", everyone(405), lambda ctx: ["skill", 1]),
    Row("scheduling:location-detail", only(PLANS), lambda ctx: [ctx["location"].pk]),
    Row("scheduling:location-skills-edit", everyone(405), lambda ctx: [ctx["location"].pk]),
    Row("scheduling:staff-limits-edit", only(PLANS), lambda ctx: [ctx["staff"].pk]),
    Row("scheduling:coverage-create", only(PLANS), lambda ctx: [ctx["location"].pk]),
    Row(
        "scheduling:coverage-edit",
        only(PLANS),
        lambda ctx: [ctx["location"].pk, ctx["coverage"].pk],
    ),
    Row(
        "scheduling:coverage-delete",
        everyone(405),
        lambda ctx: [ctx["location"].pk, ctx["coverage"].pk],
    ),
]
MATRIX += finance_matrix_rows(Row, only, everyone, roles)
MATRIX += payables_matrix_rows(Row, only, everyone, roles)
MATRIX += it_matrix_rows(Row, only, everyone, roles)
MATRIX += compliance_matrix_rows(Row, only, everyone, roles)
MATRIX += ops_matrix_rows(Row, only, everyone, roles)
MATRIX += payroll_matrix_rows(Row, only, everyone, roles)
# Django's admin generates many patterns per model; the rows above stand for them.
COVERED_ELSEWHERE_PREFIXES = ("admin:",)


def _names(resolver: URLResolver, prefix: str = "") -> set[str]:
    names: set[str] = set()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            namespace = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
            names |= _names(pattern, namespace)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(prefix + pattern.name)
    return names


def test_the_matrix_covers_every_url_pattern():
    covered = {row.name for row in MATRIX}
    missing = {
        name
        for name in _names(get_resolver())
        if name not in covered and not name.startswith(COVERED_ELSEWHERE_PREFIXES)
    }
    assert not missing, f"URL patterns without a row in the role x URL matrix: {sorted(missing)}"


@pytest.fixture
def world(make_user):
    people = {role: make_user(role, username=f"matrix-{role.lower()}") for role in roles.ROLES}
    admin = people[roles.ADMINISTRATOR]
    job = Job.objects.create(
        kind="test.slow",
        requested_by=admin,
        idempotency_key=str(uuid.uuid4()),
        status=Job.Status.SUCCEEDED,
    )
    job.result_file.save("result.txt", ContentFile(b"result"))
    notification = Notification.objects.create(recipient=admin, title="Hello")
    hr_world = _hr_world(people)
    scheduling_world = _scheduling_world(hr_world["staff"])
    return {
        "people": people,
        "job": job,
        "notification": notification,
        **hr_world,
        **scheduling_world,
        **finance_matrix_world(hr_world["department"]),
        **payables_matrix_world(people, hr_world["staff"]),
        **it_matrix_world(people, hr_world["staff"]),
        **ops_matrix_world(people, hr_world["department"], scheduling_world["location"]),
        **payroll_matrix_world(hr_world["staff"]),
        **compliance_matrix_world(people, hr_world["department"], hr_world["staff"]),
    }


def _scheduling_world(staff) -> dict:
    """A location where Staff and the Manager work: a published week ahead with Staff's shift and
    an open shift, an empty draft week after it, a pending swap and Staff's calendar feed."""
    from tests.scheduling.factories import roster_world

    return roster_world(staff=staff, colleague=staff.manager)


def _hr_world(people) -> dict:
    """Every role's user is an employee; the Staff user reports to the Manager user."""
    from datetime import date, timedelta
    from decimal import Decimal

    from django.utils import timezone

    from hr.models import (
        CalendarDay,
        Department,
        Employee,
        EmployeeDocument,
        LeaveRequest,
        LeaveType,
    )

    department = Department.objects.create(code="MX", name="Matrix")
    Department.objects.create(code="MX2", name="Matrix child", parent=department)
    employees = {}
    for role, user in people.items():
        employee = Employee(
            employee_number=f"M-{role}",
            first_name=role,
            last_name="Matrix",
            user=user,
            department=department,
            hire_date=date(2020, 1, 1),
        )
        employee.refresh_search_text()
        employee.save()
        employees[role] = employee
    staff = employees[roles.STAFF]
    staff.manager = employees[roles.MANAGER]
    staff.save(update_fields=["manager"])
    leave_type = LeaveType.objects.create(code="MXL", name="Leave")
    start = timezone.localdate() + timedelta(days=30)
    leave = LeaveRequest.objects.create(
        employee=staff, leave_type=leave_type, start_date=start, end_date=start, days=Decimal(1)
    )
    document = EmployeeDocument(
        employee=staff, kind="certificate", title="Certificate", content_type="application/pdf"
    )
    document.file.save("certificate.pdf", ContentFile(b"%PDF-1.4"), save=True)
    holiday = CalendarDay.objects.create(day=date(2026, 12, 25), name="Christmas")
    department.manager = employees[roles.MANAGER]
    department.save(update_fields=["manager"])
    from hr.models import (
        Application,
        Candidate,
        Checklist,
        ChecklistTemplate,
        HiringStage,
        Interview,
        JobOpening,
    )

    stage = HiringStage.objects.create(name="Applied")
    opening = JobOpening.objects.create(title="Cashier", department=department)
    application = Application.objects.create(
        opening=opening,
        candidate=Candidate.objects.create(first_name="C", last_name="D"),
        stage=stage,
    )
    interview = Interview.objects.create(
        application=application, scheduled_at=timezone.now() + timedelta(days=1)
    )
    interview.interviewers.set([staff])
    template = ChecklistTemplate.objects.create(name="On", kind="onboarding")
    checklist = Checklist.objects.create(
        employee=staff, template=template, kind="onboarding", anchor_date=date(2020, 1, 1)
    )
    from hr.models import Course, Review, ReviewCycle, TrainingAssignment

    course = Course.objects.create(title="Safety")
    assignment = TrainingAssignment.objects.create(
        employee=staff, course=course, due_date=date(2026, 1, 1), completed_on=date(2026, 1, 1)
    )
    assignment.certificate.save("cert.pdf", ContentFile(b"%PDF-1.4"), save=True)
    cycle = ReviewCycle.objects.create(
        name="2026",
        period_start=date(2026, 1, 1),
        period_end=date(2026, 12, 31),
        self_deadline=date(2026, 12, 1),
        manager_deadline=date(2026, 12, 15),
    )
    review = Review.objects.create(cycle=cycle, employee=staff, manager=employees[roles.MANAGER])
    return {
        "course": course,
        "assignment": assignment,
        "cycle": cycle,
        "review": review,
        "department": department,
        "staff": staff,
        "leave": leave,
        "document": document,
        "holiday": holiday,
        "opening": opening,
        "application": application,
        "interview": interview,
        "checklist": checklist,
    }


@pytest.mark.parametrize("role", ALL_ROLES)
def test_role_x_url(role, world, client):
    if role != ANON:
        login_verified(client, world["people"][role])
    failures = []
    for row in MATRIX:
        url = reverse(row.name, args=row.args(world))
        status = client.get(url).status_code
        if status != row.expect[role]:
            failures.append(f"{row.name} ({url}): expected {row.expect[role]}, got {status}")
    assert not failures, "\n".join(failures)


# Staff's documents by kind (test_document_kind_x_viewer): each kind is a scope decided in
# hr.policies. Roles are as in the world (Manager is Staff's manager), plus two people the roles
# alone do not tell apart.
DOCUMENT_KINDS = ["medical", "identity", "contract", "certificate", "other"]
OTHER_MANAGER = "another manager"
OTHER_STAFF = "another staff member"
SEES_DOCUMENTS = {
    R.HR: set(DOCUMENT_KINDS),
    R.STAFF: set(DOCUMENT_KINDS),  # the person themself
    R.MANAGER: {"certificate"},
}


def _other_person(world, make_user, viewer: str):
    from datetime import date

    from hr.models import Employee

    role = R.MANAGER if viewer == OTHER_MANAGER else R.STAFF
    user = make_user(role, username=f"matrix-{role.lower()}-other")
    person = Employee.objects.create(
        employee_number=f"M-other-{role}",
        first_name="Other",
        last_name="Matrix",
        user=user,
        department=world["department"],
        hire_date=date(2020, 1, 1),
    )
    if role == R.MANAGER:
        Employee.objects.filter(pk=world["people"][R.ADMINISTRATOR].employee.pk).update(
            manager=person
        )
    return user


@pytest.mark.parametrize("viewer", [ANON, *roles.ROLES, OTHER_MANAGER, OTHER_STAFF])
def test_document_kind_x_viewer(viewer, world, client, make_user):
    from hr.models import EmployeeDocument

    staff = world["staff"]
    documents = {}
    for kind in DOCUMENT_KINDS:
        document = EmployeeDocument(
            employee=staff, kind=kind, title=f"Matrix {kind} 5c1e", content_type="application/pdf"
        )
        document.file.save(f"{kind}.pdf", ContentFile(b"%PDF-1.4"), save=True)
        documents[kind] = document
    if viewer in (OTHER_MANAGER, OTHER_STAFF):
        login_verified(client, _other_person(world, make_user, viewer))
    elif viewer != ANON:
        login_verified(client, world["people"][viewer])
    record = client.get(reverse("hr:employee-detail", args=[staff.pk]) + "?tab=documents")
    html = record.content.decode()
    failures = []
    for kind, document in documents.items():
        seen = kind in SEES_DOCUMENTS.get(viewer, set())
        status = client.get(reverse("hr:document-download", args=[document.pk])).status_code
        expected = 302 if viewer == ANON else 200 if seen else 404
        if status != expected:
            failures.append(f"{kind}: download expected {expected}, got {status}")
        if (document.title in html) != seen:
            failures.append(
                f"{kind}: the record's documents list {'lacks' if seen else 'shows'} it"
            )
    assert not failures, "\n".join(failures)


# A job's result follows what it contains, not the role that administers jobs: it was built with
# its requester's visibility (here the Manager's timesheet export of their team), so only the
# requester downloads it; administrators see the job (its status, who asked), not its result.
JOB_RESULT_ROWS = [
    Row("backoffice:job-detail", only([R.ADMINISTRATOR, R.MANAGER], others=404)),
    Row("backoffice:job-download", only([R.MANAGER], others=404)),
]


@pytest.mark.parametrize("role", ALL_ROLES)
def test_role_x_job_result(role, world, client):
    job = Job.objects.create(
        kind="scheduling.timesheets_export",
        requested_by=world["people"][R.MANAGER],
        idempotency_key=str(uuid.uuid4()),
        status=Job.Status.SUCCEEDED,
        result_name="timesheets.xlsx",
    )
    job.result_file.save("timesheets.xlsx", ContentFile(b"the team's hours"))
    if role != ANON:
        login_verified(client, world["people"][role])
    failures = []
    for row in JOB_RESULT_ROWS:
        status = client.get(reverse(row.name, args=[job.uuid])).status_code
        if status != row.expect[role]:
            failures.append(f"{row.name}: expected {row.expect[role]}, got {status}")
    page = client.get(reverse("backoffice:job-detail", args=[job.uuid])).content.decode()
    download = reverse("backoffice:job-download", args=[job.uuid])
    if (download in page) != (role == R.MANAGER):
        failures.append(f"the job's page {'lacks' if role == R.MANAGER else 'shows'} the download")
    assert not failures, "\n".join(failures)
