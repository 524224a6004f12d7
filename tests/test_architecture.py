"""The rules import-linter cannot see, read from the source (DESIGN.md 1, STYLE.md "Per app").

- An app acts through the platform's one helper: nobody but the platform calls ``audit_record``,
  and no audit kind is typed as a string.
- Only the platform writes users and roles; departments call its user services.
- An app reads and writes another app's records only through that app's selectors and services:
  never ``Other.objects``, never another app's model fields assigned.

Demo modules and migrations are left out: seeding builds every app's rows on purpose.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps as django_apps
from django.conf import settings
from simple_history.models import HistoricalChanges

ROOT = Path(__file__).resolve().parent.parent
APPS = ("backoffice", "hr", "scheduling", "finance", "it_support", "operations", "compliance")
PLATFORM = "backoffice"
#: Django's own auth models belong to the platform: roles are its groups.
AUTH_MODULE = "django.contrib.auth.models"
#: The platform's audit writer and the one helper that may call it.
AUDIT_WRITERS = {"backoffice/services/audit.py", "backoffice/services/actions.py"}
AUDIT_HELPERS = {"audit_record", "audit_record_many"}
MANAGERS = {"objects", "_default_manager", "_base_manager"}
ROLE_WRITES = {"add", "set", "remove", "clear", "create"}
ROLE_RELATIONS = {"groups", "user_set", "user_permissions", "permissions"}
USER_WRITES = {"create_user", "create_superuser", "set_password", "set_unusable_password"}


@dataclass(frozen=True)
class Source:
    app: str
    path: str
    tree: ast.Module


def sources(apps=APPS) -> Iterator[Source]:
    for app in apps:
        for path in sorted((ROOT / app).rglob("*.py")):
            relative = path.relative_to(ROOT)
            if "migrations" in relative.parts or path.stem == "demo":
                continue
            yield Source(app, relative.as_posix(), ast.parse(path.read_text(), str(relative)))


@dataclass
class Models:
    """Which app owns each model class, and the relations of each app's models that point into
    another app (``Employee.user``, ``Shift.employee``)."""

    owner: dict[tuple[str, str], str] = field(default_factory=dict)  # (module, class) -> app
    foreign_relations: dict[str, set[str]] = field(default_factory=dict)  # app -> field names

    @classmethod
    def load(cls) -> Models:
        found = cls()
        for model in django_apps.get_models():
            if issubclass(model, HistoricalChanges):
                continue
            app = _owner_app(model)
            if app is None:
                continue
            for module in _public_modules(model):
                found.owner[module, model.__name__] = app
        local: dict[str, set[str]] = {}
        foreign: dict[str, set[str]] = {}
        for model in django_apps.get_models():
            app = _owner_app(model)
            if app is None or issubclass(model, HistoricalChanges):
                continue
            for relation in model._meta.get_fields():
                if relation.auto_created or not relation.is_relation:
                    continue
                target = _owner_app(relation.related_model)
                bucket = foreign if target not in (None, app) else local
                bucket.setdefault(app, set()).add(relation.name)
        found.foreign_relations = {
            app: names - local.get(app, set()) for app, names in foreign.items()
        }
        return found


def _owner_app(model) -> str | None:
    if model._meta.app_label in APPS:
        return model._meta.app_label
    if model.__module__ == AUTH_MODULE:
        return PLATFORM
    return None


def _public_modules(model) -> set[str]:
    """Where the class is defined and the ``models`` package that re-exports it."""
    module = model.__module__
    modules = {module}
    if ".models." in module:
        modules.add(module.split(".models.")[0] + ".models")
    if model is django_apps.get_model(settings.AUTH_USER_MODEL):
        modules.add("backoffice.models")
    return modules


class Scan(ast.NodeVisitor):
    """One module: what its names refer to (by its imports), then what it does with them."""

    def __init__(self, source: Source, models: Models):
        self.source, self.models = source, models
        self.names: dict[str, tuple[str, str]] = {}  # local name -> (module, attribute)
        self.modules: dict[str, str] = {}  # local name -> module
        self.hits: list[str] = []
        self.typed: list[set[str]] = [set()]  # names holding another app's instance, per scope
        for node in ast.walk(source.tree):
            if isinstance(node, ast.ImportFrom) and node.module and not node.level:
                for alias in node.names:
                    self.names[alias.asname or alias.name] = (node.module, alias.name)
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    self.modules[alias.asname or alias.name.split(".")[0]] = (
                        alias.name if alias.asname else alias.name.split(".")[0]
                    )

    def hit(self, node: ast.AST, what: str) -> None:
        self.hits.append(f"{self.source.path}:{node.lineno} {what}")

    def foreign_model(self, node: ast.AST) -> str | None:
        """The class name when ``node`` names another app's model class."""
        key = None
        if isinstance(node, ast.Name) and node.id in self.names:
            key = self.names[node.id]
        elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            module = self.modules.get(node.value.id)
            if module is None and node.value.id in self.names:
                module = ".".join(self.names[node.value.id])
            if module is not None:
                key = (module, node.attr)
        owner = self.models.owner.get(key) if key else None
        return key[1] if owner is not None and owner != self.source.app else None

    def visit_FunctionDef(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        arguments = [*node.args.posonlyargs, *node.args.args, *node.args.kwonlyargs]
        typed = {
            a.arg
            for a in arguments
            if a.annotation is not None and self._annotated_foreign(a.annotation)
        }
        self.typed.append(typed)
        self.generic_visit(node)
        self.typed.pop()

    visit_AsyncFunctionDef = visit_FunctionDef

    def _annotated_foreign(self, annotation: ast.AST) -> bool:
        if isinstance(annotation, ast.BinOp):  # Employee | None
            return self._annotated_foreign(annotation.left) or self._annotated_foreign(
                annotation.right
            )
        if isinstance(annotation, ast.Constant) and isinstance(annotation.value, str):
            try:
                return self._annotated_foreign(ast.parse(annotation.value, mode="eval").body)
            except SyntaxError:
                return False
        return self.foreign_model(annotation) is not None

    def visit_Attribute(self, node: ast.Attribute) -> None:
        if node.attr in MANAGERS:
            name = self.foreign_model(node.value)
            if name is not None:
                self.hit(node, f"{name}.{node.attr}")
        self.generic_visit(node)

    def visit_Assign(self, node: ast.Assign) -> None:
        if isinstance(node.value, ast.Call) and self.foreign_model(node.value.func) is not None:
            self.typed[-1].update(t.id for t in node.targets if isinstance(t, ast.Name))
        for target in node.targets:
            self._check_target(target)
        self.generic_visit(node)

    def visit_AugAssign(self, node: ast.AugAssign) -> None:
        self._check_target(node.target)
        self.generic_visit(node)

    def visit_AnnAssign(self, node: ast.AnnAssign) -> None:
        self._check_target(node.target)
        self.generic_visit(node)

    def visit_Call(self, node: ast.Call) -> None:
        func = node.func
        if isinstance(func, ast.Name) and func.id == "setattr" and node.args:
            self._check_owner(node.args[0], node, f"setattr({ast.unparse(node.args[0])}, ...)")
        self.generic_visit(node)

    def _check_target(self, target: ast.AST) -> None:
        if isinstance(target, ast.Tuple | ast.List):
            for element in target.elts:
                self._check_target(element)
        elif isinstance(target, ast.Attribute):
            self._check_owner(target.value, target, f"assigns {ast.unparse(target)}")

    def _check_owner(self, owner: ast.AST, node: ast.AST, what: str) -> None:
        """``owner.<field> = ...``: flagged when ``owner`` is another app's record, reached through
        a relation into that app (``shift.employee.…``) or held in a name typed or built as one."""
        relations = self.models.foreign_relations.get(self.source.app, set())
        while isinstance(owner, ast.Attribute):
            if owner.attr in relations:
                self.hit(node, what)
                return
            owner = owner.value
        if isinstance(owner, ast.Name) and any(owner.id in scope for scope in self.typed):
            self.hit(node, what)


def cross_app_hits() -> list[str]:
    models = Models.load()
    hits: list[str] = []
    for source in sources():
        scan = Scan(source, models)
        scan.visit(source.tree)
        hits += scan.hits
    return _in_order(hits)


def _in_order(hits: list[str]) -> list[str]:
    def where(hit: str) -> tuple[str, int]:
        path, line = hit.split(" ", 1)[0].rsplit(":", 1)
        return path, int(line)

    return sorted(hits, key=where)


def audit_hits() -> list[str]:
    hits = []
    for source in sources():
        for node in ast.walk(source.tree):
            if (
                isinstance(node, ast.ImportFrom)
                and any(a.name in AUDIT_HELPERS for a in node.names)
                and source.path not in {*AUDIT_WRITERS, "backoffice/services/__init__.py"}
            ):
                hits.append(f"{source.path}:{node.lineno} imports audit_record")
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", getattr(node.func, "attr", None))
            if name in AUDIT_HELPERS and source.path not in AUDIT_WRITERS:
                hits.append(f"{source.path}:{node.lineno} calls audit_record")
            if name in ("action_record", "ActionIn"):
                kind = next((k.value for k in node.keywords if k.arg == "kind"), None)
                typed = kind is None or any(
                    isinstance(n, ast.JoinedStr)
                    or (isinstance(n, ast.Constant) and isinstance(n.value, str))
                    for n in ast.walk(kind)
                )
                if typed:
                    hits.append(
                        f"{source.path}:{node.lineno} action_record without a declared kind"
                    )
    return _in_order(hits)


USER_SWITCHES = {"is_active", "is_staff", "is_superuser", "password"}


def user_write_hits() -> list[str]:
    from backoffice.models import User

    department_fields = {
        f.name
        for model in django_apps.get_models()
        if model._meta.app_label in APPS and model._meta.app_label != PLATFORM
        for f in model._meta.get_fields()
    }
    user_only = {f.name for f in User._meta.get_fields()} - department_fields
    hits = []
    for source in sources(a for a in APPS if a != PLATFORM):
        for node in ast.walk(source.tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                method, owner = node.func.attr, node.func.value
                if method in USER_WRITES:
                    hits.append(f"{source.path}:{node.lineno} {method}()")
                if (
                    method in ROLE_WRITES
                    and isinstance(owner, ast.Attribute)
                    and owner.attr in ROLE_RELATIONS
                ):
                    hits.append(f"{source.path}:{node.lineno} {owner.attr}.{method}()")
            targets = []
            if isinstance(node, ast.Assign):
                targets = node.targets
            elif isinstance(node, ast.AugAssign | ast.AnnAssign):
                targets = [node.target]
            for target in targets:
                if isinstance(target, ast.Attribute) and (
                    target.attr in user_only
                    # A department model may have its own ``is_active`` (an account, an asset);
                    # on anything named like a user it is still the login's switch.
                    or (
                        target.attr in USER_SWITCHES and "user" in ast.unparse(target.value).lower()
                    )
                ):
                    hits.append(f"{source.path}:{node.lineno} assigns .{target.attr}")
    return _in_order(hits)


# --- the rules ---------------------------------------------------------------------------------


def test_only_the_platform_writes_audit_rows_and_every_kind_is_declared():
    assert audit_hits() == []


def test_only_the_platform_writes_users_and_roles(db):
    assert user_write_hits() == []


def test_apps_touch_other_apps_records_only_through_their_services_and_selectors(db):
    assert cross_app_hits() == []


# --- the scanners find what they look for ------------------------------------------------------

OFFENDING = """
from backoffice.models import User
from backoffice.services import audit_record, action_record
from hr.models import Employee
from hr import models as hr_models
from django.contrib.auth.models import Group

def f(*, employee: Employee, person: "Employee | None", shift):
    Employee.objects.filter(pk=1)
    hr_models.Employee.objects.all()
    Group.objects.get(name="HR")
    employee.first_name = "x"
    setattr(person, "iban", "y")
    shift.employee.manager = None
    new = Employee(first_name="z")
    new.last_name = "w"
    audit_record(kind="x", summary="y")
    action_record(kind="scheduling.x", summary="y", actor=None)
    action_record(kind=f"scheduling.{shift}", summary="y", actor=None)
    action_record(summary="y", actor=None)
    user = User.objects.create_user(username="u")
    user.groups.add(1)
    shift.employee.user.is_active = False
    shift.employee = employee
"""


def test_the_scanners_find_each_kind_of_offence(db, monkeypatch):
    tree = ast.parse(OFFENDING)
    monkeypatch.setattr(
        "tests.test_architecture.sources",
        lambda apps=APPS: iter([Source("scheduling", "scheduling/offending.py", tree)]),
    )
    assert [h.split(" ", 1)[1] for h in cross_app_hits()] == [
        "Employee.objects",
        "Employee.objects",
        "Group.objects",
        "assigns employee.first_name",
        "setattr(person, ...)",
        "assigns shift.employee.manager",
        "assigns new.last_name",
        "User.objects",
        "assigns shift.employee.user.is_active",
    ]
    assert [h.split(" ", 1)[1] for h in audit_hits()] == [
        "imports audit_record",
        "calls audit_record",
        "action_record without a declared kind",
        "action_record without a declared kind",
        "action_record without a declared kind",
    ]
    assert [h.split(" ", 1)[1] for h in user_write_hits()] == [
        "create_user()",
        "groups.add()",
        "assigns .is_active",
    ]
