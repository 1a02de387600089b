"""The demo county's visits of recent months: most households with a helper were visited by them
at least once in the last five months, some more often; the rest are due, so the due lists and
campaigns have something to show. Written in bulk, reproducible by seed."""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from fupin.accounts.models import User
from fupin.core.bulk import analyze
from fupin.grid.choices import Level
from fupin.grid.models import Assignment

from .choices import Awareness, Check, Satisfaction, VisitKind
from .models import Visit

VISITED_SHARE = 0.75
LOOKBACK_DAYS = 150


def build_demo_visits(county_code: str, *, seed: int, recorded_by: User) -> int:
    """Write the visits; returns how many."""
    rng = random.Random(seed)
    today = timezone.localdate()
    now = timezone.now()
    helpers = (
        Assignment.objects.within(county_code)
        .active_on(today)
        .of_level(Level.HOUSEHOLD)
        .values_list("household_id", "cadre_id", "cadre__user_id")
        .order_by("household_id")
    )
    visits = []
    for household, cadre, user in helpers:
        if rng.random() > VISITED_SHARE:
            continue
        for _ in range(rng.choice([1, 1, 2, 3])):
            problem = rng.random() < 0.04
            visits.append(
                Visit(
                    household_id=household,
                    cadre_id=cadre,
                    visited_on=today - dt.timedelta(days=rng.randint(1, LOOKBACK_DAYS)),
                    kind=rng.choice(
                        [VisitKind.HOME, VisitKind.HOME, VisitKind.HOME, VisitKind.PHONE]
                    ),
                    food=Check.MET,
                    clothing=Check.MET,
                    education=Check.MET,
                    medical=Check.NOT_MET if problem else Check.MET,
                    housing=Check.MET,
                    water=Check.MET,
                    awareness=rng.choice([Awareness.KNOWS] * 4 + [Awareness.PARTLY]),
                    satisfaction=rng.choice([Satisfaction.SATISFIED] * 5 + [Satisfaction.FAIRLY]),
                    findings="家庭成员住院，医疗费用自付部分较多，需跟进医保报销。"
                    if problem
                    else "",
                    recorded_by_id=user or recorded_by.pk,
                    recorded_at=now,
                )
            )
    Visit.objects.bulk_create(visits, batch_size=2000)
    analyze([Visit])  # as for the grid: the due lists read it next
    return len(visits)
