"""What departments register in their ``AppConfig.ready()`` so the platform can assemble the
navigation, the home page, global search, job kinds, role permissions, demo data and benchmarks
without importing any department (DESIGN.md 1)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest
from django.urls import reverse


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


@dataclass
class Registry:
    sections: dict[str, NavSection] = field(default_factory=dict)
    nav: list[NavEntry] = field(default_factory=list)
    widgets: list[Widget] = field(default_factory=list)
    search_providers: list[SearchProvider] = field(default_factory=list)
    job_kinds: dict[str, JobKind] = field(default_factory=dict)
    audit_kinds: dict[str, Any] = field(default_factory=dict)
    role_permissions: dict[str, set[str]] = field(default_factory=dict)
    seed_steps: list[tuple[int, Callable[..., None]]] = field(default_factory=list)
    bench_fill_steps: list[tuple[int, Callable[..., None]]] = field(default_factory=list)
    bench_pages: list[BenchPage] = field(default_factory=list)
    bench_jobs: list[BenchJob] = field(default_factory=list)
    periodic_tasks: dict[str, dict[str, Any]] = field(default_factory=dict)
    seed_arguments: dict[str, dict[str, Any]] = field(default_factory=dict)
    url_includes: list[tuple[str, str]] = field(default_factory=list)

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

    def grant(self, role: str, permissions: Iterable[str]) -> None:
        self.role_permissions.setdefault(role, set()).update(permissions)

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

    def navigation_for(self, user) -> list[tuple[NavSection, list[NavEntry]]]:
        grouped: dict[str, list[NavEntry]] = {}
        for entry in sorted(self.nav, key=lambda e: e.order):
            if entry.visible_to(user):
                grouped.setdefault(entry.section, []).append(entry)
        sections = sorted(
            (self.sections[key] for key in grouped if key in self.sections), key=lambda s: s.order
        )
        return [(section, grouped[section.key]) for section in sections]

    def widgets_for(self, user) -> list[Widget]:
        return [
            w
            for w in sorted(self.widgets, key=lambda w: w.order)
            if not w.permission or user.has_perm(w.permission)
        ]


registry = Registry()
