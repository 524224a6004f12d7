"""Training (mandatory by position, completion, expiry) and reviews (rounds, steps, closing)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from hr.models import Course, Position, Review, ReviewCycle, TrainingAssignment
from hr.selectors import review_list, training_list
from hr.services import (
    course_save,
    employee_update,
    goal_add,
    mandatory_trainings_sync,
    review_cycle_close,
    review_cycle_create,
    review_manager_submit,
    review_self_submit,
    training_complete,
)
from tests import samples


@pytest.fixture
def cashier(team):
    return Position.objects.create(title="Cashier", department=team["dept"])


def test_mandatory_courses_follow_the_position_also_for_later_joiners(team, cashier):
    staff = team["people"]["staff"]
    course = course_save(
        actor=team["users"]["hr"],
        data={"title": "Till training", "duration_hours": Decimal(2)},
        mandatory_for=[cashier],
    )
    assert not TrainingAssignment.objects.exists()
    employee_update(actor=team["users"]["hr"], employee=staff, data={"position": cashier})
    assignment = TrainingAssignment.objects.get(employee=staff)
    assert (assignment.course, assignment.mandatory) == (course, True)
    assert assignment.due_date == timezone.localdate() + timedelta(days=30)
    assert mandatory_trainings_sync(employee=staff) == 0  # no second open assignment
    course_save(actor=team["users"]["hr"], data={"title": "Safety"}, mandatory_for=[cashier])
    assert TrainingAssignment.objects.filter(employee=staff).count() == 2


def test_completion_computes_the_expiry_and_refuses_impossible_dates(team, cashier):
    course = Course.objects.create(title="Safety", validity_months=12)
    course.mandatory_for.set([cashier])
    staff = team["people"]["staff"]
    employee_update(actor=team["users"]["hr"], employee=staff, data={"position": cashier})
    assignment = TrainingAssignment.objects.get(employee=staff)
    with pytest.raises(ValidationError) as error:
        training_complete(
            actor=team["users"]["staff"],
            assignment=assignment,
            completed_on=date(2026, 3, 1),
            expires_on=date(2026, 2, 1),
        )
    assert "expires_on" in error.value.message_dict
    with pytest.raises(ValidationError):
        training_complete(
            actor=team["users"]["staff"],
            assignment=assignment,
            completed_on=timezone.localdate() + timedelta(days=1),
        )
    with pytest.raises(PermissionDenied):
        training_complete(
            actor=team["users"]["outsider"], assignment=assignment, completed_on=date(2026, 3, 1)
        )
    certificate = SimpleUploadedFile("cert.pdf", samples.pdf("certificate"))
    done = training_complete(
        actor=team["users"]["staff"],
        assignment=assignment,
        completed_on=date(2026, 3, 1),
        certificate=certificate,
    )
    assert done.expires_on == date(2027, 3, 1) and done.certificate.name.startswith(
        "hr/certificates/"
    )
    assert mandatory_trainings_sync(employee=staff, today=date(2027, 2, 1)) == 0
    assert (
        mandatory_trainings_sync(employee=staff, today=date(2027, 3, 2)) == 1
    )  # expired: assigned again


def test_trainings_are_visible_to_the_person_their_managers_and_hr(team, cashier):
    course = Course.objects.create(title="Safety")
    TrainingAssignment.objects.create(
        employee=team["people"]["deep"], course=course, due_date=date(2026, 12, 1)
    )
    for viewer, sees in (
        ("deep", 1),
        ("lead", 1),
        ("manager", 1),
        ("hr", 1),
        ("staff", 0),
        ("outsider", 0),
    ):
        assert training_list(viewer=team["users"][viewer]).count() == sees, viewer


@pytest.fixture
def round_(team):
    team["people"]["staff"].refresh_from_db()
    cycle = review_cycle_create(
        actor=team["users"]["hr"],
        departments=[team["dept"]],
        data={
            "name": "2026",
            "period_start": date(2026, 1, 1),
            "period_end": date(2026, 12, 31),
            "self_deadline": date(2026, 12, 10),
            "manager_deadline": date(2026, 12, 20),
        },
    )
    return cycle


def test_a_round_gives_everyone_in_the_departments_a_review_with_their_manager(team, round_):
    reviews = {r.employee.first_name: r for r in round_.reviews.all()}
    assert set(reviews) == {"Мартин", "Лина", "Стефан", "Дора"}
    assert reviews["Стефан"].manager == team["people"]["manager"]


def test_a_review_goes_self_then_manager_and_closes(team, round_):
    review = round_.reviews.get(employee=team["people"]["staff"])
    goal = goal_add(actor=team["users"]["manager"], review=review, title="Sales", weight=70)
    with pytest.raises(ValidationError, match="100%"):
        goal_add(actor=team["users"]["manager"], review=review, title="Too much", weight=40)
    with pytest.raises(ValidationError):
        review_manager_submit(
            actor=team["users"]["manager"], review=review, rating=4, comment="", scores={}
        )
    with pytest.raises(PermissionDenied):
        review_self_submit(
            actor=team["users"]["manager"], review=review, rating=4, comment="", scores={}
        )
    with pytest.raises(ValidationError):
        review_self_submit(
            actor=team["users"]["staff"], review=review, rating=9, comment="", scores={}
        )
    review_self_submit(
        actor=team["users"]["staff"],
        review=review,
        rating=4,
        comment="Busy year",
        scores={goal.pk: 4},
    )
    with pytest.raises(PermissionDenied):
        review_manager_submit(
            actor=team["users"]["outsider"], review=review, rating=3, comment="", scores={}
        )
    review_manager_submit(
        actor=team["users"]["manager"],
        review=review,
        rating=5,
        comment="Great",
        scores={goal.pk: 5},
    )
    review.refresh_from_db()
    goal.refresh_from_db()
    assert (
        review.status,
        review.self_rating,
        review.manager_rating,
        goal.self_score,
        goal.manager_score,
    ) == (Review.Status.MANAGER_DONE, 4, 5, 4, 5)
    review_cycle_close(actor=team["users"]["hr"], cycle=round_)
    with pytest.raises(ValidationError, match="closed"):
        review_manager_submit(
            actor=team["users"]["manager"], review=review, rating=1, comment="", scores={}
        )
    review.refresh_from_db()
    assert (review.status, review.manager_rating) == (Review.Status.CLOSED, 5)
    assert ReviewCycle.objects.get().status == ReviewCycle.Status.CLOSED


def test_reviews_are_visible_to_the_person_their_managers_and_hr(team, round_):
    assert review_list(viewer=team["users"]["staff"]).count() == 1
    assert review_list(viewer=team["users"]["manager"]).count() == 4
    assert review_list(viewer=team["users"]["outsider"]).count() == 0
    assert review_list(viewer=team["users"]["hr"]).count() == 4


def test_review_pages(team, round_, client, login):
    review = round_.reviews.get(employee=team["people"]["staff"])
    login(client, team["users"]["staff"])
    page = client.get(reverse("hr:review-detail", args=[review.pk])).content.decode()
    assert "Self assessment" in page
    response = client.post(
        reverse("hr:review-self-assess", args=[review.pk]),
        {"rating": "4", "comment": "ok"},
        follow=True,
    )
    assert "The assessment was saved." in response.content.decode()
    login(client, team["users"]["outsider"])
    assert client.get(reverse("hr:review-detail", args=[review.pk])).status_code == 404


def test_review_deadlines_remind_the_people_who_have_not_acted(team, round_):
    from backoffice.models import Notification
    from hr.services import reviews_remind

    staff_review = round_.reviews.get(employee=team["people"]["staff"])
    Review.objects.filter(pk=staff_review.pk).update(status=Review.Status.SELF_DONE)
    assert reviews_remind(today=date(2026, 12, 7)) == 3  # Мартин, Лина and Дора have not started
    assert Notification.objects.filter(recipient=team["users"]["staff"]).count() == 0
    assert reviews_remind(today=date(2026, 12, 17)) == 1  # Мартин has Стефан's review to assess
    note = Notification.objects.filter(recipient=team["users"]["manager"]).latest("created_at")
    assert note.title == "1 review waits for your assessment"
