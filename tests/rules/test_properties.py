"""Properties of the rules (hypothesis): monotone income, order independence, and the set-based
engine equal to the per-household reference on random small counties."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from fupin.alerts.rules import MONITOR_COLUMNS, alert_row, alerts
from fupin.assessment.exit import ASSESS_COLUMNS, assess_rows
from fupin.benefits.gaps import GAP_COLUMNS, gaps
from fupin.core.tables import cell_text
from fupin.registry.models import Event, Grant, Household, Income, Member
from fupin.rules.facts import RunInputs

from . import reference
from .builders import household, income, member

pytestmark = pytest.mark.django_db
PROPERTY_SETTINGS = settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
YEAR = 2021


def wipe() -> None:
    for model in (Event, Grant, Income, Member, Household):
        model.objects.all().delete()


birth_dates = st.dates(min_value=dt.date(1925, 1, 1), max_value=dt.date(2022, 6, 30))
members_strategy = st.lists(
    st.fixed_dictionaries(
        {
            "birth": birth_dates,
            "school_status": st.sampled_from(
                ["非在校生", "小学", "初中", "辍学", "中职", "送教上门"]
            ),
            "labor": st.sampled_from(
                ["普通劳动力", "技能劳动力", "弱劳动力或半劳动力", "丧失劳动力", "无劳动力"]
            ),
            "medical_insured": st.booleans(),
            "employee_insured": st.booleans(),
            "health": st.sampled_from(["健康", "长期慢性病", "残疾", "患有大病、残疾"]),
            "disability_grade": st.sampled_from(["", "一级", "三级"]),
            "family_doctor": st.booleans(),
            "status": st.sampled_from(["正常", "正常", "死亡", "迁出"]),
            "status_date": st.dates(min_value=dt.date(2019, 1, 1), max_value=dt.date(2022, 12, 31)),
        }
    ),
    min_size=0,
    max_size=4,
)
households_strategy = st.lists(
    st.fixed_dictionaries(
        {
            "registered": st.booleans(),
            "identified": st.integers(2014, 2022),
            "exit": st.one_of(st.none(), st.integers(2015, 2022)),
            "grade": st.sampled_from(["A级", "B级", "C级", "D级"]),
            "renovated": st.booleans(),
            "water": st.booleans(),
            "net": st.one_of(st.none(), st.integers(-2000, 60000)),
            "prev_net": st.one_of(st.none(), st.integers(0, 60000)),
            "members": members_strategy,
            "events": st.lists(
                st.tuples(
                    st.sampled_from(
                        ["医疗支出", "自然灾害", "意外事故", "务工失业", "产业经营失败"]
                    ),
                    st.dates(min_value=dt.date(2020, 6, 1), max_value=dt.date(2022, 3, 1)),
                    st.integers(0, 25000),
                ),
                max_size=3,
            ),
            "grants": st.lists(
                st.sampled_from(["DB", "TK", "YLJ", "GLBT", "CJHL"]), max_size=2, unique=True
            ),
        }
    ),
    min_size=1,
    max_size=5,
)


def build(spec: list[dict]) -> None:
    wipe()
    for index, h in enumerate(spec):
        home = household(
            f"H{index:02d}",
            is_registered=h["registered"],
            identified_year=h["identified"] if h["registered"] else None,
            exit_year=h["exit"] if h["registered"] else None,
            housing_grade=h["grade"],
            housing_renovated=h["renovated"],
            water_quality_ok=h["water"],
        )
        people = []
        for m in h["members"]:
            left = m["status"] != "正常"
            people.append(
                member(
                    home,
                    m["birth"],
                    school_status=m["school_status"],
                    labor=m["labor"],
                    medical_insured=m["medical_insured"],
                    employee_insured=m["employee_insured"],
                    health=m["health"],
                    disability_grade=m["disability_grade"],
                    family_doctor=m["family_doctor"],
                    member_status=m["status"],
                    status_date=m["status_date"] if left else None,
                )
            )
        if h["net"] is not None:
            income(
                home,
                YEAR,
                0,
                wage_income=Decimal(max(h["net"], 0)),
                business_expense=Decimal(max(-h["net"], 0)),
            )
        if h["prev_net"] is not None:
            income(home, YEAR - 1, h["prev_net"])
        for kind, day, amount in h["events"]:
            Event.objects.create(household=home, event_type=kind, date=day, amount=amount)
        for code in h["grants"]:
            person = people[0].id_number if people and code not in ("DB", "TK") else ""
            Grant.objects.get_or_create(household=home, id_number=person, policy_id=code, year=YEAR)


def as_text(rows, columns):  # type: ignore[no-untyped-def]
    return [dict(zip(columns, (cell_text(c) for c in row), strict=True)) for row in rows]


@PROPERTY_SETTINGS
@given(
    spec=households_strategy,
    as_of=st.sampled_from([dt.date(2021, 12, 31), dt.date(2021, 6, 30), dt.date(2022, 2, 28)]),
)
def test_the_engine_equals_the_reference_on_random_counties(spec, as_of):
    build(spec)
    run = RunInputs.of(YEAR, as_of)
    data = reference.load(None)
    standards = reference.Standards()
    households = Household.objects.all()
    assert as_text(assess_rows(households, run), ASSESS_COLUMNS) == reference.assess(
        data, YEAR, as_of=as_of, standards=standards
    )
    assert as_text(
        (alert_row(a) for a in alerts(households, run)), MONITOR_COLUMNS
    ) == reference.monitor(data, YEAR, as_of=as_of, standards=standards)
    assert as_text(gaps(households, run), GAP_COLUMNS) == reference.gaps(
        data, YEAR, as_of=as_of, standards=standards
    )


@PROPERTY_SETTINGS
@given(sizes=st.integers(1, 5), net=st.integers(0, 50000), raise_by=st.integers(0, 20000))
def test_raising_income_never_turns_e1_from_pass_to_fail(sizes, net, raise_by):
    wipe()
    home = household("H1")
    for i in range(sizes):
        member(home, dt.date(1970, 1, 1 + i))
    row = income(home, YEAR, net)
    before = assess_rows(Household.objects.all(), RunInputs.of(YEAR))[0][4]
    Income.objects.filter(pk=row.pk).update(wage_income=Decimal(net + raise_by))
    after = assess_rows(Household.objects.all(), RunInputs.of(YEAR))[0][4]
    assert not (before and not after)


@PROPERTY_SETTINGS
@given(spec=households_strategy, seed=st.integers(0, 10_000))
def test_alerts_do_not_depend_on_row_order(spec, seed):
    build(spec)
    run = RunInputs.of(YEAR)
    first = [alert_row(a) for a in alerts(Household.objects.all(), run)]
    shuffled = list(spec)
    random.Random(seed).shuffle(shuffled)
    for h in shuffled:
        h["members"] = random.Random(seed).sample(h["members"], len(h["members"]))
    build(shuffled)
    # The same households under shuffled codes: compare by content, not by code.
    again = [alert_row(a) for a in alerts(Household.objects.all(), run)]
    assert sorted(row[2:] for row in first) == sorted(row[2:] for row in again)


@PROPERTY_SETTINGS
@given(
    numerator=st.integers(min_value=-(10**13), max_value=10**13),
    denominator=st.integers(min_value=1, max_value=10**5),
)
# Doubling a 32-bit integer overflows on PostgreSQL unless the SQL works in 64 bits.
@example(numerator=2**31 - 1, denominator=1)
@example(numerator=-(2**31), denominator=3)
def test_half_away_in_sql_rounds_as_the_money_rules_do(numerator, denominator):
    """The alerts' figures divide whole cents in SQL; the result is rules.md §1's rounding."""
    from django.db import connection

    from fupin.core.money import round_half_away
    from fupin.rules.figures import half_away, money

    cents = half_away(str(numerator), str(denominator))
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {cents}, {money(cents).text_sql()}", [])
        whole, written = cursor.fetchone()
    expected = round_half_away(Decimal(numerator) / denominator, 0)
    assert whole == expected
    assert Decimal(written) == expected / 100 and written == cell_text(expected / 100)
