"""走访发现 → 问题台账: a visit's finding registered as a problem of the visited household."""

from __future__ import annotations

from fupin.accounts.models import User
from fupin.core.scope import is_visible
from fupin.grid.models import Cadre
from fupin.regions.models import Region
from fupin.visits.models import Visit

from .choices import Severity, Source
from .errors import invalid, not_found
from .models import Problem
from .services import Links, register


def origin_key(visit: Visit) -> str:
    return f"visit:{visit.pk}"


def problem_from_visit(
    actor: User,
    visit: Visit,
    *,
    category: str,
    description: str | None = None,
    severity: str = Severity.ORDINARY,
    responsible_unit: str = "",
    responsible_cadre: Cadre | None = None,
) -> Problem:
    """登记问题 from a visit: source 走访, in the household's village, linked to the visit and
    its household. The description defaults to what the visit recorded as its findings. One
    open problem per visit (origin ``visit:<id>``)."""
    if not is_visible(actor, visit):
        raise not_found("走访记录")
    text = visit.findings if description is None else description
    if not (text or "").strip():
        raise invalid("该走访记录没有填写发现的问题，请填写问题描述")
    return register(
        actor,
        Region.objects.get(code=visit.household.village_id),
        category=category,
        source=Source.VISIT,
        description=text,
        severity=severity,
        links=Links(visit=visit),
        responsible_unit=responsible_unit,
        responsible_cadre=responsible_cadre,
        origin_key=origin_key(visit),
    )
