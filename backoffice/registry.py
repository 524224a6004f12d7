"""What departments register in their ``AppConfig.ready()`` so the platform can assemble the
navigation, the home page, global search, job kinds, audit kinds, role permissions, the panels of
a person's record, personal data, demo data and benchmarks without importing any department
(DESIGN.md 1). Each app declares all of it as data in its ``contributions.py`` and hands it over
in one call, ``registry.contribute(CONTRIBUTIONS)``."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest
from django.urls import reverse

from backoffice.audit import AuditKind


@dataclass(frozen=True)
class NavSection:
    key: str
    label: Any
    icon: str
    order: int = 100


@dataclass(frozen=True)
class NavEntry:
    section: str
    label: Any
    url_name: str
    icon: str = "point"
    permission: str | None = None
    order: int = 100
    test: Callable[[Any], bool] | None = None

    def visible_to(self, user) -> bool:
        if self.permission and not user.has_perm(self.permission):
            return False
        return self.test(user) if self.test else True

    @property
    def url(self) -> str:
        return reverse(self.url_name)


@dataclass(frozen=True)
class Widget:
    key: str
    template: str
    context: Callable[[HttpRequest], dict]
    permission: str | None = None
    order: int = 100
    width: str = "col-12 col-lg-6"


@dataclass(frozen=True)
class SearchHit:
    label: str
    url: str
    kind: Any
    detail: str = ""


@dataclass(frozen=True)
class SearchProvider:
    key: str
    label: Any
    search: Callable[[Any, str], Iterable[SearchHit]]
    permission: str | None = None


@dataclass(frozen=True)
class JobKind:
    """A kind of background job. ``version(params, user) -> str``, when given, names the state of
    the data the result is built from (a last-changed time, a count, a last id): it is part of the
    job's idempotency key, so asking again after that data changed starts new work instead of
    handing back the old file. Kinds whose parameters already pin their data need none."""

    kind: str
    label: Any
    handler: Callable[..., None]
    permission: str | None = None
    version: Callable[[dict[str, Any], Any], str] | None = None


@dataclass(frozen=True)
class BenchPage:
    """A page to time. With ``data``, each request is a POST of that data (an idempotent edit)."""

    name: str
    path: Callable[[], str]
    username: str
    data: Callable[[], dict] | None = None


@dataclass(frozen=True)
class BenchJob:
    name: str
    run: Callable[[], None]


@dataclass(frozen=True)
class AllModels:
    """A grant of ``actions`` on every model of ``app_label``, resolved when roles are synced.

    A hand-kept list of models drifts as an app grows; this follows the app's models as they are.
    History tables (django-simple-history) are left out: they are read through their model's page.
    """

    app_label: str
    actions: tuple[str, ...] = ("view", "add", "change", "delete")
    exclude: tuple[str, ...] = ()

    def permissions(self) -> set[str]:
        from django.apps import apps
        from simple_history.models import HistoricalChanges

        return {
            f"{self.app_label}.{action}_{model._meta.model_name}"
            for model in apps.get_app_config(self.app_label).get_models()
            if not issubclass(model, HistoricalChanges)
            and model._meta.model_name not in self.exclude
            for action in self.actions
        }


Grant = str | AllModels


@dataclass(frozen=True)
class PersonPanel:
    """A section another app adds to a person's record (HR's employee page), shown as a tab.

    ``visible(viewer, employee)`` decides who sees it (the panel's own visibility rule, on top of
    the page's); ``context(request, employee)`` is called only when the tab is opened.
    """

    key: str
    label: Any
    template: str
    context: Callable[[HttpRequest, Any], dict]
    visible: Callable[[Any, Any], bool]
    icon: str = "point"
    order: int = 100


@dataclass(frozen=True)
class PersonalDataProvider:
    """What an app holds about a person, for a subject-access export.

    ``collect(employee)`` returns section name -> rows, each row a dict of plain values.
    """

    key: str
    label: Any
    collect: Callable[[Any], dict[str, list[dict[str, Any]]]]


@dataclass(frozen=True)
class LeaveImpactProvider:
    """What approving a leave request would do in an app above HR, shown to the approver before
    they confirm. ``lines(leave_request)`` returns plain, translated sentences (none: no impact)."""

    key: str
    lines: Callable[[Any], list[str]]


@dataclass(frozen=True)
class CheckFinding:
    """One problem a compliance check found. ``key`` is stable for the same problem night after
    night (the record and the rule it breaks), so it is filed once and resolved when it is gone.
    ``title`` is an English template marked with ``gettext_noop``, filled from ``params``."""

    key: str
    title: str
    params: Mapping[str, Any] = field(default_factory=dict)
    severity: str = "medium"
    department_id: int | None = None
    owner_id: int | None = None
    employee_id: int | None = None
    due: Any = None
    url: str = ""


@dataclass(frozen=True)
class ComplianceCheck:
    """A nightly check over one department's records: ``run(today)`` returns what it finds now
    (nothing: all is well). ``department`` names whose rules and records it reads."""

    key: str
    label: Any
    department: Any
    run: Callable[[Any], Iterable[CheckFinding]]
    order: int = 100


@dataclass(frozen=True)
class Contributions:
    """Everything one app hands the platform, as data; ``AppConfig.ready()`` passes it to
    ``registry.contribute`` in one call."""

    app: str
    urls: tuple[str, str] | None = None
    sections: Sequence[NavSection] = ()
    nav: Sequence[NavEntry] = ()
    #: The phone's bottom tab bar (a person's own pages: schedule, clock, requests, me).
    tabs: Sequence[NavEntry] = ()
    widgets: Sequence[Widget] = ()
    search_providers: Sequence[SearchProvider] = ()
    job_kinds: Sequence[JobKind] = ()
    periodic_tasks: Mapping[str, dict[str, Any]] = field(default_factory=dict)
    audit_kinds: type[AuditKind] | None = None
    grants: Mapping[str, Sequence[Grant]] = field(default_factory=dict)
    person_panels: Sequence[PersonPanel] = ()
    personal_data: Sequence[PersonalDataProvider] = ()
    leave_impact: Sequence[LeaveImpactProvider] = ()
    compliance_checks: Sequence[ComplianceCheck] = ()
    seed_steps: Sequence[tuple[int, Callable[..., None]]] = ()
    seed_arguments: Mapping[str, dict[str, Any]] = field(default_factory=dict)
    bench_fill_steps: Sequence[tuple[int, Callable[..., None]]] = ()
    bench_pages: Sequence[BenchPage] = ()
    bench_jobs: Sequence[BenchJob] = ()


@dataclass
class Registry:
    sections: dict[str, NavSection] = field(default_factory=dict)
    nav: list[NavEntry] = field(default_factory=list)
    tabs: list[NavEntry] = field(default_factory=list)
    widgets: list[Widget] = field(default_factory=list)
    search_providers: list[SearchProvider] = field(default_factory=list)
    job_kinds: dict[str, JobKind] = field(default_factory=dict)
    audit_kinds: dict[str, Any] = field(default_factory=dict)
    role_grants: dict[str, set[Grant]] = field(default_factory=dict)
    person_panels: list[PersonPanel] = field(default_factory=list)
    personal_data: list[PersonalDataProvider] = field(default_factory=list)
    leave_impact: list[LeaveImpactProvider] = field(default_factory=list)
    compliance_checks: dict[str, ComplianceCheck] = field(default_factory=dict)
    seed_steps: list[tuple[int, Callable[..., None]]] = field(default_factory=list)
    bench_fill_steps: list[tuple[int, Callable[..., None]]] = field(default_factory=list)
    bench_pages: list[BenchPage] = field(default_factory=list)
    bench_jobs: list[BenchJob] = field(default_factory=list)
    periodic_tasks: dict[str, dict[str, Any]] = field(default_factory=dict)
    seed_arguments: dict[str, dict[str, Any]] = field(default_factory=dict)
    url_includes: list[tuple[str, str]] = field(default_factory=list)
    _audit_kind_owner: dict[str, type[AuditKind]] = field(default_factory=dict, repr=False)

    def section(self, section: NavSection) -> None:
        self.sections[section.key] = section

    def nav_entry(self, entry: NavEntry) -> None:
        if entry not in self.nav:
            self.nav.append(entry)

    def widget(self, widget: Widget) -> None:
        if all(w.key != widget.key for w in self.widgets):
            self.widgets.append(widget)

    def search_provider(self, provider: SearchProvider) -> None:
        if all(p.key != provider.key for p in self.search_providers):
            self.search_providers.append(provider)

    def job_kind(self, kind: JobKind) -> None:
        self.job_kinds[kind.kind] = kind

    def audit_kind(self, code: str, label: Any) -> None:
        self.audit_kinds[code] = label

    def audit_kind_set(self, kinds: type[AuditKind]) -> None:
        """Register every member of an app's ``AuditKind``; a code two apps claim is refused."""
        for member in kinds:
            code = str(member.value)
            known = self._audit_kind_owner.setdefault(code, kinds)
            if known is not kinds:
                raise ImproperlyConfigured(
                    f"Audit kind {code!r} is declared by both {known.__qualname__} "
                    f"and {kinds.__qualname__}"
                )
            self.audit_kinds[code] = member.label

    def grant(self, role: str, permissions: Iterable[Grant]) -> None:
        self.role_grants.setdefault(role, set()).update(permissions)

    def permissions_for(self, role: str) -> set[str]:
        """The role's permissions as ``app_label.codename``, with ``AllModels`` grants resolved
        against the models as they are now."""
        found: set[str] = set()
        for grant in self.role_grants.get(role, ()):
            found |= grant.permissions() if isinstance(grant, AllModels) else {grant}
        return found

    def person_panel(self, panel: PersonPanel) -> None:
        if all(p.key != panel.key for p in self.person_panels):
            self.person_panels.append(panel)

    def personal_data_provider(self, provider: PersonalDataProvider) -> None:
        if all(p.key != provider.key for p in self.personal_data):
            self.personal_data.append(provider)

    def leave_impact_provider(self, provider: LeaveImpactProvider) -> None:
        if all(p.key != provider.key for p in self.leave_impact):
            self.leave_impact.append(provider)

    def leave_impact_for(self, leave_request) -> list[str]:
        """Every app's lines on what approving ``leave_request`` would do, in registration order."""
        return [line for p in self.leave_impact for line in p.lines(leave_request)]

    def compliance_check(self, check: ComplianceCheck) -> None:
        self.compliance_checks[check.key] = check

    def checks_in_order(self) -> list[ComplianceCheck]:
        return sorted(self.compliance_checks.values(), key=lambda c: (c.order, c.key))

    def seed_step(self, order: int, step: Callable[..., None]) -> None:
        if (order, step) not in self.seed_steps:
            self.seed_steps.append((order, step))

    def bench_fill_step(self, order: int, step: Callable[..., None]) -> None:
        if (order, step) not in self.bench_fill_steps:
            self.bench_fill_steps.append((order, step))

    def bench_page(self, page: BenchPage) -> None:
        if all(p.name != page.name for p in self.bench_pages):
            self.bench_pages.append(page)

    def bench_job(self, job: BenchJob) -> None:
        if all(j.name != job.name for j in self.bench_jobs):
            self.bench_jobs.append(job)

    def urls(self, prefix: str, module: str) -> None:
        """Mount a department's URLconf (``"hr/"``, ``"hr.urls"``) without the platform importing it."""
        if (prefix, module) not in self.url_includes:
            self.url_includes.append((prefix, module))

    def seed_argument(self, flag: str, **kwargs: Any) -> None:
        """An option of ``seed_demo`` that a department's seed step reads (e.g. ``--employees``)."""
        self.seed_arguments[flag] = kwargs

    def periodic_task(self, name: str, spec: dict[str, Any]) -> None:
        self.periodic_tasks[name] = spec

    def contribute(self, contributions: Contributions) -> None:
        """Take in one app's declared contributions; doing it twice changes nothing."""
        c = contributions
        if c.urls is not None:
            self.urls(*c.urls)
        for section in c.sections:
            self.section(section)
        for entry in c.nav:
            self.nav_entry(entry)
        for tab in c.tabs:
            if tab not in self.tabs:
                self.tabs.append(tab)
        for widget in c.widgets:
            self.widget(widget)
        for provider in c.search_providers:
            self.search_provider(provider)
        for kind in c.job_kinds:
            self.job_kind(kind)
        for name, spec in c.periodic_tasks.items():
            self.periodic_task(name, spec)
        if c.audit_kinds is not None:
            self.audit_kind_set(c.audit_kinds)
        for role, grants in c.grants.items():
            self.grant(role, grants)
        for panel in c.person_panels:
            self.person_panel(panel)
        for data_provider in c.personal_data:
            self.personal_data_provider(data_provider)
        for impact in c.leave_impact:
            self.leave_impact_provider(impact)
        for check in c.compliance_checks:
            self.compliance_check(check)
        for order, step in c.seed_steps:
            self.seed_step(order, step)
        for flag, kwargs in c.seed_arguments.items():
            self.seed_argument(flag, **kwargs)
        for order, step in c.bench_fill_steps:
            self.bench_fill_step(order, step)
        for page in c.bench_pages:
            self.bench_page(page)
        for job in c.bench_jobs:
            self.bench_job(job)

    def navigation_for(self, user) -> list[tuple[NavSection, list[NavEntry]]]:
        grouped: dict[str, list[NavEntry]] = {}
        for entry in sorted(self.nav, key=lambda e: e.order):
            if entry.visible_to(user):
                grouped.setdefault(entry.section, []).append(entry)
        sections = sorted(
            (self.sections[key] for key in grouped if key in self.sections), key=lambda s: s.order
        )
        return [(section, grouped[section.key]) for section in sections]

    def tabs_for(self, user) -> list[NavEntry]:
        """The phone's tab bar for ``user``: shown only when it has at least three tabs."""
        tabs = [tab for tab in sorted(self.tabs, key=lambda t: t.order) if tab.visible_to(user)]
        return tabs if len(tabs) >= 3 else []

    def person_panels_for(self, viewer, employee) -> list[PersonPanel]:
        return [
            p
            for p in sorted(self.person_panels, key=lambda p: p.order)
            if p.visible(viewer, employee)
        ]

    def widgets_for(self, user) -> list[Widget]:
        return [
            w
            for w in sorted(self.widgets, key=lambda w: w.order)
            if not w.permission or user.has_perm(w.permission)
        ]


registry = Registry()
