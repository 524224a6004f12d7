"""Input found to break pages in review: an impossible date, absurd amounts and NaN."""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from backoffice.lists import sort_queryset
from backoffice.models import AuditEvent
from operations.forms import OrderLineForm
from operations.views.stock import _day


def test_an_impossible_date_falls_back_to_today():
    request = RequestFactory().get("/operations/valuation/", {"on": "2026-02-30"})
    from django.utils import timezone

    assert _day(request) == timezone.localdate()


def test_descending_flips_a_tie_breaker_that_is_already_descending():
    request = RequestFactory().get("/", {"sort": "-when"})

    queryset, sort = sort_queryset(
        request, AuditEvent.objects.all(), allowed={"when": ["kind", "-created_at"]}, default="when"
    )

    assert sort.descending
    assert list(queryset.query.order_by) == ["-kind", "created_at"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("quantity", "price", "field"),
    [
        ("1", "99999999999999999999999999", "price"),
        ("100000", "99999.00", "price"),
        ("NaN", "1.00", "quantity"),
    ],
)
def test_an_order_line_too_large_or_not_a_number_is_a_form_error(quantity, price, field):
    form = OrderLineForm(data={"quantity": quantity, "price": price})

    assert not form.is_valid()
    assert field in form.errors
