"""HR's demo company (about 60 people in six departments, a year of leave) and benchmark volume."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from backoffice.models import User
from backoffice.selectors import organisation_get
from hr.models import (
    Department,
    Employee,
    EmploymentContract,
    LeaveEntitlement,
    LeaveRequest,
    LeaveType,
    Position,
)
from hr.selectors import work_calendar
from hr.services import holidays_generate, leave_type_apply_preset
from hr.services.accounts import account_names_sync, manager_roles_sync
from hr.validators import egn_check_digit
from hr.workdays import leave_year

FIRST = [
    "Иван",
    "Мария",
    "Георги",
    "Елена",
    "Димитър",
    "Йорданка",
    "Петър",
    "Надежда",
    "Николай",
    "Десислава",
    "Христо",
    "Виктория",
    "Стоян",
    "Радостина",
    "Калин",
    "Теодора",
    "Борислав",
    "Гергана",
    "Васил",
    "Цветелина",
]
LAST_M = [
    "Иванов",
    "Петров",
    "Георгиев",
    "Димитров",
    "Николов",
    "Стоянов",
    "Христов",
    "Тодоров",
    "Колев",
    "Василев",
]
DEPARTMENTS = [
    ("MGT", "Управление", "CC-100", ["Изпълнителен директор", "Офис мениджър"]),
    ("HR", "Човешки ресурси", "CC-200", ["HR специалист", "Специалист ТРЗ"]),
    ("FIN", "Финанси", "CC-300", ["Счетоводител", "Финансов анализатор"]),
    ("IT", "ИТ", "CC-400", ["Системен администратор", "Разработчик"]),
    (
        "OPS",
        "Операции",
        "CC-500",
        [
            "Оперативен директор",
            "Планировчик на смени",
            "Управител на магазин",
            "Продавач-консултант",
            "Склададжия",
        ],
    ),
    (
        "SAL",
        "Продажби",
        "CC-600",
        ["Търговски директор", "Търговски представител", "Акаунт мениджър"],
    ),
]
# Positions held by one named person (heads, the planner, the shop manager), never drawn at random.
NAMED_TITLES = {
    "Изпълнителен директор",
    "Оперативен директор",
    "Планировчик на смени",
    "Управител на магазин",
    "Търговски директор",
}
# The demo accounts' positions, so each person's title fits what they do.
ACCOUNT_TITLES = {
    "admin": "Изпълнителен директор",
    "hr": "HR специалист",
    "finance": "Счетоводител",
    "it": "Системен администратор",
    "ops": "Оперативен директор",
    "compliance": "Офис мениджър",
    "planner": "Планировчик на смени",
    "manager": "Управител на магазин",
    "staff": "Продавач-консултант",
    "sales-head": "Търговски директор",
}
# Demo accounts that are also employees: username -> (department code, first, last, manager's username)
ACCOUNT_PEOPLE = {
    "admin": ("MGT", "Ана", "Петрова", None),
    "hr": ("HR", "Христина", "Иванова", "admin"),
    "finance": ("FIN", "Филип", "Георгиев", "admin"),
    "it": ("IT", "Иван", "Тодоров", "admin"),
    "ops": ("OPS", "Олга", "Димитрова", "admin"),
    "compliance": ("MGT", "Калин", "Стоянов", "admin"),
    "planner": ("OPS", "Петя", "Николова", "ops"),
    "manager": ("OPS", "Мартин", "Колев", "ops"),
    "staff": ("OPS", "Стефан", "Ангелов", "manager"),
}


def _female(last: str) -> str:
    return last + "а"


def _name(rng: random.Random) -> tuple[str, str]:
    first = rng.choice(FIRST)
    last = rng.choice(LAST_M)
    female = first.endswith(("а", "я")) and first not in ("Никола",)
    return first, _female(last) if female else last


def leave_types() -> dict[str, LeaveType]:
    """Paid annual leave under the organisation's country preset (Bulgaria: the Labour Code's
    yearly right with balances per year of origin), sick leave and unpaid leave."""
    specs = [
        ("PAID", "Платен годишен отпуск", "annual", True, True, Decimal(20), False, None),
        ("SICK", "Болничен", "sick", True, False, Decimal(0), True, 3),
        ("UNPAID", "Неплатен отпуск", "unpaid", False, False, Decimal(0), True, None),
    ]
    types = {}
    for code, name, kind, paid, counts, days, exceed, doc_after in specs:
        types[code], created = LeaveType.objects.get_or_create(
            code=code,
            defaults=dict(
                name=name,
                kind=kind,
                paid=paid,
                counts_against_allowance=counts,
                annual_days=days,
                may_exceed_balance=exceed,
                document_required_after_days=doc_after,
                carry_over_max_days=Decimal(0),
                carry_over_months=6,
            ),
        )
        if created and kind == "annual":
            leave_type_apply_preset(
                actor=None, leave_type=types[code], country=organisation_get().country
            )
    return types


def _egn(born: date, serial: int) -> str:
    """A valid EGN for a date of birth (demo people only)."""
    month = born.month + (40 if born.year >= 2000 else 0)
    first_nine = f"{born.year % 100:02d}{month:02d}{born.day:02d}{serial:03d}"
    return first_nine + str(egn_check_digit(first_nine))


def _long_service_leave(
    employee: Employee, paid: LeaveType, calendar, today: date, month: int
) -> list[LeaveRequest]:
    """The long-serving person HR looks at: last year's and this year's balances (each with its
    expiry date) and nine working days asked for in March, more than a monthly accrual would
    have allowed by then."""
    this_year, _end = leave_year(today, start_month=month)
    last_year, _end = leave_year(this_year - timedelta(days=1), start_month=month)
    for start in (last_year, this_year):
        LeaveEntitlement.objects.get_or_create(
            employee=employee, leave_type=paid, year_start=start, defaults={"annual_days": 20}
        )
    requests = []
    spans = (
        (date(last_year.year, 7, 7), 14),
        (date(last_year.year, 10, 20), 2),
        (date(this_year.year, 5, 18), 5),
    )
    for first, length in spans:
        end = first + timedelta(days=length - 1)
        requests.append(
            LeaveRequest(
                employee=employee,
                leave_type=paid,
                start_date=first,
                end_date=end,
                days=Decimal(calendar.working_days(first, end)),
                status=LeaveRequest.Status.APPROVED,
                decided_at=timezone.now(),
            )
        )
    march = date(today.year if today.month < 3 else today.year + 1, 3, 8)
    start = march + timedelta(days=(7 - march.weekday()) % 7)
    end = start
    while calendar.working_days(start, end) < 9:
        end += timedelta(days=1)
    requests.append(
        LeaveRequest(
            employee=employee,
            leave_type=paid,
            start_date=start,
            end_date=end,
            days=Decimal(calendar.working_days(start, end)),
            reason="Ски ваканция",
        )
    )
    return requests


@transaction.atomic
def seed_company(*, stdout=None, employees: int = 0, **options) -> None:
    organisation = organisation_get()
    today = timezone.localdate()
    for year in (today.year - 1, today.year, today.year + 1):
        holidays_generate(actor=None, year=year, country=organisation.country)
    types = leave_types()
    if Department.objects.filter(code="MGT").exists():
        if employees:
            bench_company(scale=employees, stdout=stdout)
        return
    rng = random.Random(2026)
    departments, positions = {}, {}
    for code, name, cost_centre, titles in DEPARTMENTS:
        departments[code] = Department.objects.create(
            code=code, name=name, cost_centre=cost_centre, parent=departments.get("MGT")
        )
        for title in titles:
            positions[(code, title)] = Position.objects.create(
                title=title, department=departments[code]
            )
    people: dict[str, Employee] = {}
    number = 1000

    def hire(
        first, last, code, manager, user=None, hired=None, part_time=False, title=None
    ) -> Employee:
        nonlocal number
        number += 1
        title = title or rng.choice(
            [t for (c, t) in positions if c == code and t not in NAMED_TITLES]
        )
        employee = Employee(
            employee_number=f"E{number}",
            first_name=first,
            last_name=last,
            user=user,
            work_email=f"e{number}@balkan-retail.example",
            work_phone=f"+359 2 900 {number}",
            hire_date=hired or today - timedelta(days=rng.randint(120, 2500)),
            department=departments[code],
            position=positions[(code, title)],
            manager=manager,
            employment_type=Employee.EmploymentType.PART_TIME
            if part_time
            else Employee.EmploymentType.FULL_TIME,
            emergency_contact_name=rng.choice(FIRST) + " " + rng.choice(LAST_M),
            emergency_contact_phone=f"+359 87 {rng.randint(1000000, 9999999)}",
            personal_phone=f"+359 88 {rng.randint(1000000, 9999999)}",
        )
        employee.refresh_search_text()
        employee.save()
        EmploymentContract.objects.create(
            employee=employee,
            start=employee.hire_date,
            amount=Decimal(rng.randrange(1500, 6000, 50)),
            weekly_hours=Decimal(20 if part_time else 40),
            probation_end=employee.hire_date + timedelta(days=180),
            notice_period_days=30,
            end=today + timedelta(days=rng.randint(10, 55)) if rng.random() < 0.05 else None,
        )
        return employee

    for username, (code, first, last, manager_name) in ACCOUNT_PEOPLE.items():
        user = User.objects.filter(username=username).first()
        people[username] = hire(
            first,
            last,
            code,
            people.get(manager_name) if manager_name else None,
            user=user,
            hired=date(2018, 4, 2) if username == "staff" else None,
            title=ACCOUNT_TITLES[username],
        )
    for code in departments:
        head = {
            "MGT": "admin",
            "HR": "hr",
            "FIN": "finance",
            "IT": "it",
            "OPS": "ops",
            "SAL": None,
        }[code]
        if head is None:
            first, last = _name(rng)
            people["sales-head"] = hire(
                first, last, "SAL", people["admin"], title=ACCOUNT_TITLES["sales-head"]
            )
            head = "sales-head"
        departments[code].manager = people[head]
        departments[code].save(update_fields=["manager"])
    team_leads = {
        "OPS": people["manager"],
        "SAL": people["sales-head"],
        "IT": people["it"],
        "FIN": people["finance"],
        "HR": people["hr"],
        "MGT": people["admin"],
    }
    staff_pool = []
    while len(people) + len(staff_pool) < 62:
        code = rng.choice(["OPS", "OPS", "OPS", "SAL", "SAL", "IT", "FIN", "HR"])
        first, last = _name(rng)
        staff_pool.append(hire(first, last, code, team_leads[code], part_time=rng.random() < 0.15))
    # A student on a summer contract: a minor known from the EGN alone (no date of birth entered).
    born = date(today.year - 17, 5, 14)
    minor = hire(
        "Калоян",
        "Стефанов",
        "OPS",
        team_leads["OPS"],
        hired=today - timedelta(days=150),
        part_time=True,
    )
    minor.national_id = _egn(born, 317)
    minor.save(update_fields=["national_id"])
    staff_pool.append(minor)
    # A year of leave: approved in the past, a few pending and approved ahead.
    year_start, _year_end = leave_year(today, start_month=organisation.leave_year_start_month)
    calendar = work_calendar(
        start=year_start - timedelta(days=400), end=today + timedelta(days=500)
    )
    everyone = list(people.values()) + staff_pool
    requests = _long_service_leave(
        people["staff"],
        types["PAID"],
        calendar,
        today,
        organisation.leave_year_start_month,
    )
    for employee in everyone:
        if employee == people["staff"]:
            continue
        cursor = max(year_start, employee.hire_date) + timedelta(days=rng.randint(10, 60))
        while cursor < today - timedelta(days=10):
            length = rng.choice([1, 2, 3, 5])
            end = cursor + timedelta(days=length - 1)
            days = Decimal(calendar.working_days(cursor, end))
            if days:
                requests.append(
                    LeaveRequest(
                        employee=employee,
                        leave_type=types["PAID"],
                        start_date=cursor,
                        end_date=end,
                        days=days,
                        status=LeaveRequest.Status.APPROVED,
                        decided_at=timezone.now(),
                    )
                )
            cursor = end + timedelta(days=rng.randint(45, 120))
        if rng.random() < 0.3:
            start = today + timedelta(days=rng.randint(-3, 25))
            end = start + timedelta(days=rng.choice([0, 1, 4]))
            days = Decimal(calendar.working_days(start, end))
            status = rng.choice([LeaveRequest.Status.PENDING, LeaveRequest.Status.APPROVED])
            if days and end.year == start.year:
                requests.append(
                    LeaveRequest(
                        employee=employee,
                        leave_type=types["PAID"],
                        start_date=start,
                        end_date=end,
                        days=days,
                        status=status,
                    )
                )
    LeaveRequest.objects.bulk_create(requests)
    # The demo accounts take their people's names, and department heads the Manager's pages.
    account_names_sync()
    manager_roles_sync()
    if stdout:
        stdout.write(
            f"  {len(everyone)} employees in {len(departments)} departments, {len(requests)} leave requests"
        )
    if employees:
        bench_company(scale=employees, stdout=stdout)


def bench_company(*, scale: int, stdout=None, **options) -> None:
    """A large company for benchmarks: ``scale`` employees in 40 departments, contracts, leave."""
    existing = Employee.objects.filter(employee_number__startswith="B").count()
    if existing >= scale:
        return
    if not Department.objects.filter(code="MGT").exists():
        seed_company(stdout=stdout)
    rng = random.Random(10_000)
    today = timezone.localdate()
    root = Department.objects.get(code="MGT")
    departments = []
    for i in range(40):
        department, _created = Department.objects.get_or_create(
            code=f"B{i:02d}",
            defaults={"name": f"Клон {i + 1}", "cost_centre": f"CC-B{i:02d}", "parent": root},
        )
        departments.append(department)
    position, _created = Position.objects.get_or_create(
        title="Продавач-консултант", department=None
    )
    batch = []
    for n in range(existing, scale):
        first, last = _name(rng)
        department = departments[n % len(departments)]
        employee = Employee(
            employee_number=f"B{n:06d}",
            first_name=first,
            last_name=last,
            work_email=f"b{n}@bench.example",
            hire_date=today - timedelta(days=rng.randint(30, 4000)),
            department=department,
            position=position,
            employment_type=Employee.EmploymentType.FULL_TIME,
        )
        employee.refresh_search_text()
        batch.append(employee)
    Employee.objects.bulk_create(batch, batch_size=2000)
    created = list(Employee.objects.filter(employee_number__startswith="B").order_by("pk"))
    heads = {}
    for employee in created:
        heads.setdefault(employee.department_id, employee)
    for dept_id, head in heads.items():
        Department.objects.filter(pk=dept_id).update(manager=head)
    for employee in created:
        head = heads[employee.department_id]
        if head.pk != employee.pk:
            employee.manager_id = head.pk
    Employee.objects.bulk_update(created, ["manager"], batch_size=2000)
    EmploymentContract.objects.bulk_create(
        [
            EmploymentContract(
                employee=e, start=e.hire_date, amount=Decimal(2000), weekly_hours=Decimal(40)
            )
            for e in created[existing:]
        ],
        batch_size=2000,
    )
    paid = leave_types()["PAID"]
    monday = today - timedelta(days=today.weekday())
    starts = [monday + timedelta(days=rng.randint(0, 25)) for _e in created[existing::5]]
    LeaveRequest.objects.bulk_create(
        [
            LeaveRequest(
                employee=e,
                leave_type=paid,
                start_date=start,
                end_date=start + timedelta(days=2),
                days=Decimal(3),
                status=LeaveRequest.Status.APPROVED,
            )
            for e, start in zip(created[existing::5], starts, strict=True)
        ],
        batch_size=2000,
    )
    if stdout:
        stdout.write(f"  benchmark company: {len(created)} employees")


def bench_headcount_job() -> None:
    from backoffice.models import Job
    from backoffice.services import job_run, job_start

    job = job_start(
        kind="hr.headcount_report",
        requested_by=User.objects.get(username="hr"),
        idempotency_key=f"bench-hc-{timezone.now().timestamp()}",
    )
    job_run(job_id=job.pk)
    if Job.objects.get(pk=job.pk).status != Job.Status.SUCCEEDED:
        raise RuntimeError("the headcount report did not succeed")


ONBOARDING_TASKS = [
    ("Подписване на трудовия договор и длъжностната характеристика", "HR", False, False, -3),
    ("Подготовка на лаптоп и достъпи", "IT", False, False, -2),
    ("План за първата седмица", "", True, False, 0),
    ("Запознаване с правилника за вътрешния ред", "", False, True, 2),
    ("Разговор след първия месец", "", True, False, 30),
]
OFFBOARDING_TASKS = [
    ("Връщане на лаптоп, ключове и карта", "IT", False, False, 0),
    ("Спиране на достъпите", "IT", False, False, 1),
    ("Окончателно плащане и документи", "HR", False, False, 0),
    ("Предаване на работата", "", True, False, -5),
]


@transaction.atomic
def seed_talent(*, stdout=None, **options) -> None:
    """Hiring stages, checklist templates, two openings with candidates, one onboarding under way."""
    from hr.models import (
        Application,
        ApplicationMove,
        Candidate,
        ChecklistTemplate,
        ChecklistTemplateTask,
        HiringStage,
        Interview,
        JobOpening,
    )
    from hr.services import checklist_start

    if HiringStage.objects.exists():
        return
    stages = [
        HiringStage.objects.create(name=name, order=i, is_offer=(name == "Оферта"))
        for i, name in enumerate(["Кандидатури", "Подбор", "Интервю", "Оферта"])
    ]
    for kind, name, tasks in (
        (ChecklistTemplate.Kind.ONBOARDING, "Постъпване", ONBOARDING_TASKS),
        (ChecklistTemplate.Kind.OFFBOARDING, "Напускане", OFFBOARDING_TASKS),
    ):
        template = ChecklistTemplate.objects.create(name=name, kind=kind)
        ChecklistTemplateTask.objects.bulk_create(
            ChecklistTemplateTask(
                template=template,
                title=title,
                responsible_role=role,
                responsible_manager=manager,
                responsible_employee=themselves,
                due_offset_days=offset,
                order=i,
            )
            for i, (title, role, manager, themselves, offset) in enumerate(tasks)
        )
    if not Department.objects.filter(code="OPS").exists():
        return
    rng = random.Random(4)
    today = timezone.localdate()
    ops, sales = (
        Department.objects.get(code="OPS"),
        Department.objects.filter(code="SAL").first() or Department.objects.get(code="OPS"),
    )
    openings = [
        JobOpening.objects.create(
            title="Продавач-консултант, Мол Парадайс",
            department=ops,
            headcount=2,
            position=Position.objects.filter(department=ops).first(),
            description="Работа с клиенти, каса, подреждане на стоката.",
        ),
        JobOpening.objects.create(
            title="Търговски представител, Пловдив",
            department=sales,
            headcount=1,
            position=Position.objects.filter(department=sales).first(),
            description="Развиване на търговската мрежа в региона.",
        ),
    ]
    interviewer = Employee.objects.filter(user__username="manager").first()
    for opening in openings:
        for i in range(5):
            first, last = _name(rng)
            candidate = Candidate.objects.create(
                first_name=first,
                last_name=last,
                email=f"cand{opening.pk}{i}@mail.example",
                phone=f"+359 89 {rng.randint(1000000, 9999999)}",
            )
            stage = stages[min(i, len(stages) - 1)]
            application = Application.objects.create(
                opening=opening, candidate=candidate, stage=stage
            )
            previous = None
            for step in stages[: stage.order + 1]:
                ApplicationMove.objects.create(
                    application=application, from_stage=previous, to_stage=step
                )
                previous = step
            if stage.order == 2 and interviewer:
                interview = Interview.objects.create(
                    application=application,
                    place="Офис София, зала 2",
                    scheduled_at=timezone.now() + timedelta(days=2, hours=i),
                )
                interview.interviewers.set([interviewer])
    recent = (
        Employee.objects.filter(department=ops, user__isnull=True).order_by("-hire_date").first()
    )
    if recent is not None:
        Employee.objects.filter(pk=recent.pk).update(hire_date=today - timedelta(days=3))
        recent.refresh_from_db()
        checklist = checklist_start(
            employee=recent, kind=ChecklistTemplate.Kind.ONBOARDING, anchor_date=recent.hire_date
        )
        first_task = checklist.tasks.order_by("due_date").first() if checklist else None
        if first_task:
            first_task.done_at = timezone.now()
            first_task.save(update_fields=["done_at"])
    if stdout:
        stdout.write(
            "  hiring: 2 openings with 10 candidates; onboarding and offboarding templates"
        )


@transaction.atomic
def seed_development(*, stdout=None, **options) -> None:
    """Courses with mandatory assignments (some overdue) and a review round half done."""
    from hr.models import Course, Goal, Review, TrainingAssignment
    from hr.services import mandatory_trainings_sync, review_cycle_create

    if Course.objects.exists() or not Department.objects.filter(code="OPS").exists():
        return
    today = timezone.localdate()
    rng = random.Random(9)
    safety = Course.objects.create(
        title="Безопасност и здраве при работа",
        provider="Вътрешно обучение",
        duration_hours=Decimal(4),
        validity_months=12,
    )
    cash = Course.objects.create(
        title="Работа с касов апарат", provider="Дейта Сист ООД", duration_hours=Decimal(6)
    )
    Course.objects.create(
        title="Обслужване на клиенти",
        provider="Академия Сервиз",
        duration_hours=Decimal(8),
        validity_months=24,
    )
    safety.mandatory_for.set(Position.objects.all())
    cash.mandatory_for.set(Position.objects.filter(title__icontains="Продавач"))
    for employee in Employee.objects.current().exclude(employee_number__startswith="B"):
        mandatory_trainings_sync(employee=employee, today=today - timedelta(days=45))
    for assignment in TrainingAssignment.objects.select_related("course"):
        if rng.random() < 0.6:
            done = today - timedelta(days=rng.randint(1, 300))
            assignment.completed_on = done
            months = assignment.course.validity_months
            assignment.expires_on = (
                done.replace(year=done.year + 1)
                if months == 12 and not (done.month == 2 and done.day == 29)
                else None
            )
            assignment.save(update_fields=["completed_on", "expires_on"])
    ops = Department.objects.get(code="OPS")
    cycle = review_cycle_create(
        actor=None,
        departments=[ops],
        data={
            "name": f"Годишна оценка {today.year}",
            "period_start": date(today.year, 1, 1),
            "period_end": date(today.year, 12, 31),
            "self_deadline": today + timedelta(days=10),
            "manager_deadline": today + timedelta(days=25),
        },
    )
    for i, review in enumerate(cycle.reviews.all()):
        Goal.objects.create(review=review, title="Изпълнение на плана за продажби", weight=60)
        Goal.objects.create(review=review, title="Обслужване на клиенти", weight=40)
        if i % 2 == 0:
            Review.objects.filter(pk=review.pk).update(
                status=Review.Status.SELF_DONE,
                self_rating=rng.randint(3, 5),
                self_comment="Справих се добре с натоварения сезон.",
            )
        if i % 4 == 0:
            Review.objects.filter(pk=review.pk).update(
                status=Review.Status.MANAGER_DONE,
                manager_rating=rng.randint(3, 5),
                manager_comment="Надежден колега.",
            )
    if stdout:
        stdout.write("  training: 3 courses with mandatory assignments; a review round half done")
