"""Hiring and onboarding: the hire transaction, checklists, who sees what, and bad input."""

from __future__ import annotations

import threading
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from hr import events
from hr.models import (
    Application,
    Checklist,
    ChecklistTemplate,
    ChecklistTemplateTask,
    Employee,
    HiringStage,
    InterviewFeedback,
    JobOpening,
    Offer,
)
from hr.selectors import application_list, my_tasks, opening_list
from hr.services import (
    application_move,
    application_reject,
    candidate_add,
    candidates_anonymise_expired,
    employment_end,
    feedback_submit,
    interview_schedule,
    offer_accept,
    offer_make,
    task_complete,
)


@pytest.fixture
def hiring(team):
    stages = [
        HiringStage.objects.create(name=n, order=i, is_offer=(n == "Offer"))
        for i, n in enumerate(["Applied", "Interview", "Offer"])
    ]
    onboarding = ChecklistTemplate.objects.create(name="Onboarding", kind="onboarding")
    ChecklistTemplateTask.objects.create(
        template=onboarding, title="Laptop", responsible_role="IT", due_offset_days=-2
    )
    ChecklistTemplateTask.objects.create(
        template=onboarding, title="First week plan", responsible_manager=True, due_offset_days=0
    )
    ChecklistTemplateTask.objects.create(
        template=onboarding, title="Read the handbook", responsible_employee=True, due_offset_days=3
    )
    offboarding = ChecklistTemplate.objects.create(name="Offboarding", kind="offboarding")
    ChecklistTemplateTask.objects.create(
        template=offboarding, title="Return the laptop", responsible_role="IT", due_offset_days=0
    )
    team["dept"].manager = team["people"]["manager"]
    team["dept"].save()
    opening = JobOpening.objects.create(title="Cashier", department=team["dept"], headcount=1)
    application = candidate_add(
        actor=team["users"]["hr"],
        opening=opening,
        data={"first_name": "Яна", "last_name": "Стоева", "email": "yana@mail.example"},
    )
    return {**team, "stages": stages, "opening": opening, "application": application}


def _to_offer(h):
    application_move(actor=h["users"]["hr"], application=h["application"], stage=h["stages"][2])
    start = timezone.localdate() + timedelta(days=14)
    return offer_make(
        actor=h["users"]["hr"],
        application=h["application"],
        salary=Decimal("1800.00"),
        start_date=start,
    )


def test_accepting_an_offer_hires_in_one_go(hiring, django_capture_on_commit_callbacks):
    heard = []
    events.employee_hired.connect(
        lambda sender, payload, **kw: heard.append(payload), weak=False, dispatch_uid="t-hired"
    )
    offer = _to_offer(hiring)
    with django_capture_on_commit_callbacks(execute=True):
        employee = offer_accept(actor=hiring["users"]["hr"], offer=offer)
    events.employee_hired.disconnect(dispatch_uid="t-hired")
    assert heard == [events.EmployeeHired(employee_id=employee.pk)]
    assert (employee.first_name, employee.department, employee.manager) == (
        "Яна",
        hiring["dept"],
        hiring["people"]["manager"],
    )
    assert employee.contracts.get().amount == Decimal("1800.00")
    assert employee.user is not None and employee.user.email == "yana@mail.example"
    checklist = Checklist.objects.get(employee=employee, kind="onboarding")
    due = {t.title: (t.due_date - offer.start_date).days for t in checklist.tasks.all()}
    assert due == {"Laptop": -2, "First week plan": 0, "Read the handbook": 3}
    hiring["opening"].refresh_from_db()
    assert hiring["opening"].status == JobOpening.Status.FILLED
    assert Application.objects.get(pk=hiring["application"].pk).status == Application.Status.HIRED


def test_hiring_twice_makes_one_employee(hiring):
    offer = _to_offer(hiring)
    offer_accept(actor=hiring["users"]["hr"], offer=offer)
    with pytest.raises(ValidationError, match="already been decided"):
        offer_accept(actor=hiring["users"]["hr"], offer=offer)
    assert Employee.objects.filter(first_name="Яна").count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_accepts_make_exactly_one_employee(team, make_user):
    from backoffice.roles import roles_sync

    roles_sync()
    stage = HiringStage.objects.create(name="Offer", order=0, is_offer=True)
    opening = JobOpening.objects.create(title="Cashier", department=team["dept"], headcount=1)
    application = candidate_add(
        actor=team["users"]["hr"],
        opening=opening,
        data={"first_name": "Ина", "last_name": "Илиева"},
    )
    application_move(actor=team["users"]["hr"], application=application, stage=stage)
    offer = offer_make(
        actor=team["users"]["hr"],
        application=application,
        salary=Decimal(1500),
        start_date=timezone.localdate() + timedelta(days=7),
    )
    barrier, outcomes = threading.Barrier(2), []

    def accept():
        try:
            barrier.wait()
            offer_accept(actor=team["users"]["hr"], offer=Offer.objects.get(pk=offer.pk))
            outcomes.append("hired")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=accept) for _i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["hired", "refused"]
    assert Employee.objects.filter(first_name="Ина").count() == 1


def test_no_offer_for_a_filled_opening_or_a_past_start(hiring, team):
    offer = _to_offer(hiring)
    offer_accept(actor=hiring["users"]["hr"], offer=offer)
    late = candidate_add(
        actor=hiring["users"]["hr"],
        opening=hiring["opening"],
        data={"first_name": "Б", "last_name": "В"},
    )
    application_move(actor=hiring["users"]["hr"], application=late, stage=hiring["stages"][2])
    with pytest.raises(ValidationError, match="filled or closed"):
        offer_make(
            actor=hiring["users"]["hr"],
            application=late,
            salary=Decimal(1),
            start_date=timezone.localdate(),
        )
    other = JobOpening.objects.create(title="Stocker", department=hiring["dept"])
    app = candidate_add(
        actor=hiring["users"]["hr"], opening=other, data={"first_name": "Г", "last_name": "Д"}
    )
    with pytest.raises(ValidationError, match="offer stage"):
        offer_make(
            actor=hiring["users"]["hr"],
            application=app,
            salary=Decimal(1),
            start_date=timezone.localdate(),
        )
    application_move(actor=hiring["users"]["hr"], application=app, stage=hiring["stages"][2])
    with pytest.raises(ValidationError) as error:
        offer_make(
            actor=hiring["users"]["hr"],
            application=app,
            salary=Decimal(1),
            start_date=timezone.localdate() - timedelta(days=1),
        )
    assert "start_date" in error.value.message_dict
    assert not Offer.objects.filter(application=app).exists()


def test_interviewers_see_only_their_candidates_and_give_feedback(hiring):
    other = candidate_add(
        actor=hiring["users"]["hr"],
        opening=hiring["opening"],
        data={"first_name": "Е", "last_name": "Ж"},
    )
    interview = interview_schedule(
        actor=hiring["users"]["hr"],
        application=hiring["application"],
        scheduled_at=timezone.now() + timedelta(days=1),
        place="Room 2",
        interviewers=[hiring["people"]["outsider"]],
    )
    outsider = hiring["users"]["outsider"]
    assert list(application_list(viewer=outsider)) == [hiring["application"]]
    assert other not in application_list(viewer=outsider)
    assert not opening_list(viewer=outsider).exists()
    feedback_submit(actor=outsider, interview=interview, rating=4, comment="Good with customers")
    with pytest.raises(ValidationError):
        feedback_submit(actor=outsider, interview=interview, rating=7, comment="")
    assert InterviewFeedback.objects.get().rating == 4
    with pytest.raises(PermissionDenied):
        feedback_submit(actor=hiring["users"]["staff"], interview=interview, rating=5, comment="")
    assert set(opening_list(viewer=hiring["users"]["manager"])) == {hiring["opening"]}


def test_rejection_needs_a_reason_and_the_data_goes_after_retention(hiring, settings):
    with pytest.raises(ValidationError):
        application_reject(
            actor=hiring["users"]["hr"], application=hiring["application"], reason=" "
        )
    application_reject(
        actor=hiring["users"]["hr"],
        application=hiring["application"],
        reason="Chose another candidate",
    )
    candidate = hiring["application"].candidate
    candidate.refresh_from_db()
    assert candidate.keep_until == timezone.localdate() + timedelta(
        days=settings.CANDIDATE_RETENTION_DAYS
    )
    assert candidates_anonymise_expired(today=candidate.keep_until) == 0
    assert candidates_anonymise_expired(today=candidate.keep_until + timedelta(days=1)) == 1
    candidate.refresh_from_db()
    assert (
        candidate.email == ""
        and "Яна" not in candidate.full_name
        and candidate.history.count() == 0
    )


def test_tasks_reach_the_responsible_people_and_only_they_complete_them(hiring, make_user):
    from backoffice import roles

    it_user = make_user(roles.IT, username="t-it")
    offer = _to_offer(hiring)
    employee = offer_accept(actor=hiring["users"]["hr"], offer=offer)
    laptop = my_tasks(user=it_user).get()
    assert laptop.title == "Laptop"
    assert [t.title for t in my_tasks(user=hiring["users"]["manager"])] == ["First week plan"]
    assert [t.title for t in my_tasks(user=employee.user)] == ["Read the handbook"]
    with pytest.raises(PermissionDenied):
        task_complete(actor=hiring["users"]["staff"], task=laptop)
    task_complete(actor=it_user, task=laptop)
    assert not my_tasks(user=it_user).exists()


def test_ending_employment_starts_offboarding_and_tells_the_others(
    hiring, django_capture_on_commit_callbacks
):
    left = []
    events.employee_left.connect(
        lambda sender, payload, **kw: left.append(payload), weak=False, dispatch_uid="t-left"
    )
    staff = hiring["people"]["staff"]
    last_day = timezone.localdate() + timedelta(days=20)
    with pytest.raises(ValidationError) as error:
        employment_end(
            actor=hiring["users"]["hr"],
            employee=staff,
            last_day=last_day,
            reason="resignation",
            notice_given_on=last_day + timedelta(days=1),
        )
    assert "notice_given_on" in error.value.message_dict
    with django_capture_on_commit_callbacks(execute=True):
        employment_end(
            actor=hiring["users"]["hr"],
            employee=staff,
            last_day=last_day,
            reason="resignation",
            notice_given_on=timezone.localdate(),
        )
    events.employee_left.disconnect(dispatch_uid="t-left")
    staff.refresh_from_db()
    assert (staff.end_date, staff.end_reason) == (last_day, "resignation")
    assert left == [events.EmployeeLeft(employee_id=staff.pk, last_day=last_day)]
    assert (
        Checklist.objects.get(employee=staff, kind="offboarding").tasks.get().due_date == last_day
    )
    with pytest.raises(ValidationError, match="already set"):
        employment_end(
            actor=hiring["users"]["hr"], employee=staff, last_day=last_day, reason="resignation"
        )


def test_the_hiring_pages_as_hr(hiring, client, login):
    login(client, hiring["users"]["hr"])
    board = client.get(reverse("hr:opening-detail", args=[hiring["opening"].pk])).content.decode()
    assert "Яна Стоева" in board
    client.post(
        reverse("hr:application-move", args=[hiring["application"].pk]),
        {"stage": hiring["stages"][2].pk},
    )
    start = (timezone.localdate() + timedelta(days=10)).isoformat()
    bad = client.post(
        reverse("hr:offer-create", args=[hiring["application"].pk]),
        {"salary": "-5", "weekly_hours": "40", "start_date": start},
        follow=True,
    )
    assert "greater than or equal to 0" in bad.content.decode()
    client.post(
        reverse("hr:offer-create", args=[hiring["application"].pk]),
        {"salary": "2000", "weekly_hours": "40", "start_date": start},
    )
    offer = Offer.objects.get()
    response = client.post(reverse("hr:offer-accept", args=[offer.pk]))
    employee = Employee.objects.get(first_name="Яна")
    assert response["Location"] == reverse("hr:employee-detail", args=[employee.pk])
    again = client.post(reverse("hr:offer-accept", args=[offer.pk]), follow=True)
    assert "already been decided" in again.content.decode()
    assert Employee.objects.filter(first_name="Яна").count() == 1


def test_the_dashboard_shows_the_pipeline_time_to_hire_and_onboarding(hiring, client, login):
    offer = _to_offer(hiring)
    offer_accept(actor=hiring["users"]["hr"], offer=offer)
    other = JobOpening.objects.create(title="Stocker", department=hiring["dept"], headcount=2)
    candidate_add(
        actor=hiring["users"]["hr"], opening=other, data={"first_name": "З", "last_name": "И"}
    )
    login(client, hiring["users"]["hr"])
    response = client.get(reverse("hr:workforce-dashboard"))
    assert response.context["time_to_hire"] == 0
    assert [(o.title, counts) for o, counts in response.context["pipeline"]] == [
        ("Stocker", [1, 0, 0])
    ]
    assert [percent for _checklist, percent in response.context["onboarding"]] == [0]


def test_a_template_task_can_name_a_person(hiring):
    template = ChecklistTemplate.objects.get(kind="onboarding")
    ChecklistTemplateTask.objects.create(
        template=template, title="Keys and badge", responsible_person=hiring["people"]["hr"]
    )
    offer = _to_offer(hiring)
    employee = offer_accept(actor=hiring["users"]["hr"], offer=offer)
    task = Checklist.objects.get(employee=employee).tasks.get(title="Keys and badge")
    assert task.responsible_person == hiring["people"]["hr"]
    assert task in my_tasks(user=hiring["users"]["hr"])
