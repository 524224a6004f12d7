"""Every IT support model has an admin page that opens for the administrator."""

from __future__ import annotations

from django.apps import apps
from django.urls import reverse

from backoffice import roles


def test_every_model_has_a_working_changelist(desk, make_user, client, login):
    admin = make_user(roles.ADMINISTRATOR, is_staff=True, username="it-admin")
    login(client, admin)
    for model in apps.get_app_config("it_support").get_models():
        url = reverse(f"admin:it_support_{model._meta.model_name}_changelist")
        assert client.get(url).status_code == 200, url
