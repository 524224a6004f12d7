"""One way to act: the action helper (audit row + domain event on commit), declared audit kinds,
the platform's user services, and the contributions each app hands the registry."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import partial
from typing import ClassVar

import pytest
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import transaction
from django.dispatch import Signal

from backoffice import roles
from backoffice.audit import AuditKind, PlatformAudit
from backoffice.events import DomainEvent
from backoffice.filters import AuditEventFilter
from backoffice.models import AuditEvent, User
from backoffice.registry import AllModels, Contributions, Registry, registry
from backoffice.services import action_record, user_deactivate, user_invite
from compliance.audit import ComplianceAudit
from finance.audit import FinanceAudit
from finance.payroll.audit import PayrollAudit
from hr.audit import HrAudit
from it_support.audit import ItAudit
from operations.audit import OpsAudit
from scheduling.audit import SchedulingAudit

probed = Signal()


@dataclass(frozen=True)
class Probed(DomainEvent):
    signal: ClassVar[Signal] = probed
    thing_id: int


class ProbeAudit(AuditKind):
    PROBED = "probe.probed", "Probed"


@pytest.fixture
def heard():
    found = []

    def listen(sender, payload, **kwargs):
        found.append((sender, payload))

    probed.connect(listen, weak=False, dispatch_uid="test-probe")
    yield found
    probed.disconnect(dispatch_uid="test-probe")


# --- the action helper -------------------------------------------------------------------------


def test_an_action_is_audited_at_once_and_announced_after_the_commit(
    make_user, heard, django_capture_on_commit_callbacks
):
    actor = make_user(roles.STAFF, username="doer")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        event = action_record(
            kind=ProbeAudit.PROBED,
            summary="%(thing)s probed",
            params={"thing": 7},
            actor=actor,
            target=actor,
            data={"thing": 7},
            ip_address="10.0.0.1",
            event=Probed(thing_id=7),
        )
    assert heard == []  # nothing before the commit
    stored = AuditEvent.objects.get(pk=event.pk)
    assert (stored.kind, stored.summary, stored.actor, stored.object_id, stored.ip_address) == (
        "probe.probed",
        "7 probed",
        actor,
        str(actor.pk),
        "10.0.0.1",
    )
    assert stored.data == {
        "thing": 7,
        "summary": {"template": "%(thing)s probed", "params": {"thing": "7"}},
    }
    assert type(stored.kind) is str
    # The hook is a named function: Django's robust on_commit logging needs its __qualname__.
    assert len(callbacks) == 1 and not isinstance(callbacks[0], partial)
    assert callbacks[0].__qualname__ == "event_publish.<locals>.send_event"
    callbacks[0]()
    assert heard == [(Probed, Probed(thing_id=7))]


def test_a_rolled_back_action_leaves_no_row_and_tells_nobody(
    make_user, heard, django_capture_on_commit_callbacks
):
    actor = make_user(roles.STAFF, username="doer")
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        action_record(
            kind=ProbeAudit.PROBED, summary="probed", actor=actor, event=Probed(thing_id=1)
        )
        raise RuntimeError("the service failed after recording")
    assert heard == []
    assert not AuditEvent.objects.filter(kind="probe.probed").exists()


def test_a_failing_receiver_is_logged_and_the_others_still_hear(
    make_user, heard, caplog, django_capture_on_commit_callbacks
):
    def broken(sender, payload, **kwargs):
        raise ValueError("receiver bug")

    probed.connect(broken, weak=False, dispatch_uid="test-broken")
    try:
        with (
            caplog.at_level(logging.ERROR, logger="django.dispatch"),
            django_capture_on_commit_callbacks(execute=True),
        ):
            action_record(
                kind=ProbeAudit.PROBED, summary="probed", actor=None, event=Probed(thing_id=3)
            )
    finally:
        probed.disconnect(dispatch_uid="test-broken")
    assert heard == [(Probed, Probed(thing_id=3))]
    assert AuditEvent.objects.filter(kind="probe.probed").count() == 1
    assert [r.exc_info[1].args for r in caplog.records] == [("receiver bug",)]


@pytest.mark.parametrize("kind", ["probe.probed", "hr.leave_approved", None])
def test_a_kind_typed_as_a_string_is_refused_and_nothing_is_written(db, kind):
    with pytest.raises(TypeError, match="not a declared AuditKind"):
        action_record(kind=kind, summary="x", actor=None)
    assert AuditEvent.objects.count() == 0


def test_a_payload_that_is_no_domain_event_is_refused(db):
    with pytest.raises(TypeError, match="not a DomainEvent"):
        action_record(kind=ProbeAudit.PROBED, summary="x", actor=None, event={"thing_id": 1})
    assert AuditEvent.objects.count() == 0


# --- declared audit kinds ----------------------------------------------------------------------


def test_the_audit_trail_knows_exactly_the_declared_kinds_with_their_labels(db):
    kinds = (
        PlatformAudit,
        HrAudit,
        SchedulingAudit,
        FinanceAudit,
        PayrollAudit,
        ItAudit,
        OpsAudit,
        ComplianceAudit,
    )
    declared = {m.value: str(m.label) for k in kinds for m in k}
    assert {code: str(label) for code, label in registry.audit_kinds.items()} == declared
    choices = dict(AuditEventFilter().filters["kind"].extra["choices"]())
    assert choices == declared
    assert choices["hr.leave_approved"] == "Leave approved"
    assert choices["user.invited"] == "Account created and invited"
    assert AuditEvent(kind="scheduling.timesheet_approved").kind_label == "Timesheet approved"


def test_every_apps_audit_kinds_are_registered():
    apps = ("backoffice", "hr", "scheduling", "finance", "it_support", "operations", "compliance")
    assert all(m.value.startswith("payroll.") for m in PayrollAudit)
    declared = [
        k for k in AuditKind.__subclasses__() if k.__module__.split(".")[0] in apps and list(k)
    ]
    assert {k.__name__ for k in declared} == {
        "PlatformAudit",
        "HrAudit",
        "SchedulingAudit",
        "FinanceAudit",
        "PayrollAudit",
        "ItAudit",
        "OpsAudit",
        "ComplianceAudit",
    }
    assert all(m.value in registry.audit_kinds for k in declared for m in k)
    assert all(m.value.startswith(("hr.",)) for m in HrAudit)
    assert all(m.value.startswith("scheduling.") for m in SchedulingAudit)


def test_two_apps_claiming_one_kind_is_refused():
    class One(AuditKind):
        X = "shared.kind", "X"

    class Two(AuditKind):
        X = "shared.kind", "X again"

    fresh = Registry()
    fresh.audit_kind_set(One)
    fresh.audit_kind_set(One)  # an app contributing twice is no conflict
    with pytest.raises(ImproperlyConfigured, match="shared.kind"):
        fresh.audit_kind_set(Two)


# --- users through the platform ----------------------------------------------------------------


def test_inviting_makes_a_passwordless_account_with_roles_and_mails_after_commit(
    make_user, django_capture_on_commit_callbacks
):
    hr = make_user(roles.HR, username="inviter")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        user = user_invite(
            email="Mila.Deneva@example.com",
            first_name="Мила",
            last_name="Денева",
            roles=[roles.STAFF],
            actor=hr,
            language="bg",
        )
    assert mail.outbox == []
    assert (user.username, user.email, user.language, user.is_active) == (
        "mila.deneva",
        "Mila.Deneva@example.com",
        "bg",
        True,
    )
    assert not user.has_usable_password()
    assert set(user.groups.values_list("name", flat=True)) == {roles.STAFF}
    invited = AuditEvent.objects.get(kind="user.invited")
    assert (invited.actor, invited.object_id, invited.summary) == (
        hr,
        str(user.pk),
        "Account mila.deneva created and invited by e-mail",
    )
    granted = AuditEvent.objects.get(kind="role.granted", object_id=str(user.pk))
    assert (granted.actor, granted.data["role"]) == (hr, roles.STAFF)
    assert all(not isinstance(c, partial) and c.__qualname__ for c in callbacks)
    for callback in callbacks:
        callback()
    assert [m.to for m in mail.outbox] == [["Mila.Deneva@example.com"]]
    assert mail.outbox[0].subject == "Вашият акаунт в бек офиса"
    assert "/account/password/reset/" in mail.outbox[0].body


def test_a_taken_username_gets_a_number_and_a_taken_email_is_refused(make_user):
    make_user(roles.STAFF, username="mila")
    second = user_invite(
        email="mila@example.org", first_name="M", last_name="D", roles=[], actor=None
    )
    assert second.username == "mila2"
    before = (User.objects.count(), AuditEvent.objects.count())
    with pytest.raises(ValidationError) as error:
        user_invite(email="MILA@example.org", first_name="M", last_name="D", roles=[], actor=None)
    assert error.value.message_dict == {
        "email": ["Another account already uses this e-mail address."]
    }
    assert (User.objects.count(), AuditEvent.objects.count()) == before


def test_closing_a_login_is_recorded_once(make_user):
    admin = make_user(roles.ADMINISTRATOR, username="closer")
    person = make_user(roles.STAFF, username="leaving")
    user_deactivate(user=person, actor=admin)
    user_deactivate(user=person, actor=admin)
    person.refresh_from_db()
    assert person.is_active is False
    closed = AuditEvent.objects.get(kind="user.deactivated")
    assert (closed.actor, closed.object_id, closed.summary) == (
        admin,
        str(person.pk),
        "Account leaving closed",
    )


# --- contributions and grants ------------------------------------------------------------------


def test_the_administrator_sees_every_scheduling_model_without_a_hand_kept_list(db):
    from django.apps import apps

    from scheduling.models import Timesheet

    granted = set(
        Group.objects.get(name=roles.ADMINISTRATOR).permissions.values_list(
            "content_type__app_label", "codename"
        )
    )
    models = [
        m._meta.model_name
        for m in apps.get_app_config("scheduling").get_models()
        if not m._meta.model_name.startswith("historical")
    ]
    assert len(models) >= 20
    for model in models:
        for action in ("view", "add", "change", "delete"):
            assert ("scheduling", f"{action}_{model}") in granted
    assert ("scheduling", "view_timesheet") in granted
    assert Timesheet._meta.model_name in models
    assert not any("historical" in codename for _app, codename in granted)


def test_all_models_leaves_history_tables_and_exclusions_out(db):
    hr = AllModels("hr", actions=("view",), exclude=("applicationmove",)).permissions()
    assert "hr.view_employee" in hr and "hr.view_leaverequest" in hr
    assert "hr.view_applicationmove" not in hr
    assert not any("historical" in p for p in hr)
    existing = {
        f"hr.{codename}"
        for codename in Permission.objects.filter(content_type__app_label="hr").values_list(
            "codename", flat=True
        )
    }
    assert hr <= existing


def test_contributing_twice_changes_nothing_and_grants_resolve_when_asked(db):
    from hr.contributions import CONTRIBUTIONS as HR
    from scheduling.contributions import CONTRIBUTIONS as SCHEDULING

    fresh = Registry()
    for contributions in (HR, SCHEDULING, HR):
        fresh.contribute(contributions)
    assert len(fresh.nav) == len(HR.nav) + len(SCHEDULING.nav)
    assert [w.key for w in fresh.widgets] == [w.key for w in (*HR.widgets, *SCHEDULING.widgets)]
    assert fresh.url_includes == [("hr/", "hr.urls"), ("scheduling/", "scheduling.urls")]
    assert [p.key for p in fresh.person_panels] == ["scheduling"]
    assert [p.key for p in fresh.personal_data] == ["hr", "scheduling"]
    assert fresh.permissions_for(roles.ADMINISTRATOR) >= {
        "hr.view_department",
        "scheduling.view_timeentry",
        "scheduling.delete_timesheetadjustment",
    }
    assert fresh.permissions_for(roles.STAFF) == set()


def test_an_empty_contribution_is_valid():
    fresh = Registry()
    fresh.contribute(Contributions(app="finance"))
    assert (fresh.nav, fresh.audit_kinds, fresh.role_grants) == ([], {}, {})
