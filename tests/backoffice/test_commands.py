"""Management commands and the role sync: idempotent, and careful with production."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django_celery_beat.models import PeriodicTask

from backoffice import roles
from backoffice.models import Notification, Organisation, User


def test_seed_demo_creates_every_account_once(settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=io.StringIO())
    call_command("seed_demo", stdout=io.StringIO())
    usernames = set(User.objects.values_list("username", flat=True))
    assert {
        "admin",
        "hr",
        "finance",
        "it",
        "ops",
        "compliance",
        "planner",
        "manager",
        "staff",
    } <= usernames
    admin = User.objects.get(username="admin")
    assert admin.check_password("demo")
    # The head of the company's management department gets the Manager's pages by herself.
    assert set(admin.groups.values_list("name", flat=True)) == {
        roles.ADMINISTRATOR,
        roles.MANAGER,
        roles.STAFF,
    }
    assert Organisation.objects.get().legal_name == "Balkan Retail Ltd."
    assert Notification.objects.filter(recipient__username="staff", kind="welcome").count() == 1


def test_seed_demo_refuses_with_debug_off_unless_forced(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="--force"):
        call_command("seed_demo", stdout=io.StringIO())
    assert not User.objects.filter(username="admin").exists()
    call_command("seed_demo", "--force", stdout=io.StringIO())
    assert User.objects.filter(username="admin").exists()


def test_seed_demo_if_empty_seeds_a_new_database_once(settings):
    """`make run` seeds whichever database DATABASE_URL names, once, without a marker file."""
    settings.DEBUG = True
    call_command("seed_demo", "--if-empty", stdout=io.StringIO())
    users_after_first = User.objects.count()
    assert User.objects.filter(username="staff").exists()

    out = io.StringIO()
    call_command("seed_demo", "--if-empty", stdout=out)

    assert "already has users" in out.getvalue()
    assert User.objects.count() == users_after_first


def test_roles_sync_is_idempotent_and_gives_exactly_the_declared_permissions():
    first = roles.roles_sync()
    second = roles.roles_sync()
    assert first == second
    assert set(Group.objects.values_list("name", flat=True)) >= set(roles.ROLES)
    administrator = Group.objects.get(name=roles.ADMINISTRATOR)
    codes = {
        f"{p.content_type.app_label}.{p.codename}"
        for p in administrator.permissions.select_related("content_type")
    }
    assert "backoffice.view_auditevent" in codes and "backoffice.access_admin" in codes
    assert (
        not Group.objects.get(name=roles.STAFF)
        .permissions.filter(codename="view_auditevent")
        .exists()
    )


def test_periodic_tasks_are_synced_from_code_idempotently():
    call_command("sync_periodic_tasks", stdout=io.StringIO())
    call_command("sync_periodic_tasks", stdout=io.StringIO())
    revive = PeriodicTask.objects.get(name="backoffice: revive stalled jobs")
    assert revive.task == "backoffice.job_revive_stalled_task"
    assert revive.interval.every == 60
    purge = PeriodicTask.objects.get(name="backoffice: purge old jobs and notifications")
    assert (purge.crontab.hour, purge.crontab.minute) == ("2", "15")
    assert PeriodicTask.objects.filter(name__startswith="backoffice:").count() == 2
