"""IT support's permission names and the checks views ask of a user, spelled once."""

from __future__ import annotations

from backoffice.models import User

AGENT = "it_support.change_ticket"
MANAGE_ASSETS = "it_support.change_asset"
MANAGE_LICENCES = "it_support.change_licence"
MANAGE_ARTICLES = "it_support.change_article"
VIEW_REPORTS = "it_support.view_slapolicy"
MANAGE_SETTINGS = "it_support.change_slapolicy"


def is_agent(user: User) -> bool:
    """IT: every ticket, internal notes, assets, licences, reports."""
    return user.has_perm(AGENT)


def manages_assets(user: User) -> bool:
    return user.has_perm(MANAGE_ASSETS)


def manages_licences(user: User) -> bool:
    return user.has_perm(MANAGE_LICENCES)


def writes_articles(user: User) -> bool:
    return user.has_perm(MANAGE_ARTICLES)


def manages_settings(user: User) -> bool:
    """SLA policies, business hours, access profiles and the mail kept aside."""
    return user.has_perm(MANAGE_SETTINGS)
