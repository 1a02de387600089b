"""Statistics of monitoring cases: the keys `fupin stats` adds (rules.md §7) and the figures the
pages show by region. Each is one aggregate query over a queryset the caller has scoped
(``Case.objects.visible_to(user)`` on pages, ``Case.objects.within(code)`` for a region).

Case figures are as of now, not as of the run's reference date: a case has no meaning "as of" an
income year, and its history holds any past state.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Avg, Count, DurationField, ExpressionWrapper, F, Q, QuerySet
from django.db.models.functions import Substr
from django.utils import timezone

from fupin.accounts.models import User
from fupin.regions.choices import CODE_LENGTH, Level, level_of

from .choices import CaseState, CaseType, Channel, RiskType
from .models import Case, CaseQuerySet, CaseRisk


def case_statistics(region_code: str | None, *, now: dt.datetime | None = None) -> dict[str, Any]:
    """The keys of `fupin stats` for a region (None: the whole country): ``cases_open`` (every
    case not closed, leads included), ``cases_by_state``, ``cases_by_type`` and ``cases_by_risk``
    (of open cases, only keys above zero), ``cases_overdue`` (undecided past the 15 days)."""
    cases = Case.objects.all()
    risks = CaseRisk.objects.all()
    if region_code is not None:
        cases, risks = cases.within(region_code), risks.within(region_code)
    return case_figures(cases, risks, now=now or timezone.now())


def case_figures(
    cases: CaseQuerySet, risks: QuerySet[CaseRisk], *, now: dt.datetime
) -> dict[str, Any]:
    """The same keys over cases and their risk rows the caller has scoped."""
    # Aliases by position: the Chinese values themselves would make awkward SQL names.
    counts = cases.open().aggregate(
        cases_open=Count("pk"),
        **{f"state_{i}": Count("pk", filter=Q(state=v)) for i, v in enumerate(CaseState.values)},
        **{f"type_{i}": Count("pk", filter=Q(case_type=v)) for i, v in enumerate(CaseType.values)},
    )
    by_risk = dict(
        risks.filter(case__closed_at__isnull=True)
        .values("risk")
        .annotate(count=Count("pk"))
        .values_list("risk", "count")
    )
    return {
        "cases_open": counts["cases_open"],
        "cases_by_state": _above_zero(
            {v: counts[f"state_{i}"] for i, v in enumerate(CaseState.values)}
        ),
        "cases_by_type": _above_zero(
            {v: counts[f"type_{i}"] for i, v in enumerate(CaseType.values)}
        ),
        "cases_by_risk": _above_zero({risk: by_risk.get(risk, 0) for risk in RiskType.values}),
        "cases_overdue": cases.overdue(now).count(),
    }


def _above_zero(counts: dict[str, int]) -> dict[str, int]:
    return {key: count for key, count in counts.items() if count > 0}


def _opened_between(
    cases: CaseQuerySet, since: dt.datetime | None, until: dt.datetime | None
) -> CaseQuerySet:
    if since is not None:
        cases = cases.filter(opened_at__gte=since)
    if until is not None:
        cases = cases.filter(opened_at__lt=until)
    return cases


def leads_by_channel(
    cases: CaseQuerySet, *, since: dt.datetime | None = None, until: dt.datetime | None = None
) -> dict[str, int]:
    """Every lead (every case starts as one) by channel, in the channels' order, zeros kept."""
    counts = _opened_between(cases, since, until).aggregate(
        **{channel: Count("pk", filter=Q(channel=channel)) for channel in Channel.values}
    )
    return {channel: counts[channel] for channel in Channel.values}


def average_days_to_decision(
    cases: CaseQuerySet, *, since: dt.datetime | None = None, until: dt.datetime | None = None
) -> Decimal | None:
    """Mean days from lead to decision (已纳入 or 不予纳入) of the decided cases, to one
    decimal; None when none was decided."""
    elapsed = ExpressionWrapper(F("decided_at") - F("opened_at"), output_field=DurationField())
    mean = (
        _opened_between(cases, since, until)
        .filter(decided_at__isnull=False)
        .aggregate(mean=Avg(elapsed))["mean"]
    )
    if mean is None:
        return None
    return (Decimal(mean.total_seconds()) / 86_400).quantize(Decimal("0.1"), ROUND_HALF_UP)


def eliminations(
    cases: CaseQuerySet, *, since: dt.datetime | None = None, until: dt.datetime | None = None
) -> int:
    """Cases closed by 风险消除 (in the period, when given)."""
    done = cases.filter(state=CaseState.ELIMINATED)
    if since is not None:
        done = done.filter(closed_at__gte=since)
    if until is not None:
        done = done.filter(closed_at__lt=until)
    return done.count()


def open_by_region(cases: CaseQuerySet, region_code: str) -> dict[str, int]:
    """Open cases under a region by its child regions (township → villages …): child code →
    count, only children with cases."""
    level = level_of(region_code)
    if level is None or level == Level.VILLAGE:
        return {region_code: cases.open().within(region_code).count()}
    length = CODE_LENGTH[level + 1]
    rows = (
        cases.open()
        .within(region_code)
        .annotate(child=Substr("household__village_id", 1, length))
        .values("child")
        .annotate(count=Count("pk"))
        .order_by("child")
        .values_list("child", "count")
    )
    return dict(rows)


def overview(user: User, *, now: dt.datetime) -> dict[str, Any]:
    """The 监测统计 page: the user's cases now, this year's leads, decisions and eliminations,
    and open cases by the regions one level below the user's."""
    from fupin.regions.models import Region

    cases = Case.objects.visible_to(user)
    year_start = now.replace(month=1, day=1, hour=0, minute=0, second=0, microsecond=0)
    by_region: list[tuple[str, str, int]] = []
    if user.scope_code:
        counts = open_by_region(cases, user.scope_code)
        names = dict(Region.objects.filter(code__in=counts).values_list("code", "name"))
        by_region = [(code, names.get(code, code), count) for code, count in counts.items()]
    return {
        "figures": case_figures(cases, CaseRisk.objects.visible_to(user), now=now),
        "leads": leads_by_channel(cases, since=year_start),
        "average_days": average_days_to_decision(cases, since=year_start),
        "eliminated": eliminations(cases, since=year_start),
        "by_region": by_region,
        "year": now.year,
    }
