"""Daily tasks reach the people on shift at the location when they are due, and only them."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from backoffice import roles
from backoffice.models import Notification
from operations.models import DailyTask, TaskTemplate, TaskTemplateItem, TaskTick
from operations.selectors import my_tasks
from operations.services import task_tick, tasks_generate, tasks_overdue_notify
from tests.operations.factories import employee, on_shift_today
from tests.scheduling import factories as sched

pytestmark = pytest.mark.django_db

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00"
    b"\x00\x00IEND\xaeB`\x82"
)


@pytest.fixture
def shop(make_user):
    loc = sched.location(code="OPSHOP", name="Shop")
    template = TaskTemplate.objects.create(
        location=loc, title="Opening checks", title_en="Opening checks", due_time=time(12, 0)
    )
    doors = TaskTemplateItem.objects.create(template=template, text="Doors", order=0)
    photo = TaskTemplateItem.objects.create(
        template=template, text="Shop floor photo", needs_photo=True, order=1
    )
    on_duty = employee(make_user(roles.STAFF))
    off_duty = employee(make_user(roles.STAFF))
    elsewhere = employee(make_user(roles.STAFF))
    on_shift_today(loc, on_duty, start=time(6), end=time(14))
    on_shift_today(loc, off_duty, start=time(15), end=time(22))
    on_shift_today(sched.location(code="OTHER"), elsewhere, start=time(6), end=time(14))
    tasks_generate(day=timezone.localdate())
    return {
        "loc": loc,
        "task": DailyTask.objects.get(template=template),
        "doors": doors,
        "photo": photo,
        "on": on_duty.user,
        "off": off_duty.user,
        "elsewhere": elsewhere.user,
    }


def test_tasks_show_to_the_people_on_shift_when_they_are_due(shop):
    assert [t.pk for t in my_tasks(user=shop["on"])] == [shop["task"].pk]
    assert my_tasks(user=shop["off"]) == []
    assert my_tasks(user=shop["elsewhere"]) == []


def test_generating_twice_makes_each_task_once(shop):
    assert tasks_generate(day=timezone.localdate()) == 0
    assert DailyTask.objects.count() == 1


def test_someone_off_shift_cannot_tick(shop):
    for user in (shop["off"], shop["elsewhere"]):
        with pytest.raises(ValidationError, match="on shift"):
            task_tick(task=shop["task"], item=shop["doors"], actor=user)
    assert not TaskTick.objects.exists()


def test_ticking_records_who_and_when_and_completes_the_task(shop):
    user = shop["on"]
    task_tick(task=shop["task"], item=shop["doors"], actor=user)
    with pytest.raises(ValidationError, match="photo"):
        task_tick(task=shop["task"], item=shop["photo"], actor=user)
    with pytest.raises(ValidationError, match="already"):
        task_tick(task=shop["task"], item=shop["doors"], actor=user)
    shop["task"].refresh_from_db()
    assert shop["task"].completed_at is None
    photo = SimpleUploadedFile("floor.png", PNG, content_type="image/png")
    task_tick(task=shop["task"], item=shop["photo"], actor=user, photo=photo)
    shop["task"].refresh_from_db()
    assert shop["task"].completed_at is not None
    assert set(TaskTick.objects.values_list("by", flat=True)) == {user.pk}


def test_overdue_tasks_tell_the_managers_once(shop, make_user):
    manager = employee(make_user(roles.MANAGER))
    on = shop["on"].employee
    on.manager = manager
    on.save(update_fields=["manager"])
    later = shop["task"].due_at + timedelta(hours=1)
    assert tasks_overdue_notify(now=later) == 1
    assert tasks_overdue_notify(now=later) == 0
    assert (
        Notification.objects.filter(recipient=manager.user, kind="operations.task_overdue").count()
        == 1
    )


def test_nothing_is_overdue_before_its_time(shop):
    early = timezone.make_aware(datetime.combine(timezone.localdate(), time(11)))
    assert tasks_overdue_notify(now=early) == 0
