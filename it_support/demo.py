"""IT support's demo data: three queues with their agents (the demo user ``it`` among them),
business hours and SLA policies, a few hundred tickets over six months in every state (with the
SLA met and breached), articles, assets deployed to demo employees, licences and an open
security incident. Also the benchmark's volume: 100,000 tickets."""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from backoffice.models import User
from hr.models import Employee, Position
from it_support.domain.priority import priority_of
from it_support.domain.sla import Interval
from it_support.models import (
    AccessProfile,
    Article,
    ArticleCategory,
    Asset,
    AssetAssignment,
    BusinessHours,
    CannedReply,
    Category,
    Licence,
    LicenceSeat,
    Queue,
    SlaPolicy,
    Status,
    StatusInterval,
    Ticket,
    TicketMessage,
)
from it_support.selectors import business_calendar
from it_support.services.sla import clock_fields

QUEUES = [
    ("helpdesk", "Helpdesk", ["Пароли и вход", "Поща", "Принтери", "Софтуер"]),
    ("access", "Достъпи", ["Нов служител", "Напускащ служител", "Права в системи"]),
    ("hardware", "Хардуер", ["Лаптопи", "Телефони", "Монитори"]),
]
#: (first response, resolution) in business minutes per priority.
TARGETS = {1: (30, 240), 2: (60, 480), 3: (240, 1440), 4: (480, 2880)}
SUBJECTS = [
    "Не мога да вляза в пощата",
    "Принтерът на втория етаж не печата",
    "Нужен ми е достъп до склада в ERP",
    "Лаптопът се рестартира сам",
    "Забравена парола за VPN",
    "Мониторът трепти",
    "Outlook не синхронизира календара",
    "Нов телефон за търговския представител",
    "Excel забива при отваряне на отчета",
    "Wi-Fi в магазина е бавен",
    "Касовият компютър не вижда баркод четеца",
    "Искам лиценз за Adobe Acrobat",
]
ARTICLES = [
    (
        "Как да сменя паролата си",
        "Пароли и вход",
        "1. Натиснете **Ctrl+Alt+Del**.\n2. Изберете *Смяна на паролата*.\n\n"
        "Паролата трябва да е поне 12 знака.",
    ),
    (
        "Настройка на VPN от вкъщи",
        "Мрежа",
        "Инсталирайте клиента от портала и влезте с фирмения акаунт.\n\n"
        "Ако VPN не се свързва, рестартирайте рутера.",
    ),
    (
        "Принтерът не печата",
        "Принтери",
        "Проверете дали има хартия и дали принтерът е избран по подразбиране.",
    ),
    (
        "Outlook не синхронизира",
        "Поща",
        "Затворете Outlook, изтрийте кеша и го отворете отново.",
    ),
]
ASSETS = [
    ("Лаптоп", Asset.Category.LAPTOP, "Lenovo ThinkPad T14", Decimal("1890.00")),
    ("Телефон", Asset.Category.PHONE, "Samsung Galaxy A55", Decimal("720.00")),
    ("Монитор", Asset.Category.MONITOR, "Dell P2423", Decimal("410.00")),
]


def _agents() -> tuple[User | None, list[User]]:
    it = User.objects.filter(username="it").first()
    admin = User.objects.filter(username="admin").first()
    return it, [u for u in (it, admin) if u is not None]


def _setup() -> dict[str, Queue]:
    it, agents = _agents()
    for weekday in range(5):
        BusinessHours.objects.get_or_create(
            weekday=weekday, defaults={"opens": time(9), "closes": time(18)}
        )
    queues = {}
    for code, name, categories in QUEUES:
        queue, _created = Queue.objects.get_or_create(
            code=code, defaults={"name": name, "lead": it}
        )
        queue.agents.add(*agents)
        for category in categories:
            Category.objects.get_or_create(name=category, queue=queue)
        for priority, (first, resolution) in TARGETS.items():
            SlaPolicy.objects.get_or_create(
                queue=queue,
                priority=priority,
                defaults={"first_response_minutes": first, "resolution_minutes": resolution},
            )
        queues[code] = queue
    CannedReply.objects.get_or_create(
        title="Рестартирайте",
        defaults={"body": "Моля, рестартирайте компютъра и ни кажете дали проблемът остава."},
    )
    CannedReply.objects.get_or_create(
        title="Получихме заявката",
        defaults={"body": "Благодарим! Работим по заявката и ще ви пишем до края на деня."},
    )
    return queues


def _business_moment(rng: random.Random, day) -> datetime:
    zone = timezone.get_current_timezone()
    return datetime.combine(day, time(9), tzinfo=zone) + timedelta(minutes=rng.randint(0, 520))


def _story(rng: random.Random, start: datetime, now: datetime) -> list[tuple[str, datetime]]:
    """A ticket's life as (status, started) steps, ending before ``now``."""
    steps = [(Status.NEW, start)]
    at = start + timedelta(minutes=rng.choice([10, 25, 45, 90, 240, 600]))
    fate = rng.random()
    if at >= now:
        return steps
    steps.append((Status.OPEN, at))
    if fate < 0.12:
        return steps
    if fate < 0.2:
        waiting = Status.WAITING_REQUESTER if fate < 0.16 else Status.WAITING_THIRD_PARTY
        at += timedelta(minutes=rng.randint(30, 600))
        if at < now:
            steps.append((waiting, at))
        return steps
    if rng.random() < 0.4:
        at += timedelta(minutes=rng.randint(30, 900))
        if at >= now:
            return steps
        steps.append((Status.WAITING_REQUESTER, at))
        at += timedelta(minutes=rng.randint(60, 4000))
        if at >= now:
            return steps
        steps.append((Status.OPEN, at))
    at += timedelta(minutes=rng.choice([60, 120, 300, 700, 1500, 3000, 6000]))
    if at >= now:
        return steps
    steps.append((Status.RESOLVED, at))
    at += timedelta(days=3)
    if at < now and fate > 0.35:
        steps.append((Status.CLOSED, at))
    return steps


def _tickets(
    *,
    count: int,
    rng: random.Random,
    requesters: list[User],
    queues,
    days: int,
    with_messages: bool,
    bench: bool = False,
) -> int:
    now = timezone.now()
    today = timezone.localdate()
    calendar = business_calendar(
        start=today - timedelta(days=days + 5), end=today + timedelta(days=60)
    )
    policies = {(p.queue_id, p.priority): p for p in SlaPolicy.objects.all()}
    categories = list(Category.objects.select_related("queue"))
    _it, agents = _agents()
    batch, stories = [], []
    for n in range(count):
        day = today - timedelta(days=rng.randint(0, days))
        while day.weekday() >= 5:
            day -= timedelta(days=1)
        start = _business_moment(rng, day)
        if start >= now:
            start = now - timedelta(minutes=rng.randint(5, 300))
        category = rng.choice(categories)
        impact, urgency = rng.choice([1, 2, 2, 3, 3]), rng.choice([1, 2, 2, 3])
        steps = _story(rng, start, now)
        intervals = [
            Interval(status, begin, steps[i + 1][1] if i + 1 < len(steps) else None)
            for i, (status, begin) in enumerate(steps)
        ]
        first_response = steps[1][1] if len(steps) > 1 else None
        ticket = Ticket(
            subject=rng.choice(SUBJECTS) + ("" if not bench else f" #{n}"),
            description="Описание на проблема.",
            requester=rng.choice(requesters),
            queue=category.queue,
            category=category,
            assignee=rng.choice(agents) if len(steps) > 1 and agents else None,
            impact=impact,
            urgency=urgency,
            priority=priority_of(impact, urgency),
            status=steps[-1][0],
            created_at=start,
            first_response_at=first_response,
            resolved_at=next((b for s, b in steps if s == Status.RESOLVED), None),
            closed_at=next((b for s, b in steps if s == Status.CLOSED), None),
            rating=rng.choice([None, 4, 5, 5, 3])
            if steps[-1][0] in (Status.RESOLVED, Status.CLOSED)
            else None,
        )
        values = clock_fields(
            intervals=intervals,
            policy=policies.get((category.queue_id, ticket.priority)),
            calendar=calendar,
            now=now,
            first_response_at=first_response,
        )
        for name, value in values.items():
            setattr(ticket, name, value)
        if ticket.resolution_warn_at and ticket.resolution_warn_at < now - timedelta(hours=1):
            ticket.sla_warned_at = ticket.resolution_warn_at
        if ticket.resolution_due_at and ticket.resolution_due_at < now - timedelta(hours=1):
            ticket.sla_breach_notified_at = ticket.resolution_due_at
        batch.append(ticket)
        stories.append(intervals)
        if len(batch) >= 2000:
            _flush(batch, stories, with_messages, agents)
            batch, stories = [], []
    _flush(batch, stories, with_messages, agents)
    return count


def _flush(batch, stories, with_messages, agents) -> None:
    if not batch:
        return
    Ticket.objects.bulk_create(batch, batch_size=2000)
    intervals, messages = [], []
    for ticket, story in zip(batch, stories, strict=True):
        intervals += [
            StatusInterval(ticket=ticket, status=i.status, started_at=i.start, ended_at=i.end)
            for i in story
        ]
        if with_messages:
            messages.append(
                TicketMessage(
                    ticket=ticket,
                    author=ticket.requester,
                    body=ticket.subject,
                    created_at=ticket.created_at,
                )
            )
            if ticket.first_response_at and agents:
                messages.append(
                    TicketMessage(
                        ticket=ticket,
                        author=ticket.assignee or agents[0],
                        body="Здравейте, поглеждаме проблема.",
                        created_at=ticket.first_response_at,
                    )
                )
    StatusInterval.objects.bulk_create(intervals, batch_size=5000)
    TicketMessage.objects.bulk_create(messages, batch_size=5000)


def seed_it_support(*, stdout=None, **options) -> None:
    if Queue.objects.filter(code="helpdesk").exists() and Ticket.objects.exists():
        return
    rng = random.Random(1919)
    queues = _setup()
    staff = list(
        User.objects.filter(
            is_active=True, username__in=["staff", "manager", "planner", "hr", "finance", "ops"]
        )
    )
    staff += list(
        User.objects.filter(is_active=True, employee__isnull=False).exclude(username="it")[:30]
    )
    if not staff:
        return
    _tickets(count=300, rng=rng, requesters=staff, queues=queues, days=180, with_messages=True)
    category, _created = ArticleCategory.objects.get_or_create(name="Често задавани въпроси")
    for title, _cat, body in ARTICLES:
        if not Article.objects.filter(title=title).exists():
            article = Article(title=title, category=category, body=body, public=True)
            article.refresh_search_text()
            article.save()
    internal = Article(
        title="Процедура при изтекла парола на сървъра",
        category=category,
        body="Само за ИТ: влезте през конзолата и подновете паролата на сервизния акаунт.",
        public=False,
    )
    internal.refresh_search_text()
    internal.save()
    people = list(Employee.objects.filter(end_date__isnull=True).order_by("pk")[:25])
    today = timezone.localdate()
    it_user = User.objects.filter(username="it").first()
    for n, employee in enumerate(people):
        label, kind, model, cost = ASSETS[n % len(ASSETS)]
        asset = Asset.objects.create(
            tag=f"BR-{1000 + n}",
            serial=f"SN{rng.randint(10**8, 10**9)}",
            model=model,
            category=kind,
            supplier="Техномаркет ООД",
            purchase_date=today - timedelta(days=rng.randint(30, 900)),
            cost=cost,
            warranty_end=today + timedelta(days=rng.randint(-100, 700)),
            location="София, офис",
            status=Asset.Status.DEPLOYED,
            holder=employee,
            next_audit=today + timedelta(days=rng.randint(10, 200)),
        )
        AssetAssignment.objects.create(
            asset=asset,
            employee=employee,
            checked_out_at=timezone.now() - timedelta(days=rng.randint(10, 300)),
            acknowledged_at=timezone.now() - timedelta(days=5) if n % 3 else None,
            checked_out_by=it_user,
        )
    for n in range(8):
        Asset.objects.create(
            tag=f"BR-{2000 + n}",
            model="Lenovo ThinkPad T14" if n < 5 else "Dell P2423",
            category=Asset.Category.LAPTOP if n < 5 else Asset.Category.MONITOR,
            status=Asset.Status.IN_STOCK,
            cost=Decimal("1890.00") if n < 5 else Decimal("410.00"),
            purchase_date=today - timedelta(days=20),
            warranty_end=today + timedelta(days=1000),
            location="Склад ИТ",
        )
    for name, vendor, seats, days in [
        ("Microsoft 365 Business", "Microsoft", 40, 200),
        ("Adobe Acrobat Pro", "Adobe", 5, 25),
        ("1С ERP", "1С", 12, 340),
    ]:
        licence = Licence.objects.create(
            name=name,
            vendor=vendor,
            seats_total=seats,
            expires_on=today + timedelta(days=days),
            renewal_cost=Decimal(seats * 120),
            alert_free_below=1,
        )
        LicenceSeat.objects.bulk_create(
            LicenceSeat(
                licence=licence,
                number=i + 1,
                employee=people[i] if i < min(len(people), seats - 1) else None,
                assigned_at=timezone.now() if i < min(len(people), seats - 1) else None,
            )
            for i in range(seats)
        )
    for position in Position.objects.all()[:6]:
        AccessProfile.objects.get_or_create(
            position=position,
            defaults={"systems": ["Поща", "ERP", "VPN"], "equipment": ["Лаптоп", "Телефон"]},
        )
    requester = User.objects.filter(username="staff").first() or staff[0]
    from it_support.services.tickets import ticket_open

    incident = ticket_open(
        requester=requester,
        subject="Изпратен фишинг имейл до целия отдел",
        description="Колега е въвел паролата си в фалшива страница.",
        actor=requester,
        queue=queues["helpdesk"],
        impact=1,
        urgency=1,
        kind=Ticket.Kind.SECURITY,
    )
    Ticket.objects.filter(pk=incident.pk).update(
        severity=Ticket.Severity.HIGH,
        personal_data_breach=True,
        breach_aware_at=timezone.now() - timedelta(hours=6),
    )


def bench_tickets(*, scale: int, stdout=None, **options) -> None:
    """100,000 tickets over a year (10,000 of them open) for the list, portal and dashboard."""
    total = 100_000
    existing = Ticket.objects.count()
    if existing >= total:
        return
    if not Queue.objects.exists():
        _setup()
    rng = random.Random(100_000)
    users = list(User.objects.filter(is_active=True).order_by("pk")[:2000])
    _tickets(
        count=total - existing,
        rng=rng,
        requesters=users,
        queues=None,
        days=365,
        with_messages=False,
        bench=True,
    )
    from django.db import connection

    if connection.vendor == "postgresql":
        # Fresh statistics, as autovacuum would gather them after such a load.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE it_support_ticket")
            cursor.execute("ANALYZE it_support_statusinterval")


def bench_escalation() -> None:
    from it_support.services import sla_escalate

    Ticket.objects.update(sla_warned_at=None, sla_breach_notified_at=None)
    sla_escalate()
