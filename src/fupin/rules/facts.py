"""The facts every rule reads (rules.md §1), as annotations on a household queryset.

A run has an income year Y and a reference date D. Facts are correlated subqueries evaluated by
the database for each household of the region: no Python loop. Money is compared in whole cents
(``ROUND(x * 100)`` as an integer), so that "per-capita income > line" is the exact comparison
``net_cents > line_cents × n`` on SQLite's floating-point numerics and PostgreSQL's decimals alike.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import (
    BigIntegerField,
    Case,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, Round

from fupin.core.scope import within
from fupin.registry.models import Event, Grant, Household, Income, Member
from fupin.registry.queries import active_members
from fupin.standards.resolve import InForce, standards_for


@dataclass(frozen=True)
class RunInputs:
    year: int
    as_of: dt.date

    @classmethod
    def of(cls, year: int, as_of: dt.date | None = None) -> RunInputs:
        return cls(year, as_of or dt.date(year, 12, 31))


def latest_birth_for_age(age: int, day: dt.date) -> dt.date:
    """The latest birth date of someone who is at least ``age`` on ``day``. Someone born on
    29 February turns a year older on 1 March in non-leap years: their birthday has not come on
    28 February, so the bound falls back to 28 February in a non-leap birth year."""
    year = day.year - age
    last_day = calendar.monthrange(year, day.month)[1]
    return dt.date(year, day.month, min(day.day, last_day))


def aged_between(low: int, high: int, day: dt.date) -> Q:
    """Members whose completed age on ``day`` is from ``low`` to ``high`` inclusive."""
    return Q(
        birth_date__lte=latest_birth_for_age(low, day),
        birth_date__gt=latest_birth_for_age(high + 1, day),
    )


def aged_at_least(age: int, day: dt.date) -> Q:
    return Q(birth_date__lte=latest_birth_for_age(age, day))


def cents(expression) -> ExpressionWrapper:  # type: ignore[no-untyped-def]
    return Cast(Round(expression * Value(100)), BigIntegerField())


def _net_income_cents(year: int) -> Subquery:
    income = Income.objects.filter(household=OuterRef("pk"), year=year).annotate(
        _net=cents(
            F("wage_income")
            + F("business_income")
            + F("property_income")
            + F("transfer_income")
            - F("business_expense")
        )
    )
    return Subquery(income.values("_net")[:1], output_field=BigIntegerField())


def _size(day: dt.date) -> Coalesce:
    counted = (
        active_members(day, Member.objects.filter(household=OuterRef("pk")))
        .order_by()
        .values("household")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def with_facts(households: QuerySet[Household], run: RunInputs) -> QuerySet[Household]:
    """n (active members at D), the household net income of Y and Y−1 in cents (NULL when no
    收入 row), and whether the household is poor at the end of Y or exited by Y (§1)."""
    y = run.year
    registered = Q(is_registered=True, identified_year__lte=y)
    return households.annotate(
        n=_size(run.as_of),
        net_cents=_net_income_cents(y),
        prev_net_cents=_net_income_cents(y - 1),
        poor=ExpressionWrapper(
            registered & (Q(exit_year__isnull=True) | Q(exit_year__gt=y)), output_field=_bool()
        ),
        exited=ExpressionWrapper(registered & Q(exit_year__lte=y), output_field=_bool()),
    )


def _bool():  # type: ignore[no-untyped-def]
    from django.db.models import BooleanField

    return BooleanField()


def has_member(condition: Q, run: RunInputs) -> Exists:
    """Whether the household has an active member at D meeting ``condition``."""
    return Exists(
        active_members(run.as_of, Member.objects.filter(household=OuterRef("pk"))).filter(condition)
    )


@dataclass(frozen=True)
class ProvinceLines:
    """The standards in force for each province of the run, and SQL picking a household's own."""

    by_province: dict[str, dict[str, InForce]]

    @classmethod
    def for_run(cls, households: QuerySet[Household], run: RunInputs) -> ProvinceLines:
        provinces = sorted(
            {code[:2] for code in households.values_list("village_id", flat=True).distinct()}
        )
        return cls(standards_for(run.year, provinces))

    def value(self, parameter: str, province: str) -> InForce | None:
        return self.by_province.get(province, {}).get(parameter)

    def lookback_days(self) -> int:
        """One event window for the run: the look-back of its provinces (365 unless a province
        set another; where provinces disagree, the longest)."""
        values = [
            int(v["lookback_days"].value) for v in self.by_province.values() if "lookback_days" in v
        ]
        return max(values, default=365)

    def cents_expression(self, parameter: str) -> Cast:
        """The parameter's value in cents for each household's province (NULL where none)."""
        return self.scaled_expression(parameter, 100)

    def scaled_expression(self, parameter: str, scale: int) -> Cast:
        """The parameter's value × ``scale`` as a whole number for each household's province:
        amounts in cents (× 100), shares in basis points (× 10,000), so that comparisons stay
        exact integer arithmetic."""
        whens = [
            When(
                within("village_id", province),
                then=Value(int(Decimal(values[parameter].value) * scale)),
            )
            for province, values in self.by_province.items()
            if parameter in values
        ]
        # Cast: with no province (an empty region) the CASE is a bare NULL, which PostgreSQL
        # would type as text in the derived fact table.
        return Cast(Case(*whens, default=Value(None), output_field=BigIntegerField()), BigIntegerField())


OUT_OF_SCHOOL = ("辍学", "非在校生")
LABOUR = ("普通劳动力", "技能劳动力")
WATER_COLUMNS = ("water_quantity_ok", "water_quality_ok", "water_access_ok", "water_supply_ok")

# Every column of the fact table, in the order selected.
FACT_COLUMNS = (
    "code",
    "village_id",
    "housing_grade",
    "food_secure",
    "clothing_secure",
    "housing_renovated",
    "relocated",
    "n",
    "net_cents",
    "prev_net_cents",
    "poor",
    "exited",
    "line_cents",
    "mline_cents",
    "medical_amount_cents",
    "loss_amount_cents",
    "income_share_bp",
    "keep_bp",
    "medical_cents",
    "loss_cents",
    "setbacks",
    "dropouts",
    "uninsured",
    "water_failures",
    "has_labour",
    "has_safety_net",
)


def _window(run: RunInputs, lookback_days: int) -> Q:
    return Q(date__gt=run.as_of - dt.timedelta(days=lookback_days), date__lte=run.as_of)


def _count(queryset: QuerySet) -> Coalesce:  # type: ignore[type-arg]
    counted = queryset.order_by().values("household").annotate(count=Count("pk")).values("count")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def _event_sum_cents(run: RunInputs, lookback_days: int, types: tuple[str, ...]) -> Coalesce:
    events = (
        Event.objects.filter(
            _window(run, lookback_days), household=OuterRef("pk"), event_type__in=types
        )
        .order_by()
        .values("household")
        .annotate(total=Sum(cents(Coalesce(F("amount"), Value(Decimal(0))))))
        .values("total")
    )
    return Coalesce(Subquery(events, output_field=BigIntegerField()), 0)


def fact_table(
    households: QuerySet[Household], run: RunInputs, lines: ProvinceLines
) -> QuerySet[Household]:
    """Every fact the E and M rules read, one correlated subquery each, per household (§1, §3, §5).
    Amounts are in cents and shares in basis points, so that the rules compare integers."""
    lookback = lines.lookback_days()
    members = Member.objects.filter(household=OuterRef("pk"))
    out_of_school = aged_between(6, 15, run.as_of) & Q(school_status__in=OUT_OF_SCHOOL)
    water_failures = sum(
        (
            Case(When(**{column: False}, then=Value(1)), default=Value(0))
            for column in WATER_COLUMNS
        ),
        Value(0),
    )
    setbacks = Event.objects.filter(
        _window(run, lookback),
        household=OuterRef("pk"),
        event_type__in=["务工失业", "产业经营失败"],
    )
    return with_facts(households, run).annotate(
        line_cents=lines.cents_expression("poverty_line"),
        mline_cents=lines.cents_expression("monitoring_line"),
        medical_amount_cents=lines.cents_expression("medical_amount"),
        loss_amount_cents=lines.cents_expression("loss_amount"),
        income_share_bp=lines.scaled_expression("income_share", 10_000),
        keep_bp=Value(10_000) - lines.scaled_expression("drop_share", 10_000),
        medical_cents=_event_sum_cents(run, lookback, ("医疗支出",)),
        loss_cents=_event_sum_cents(run, lookback, ("自然灾害", "意外事故")),
        setbacks=_count(setbacks),
        dropouts=_count(active_members(run.as_of, members).filter(out_of_school)),
        uninsured=_count(
            active_members(run.as_of, members).filter(medical_insured=False, employee_insured=False)
        ),
        water_failures=ExpressionWrapper(water_failures, output_field=IntegerField()),
        has_labour=Exists(active_members(run.as_of, members).filter(labor__in=LABOUR)),
        has_safety_net=Exists(
            Grant.objects.filter(
                household=OuterRef("pk"), year=run.year, policy_id__in=["DB", "TK"]
            )
        ),
    )
