"""What the compliance dashboard and its monthly report show: the figures, the published
policies' acknowledgement rates, contracts coming up for notice, the risk heat maps and the trend
of open findings, as one viewer may see them."""

from __future__ import annotations

from datetime import date

from backoffice.models import User
from compliance.models import PolicyVersion
from compliance.selectors.findings import (
    contracts_for_notice,
    dashboard_figures,
    heat_map,
    risk_list,
)
from compliance.selectors.policies import version_rates


def dashboard_overview(*, viewer: User, today: date) -> dict:
    figures = dashboard_figures(viewer=viewer)
    versions = list(
        PolicyVersion.objects.published()
        .select_related("policy")
        .prefetch_related("departments", "positions")
    )
    rates = version_rates(versions=versions)
    risks = list(risk_list(viewer=viewer).filter(closed=False).select_related("owner"))
    return {
        "figures": figures,
        "versions": [(v, *rates[v.pk]) for v in versions],
        "contracts": contracts_for_notice(viewer=viewer, today=today)[:10],
        "heat_before": heat_map(risks=risks, residual=False),
        "heat_after": heat_map(risks=risks, residual=True),
        "risks": sorted(risks, key=lambda risk: (risk.title, risk.pk)),
        "today": today,
        "trend": figures.trend,
    }
