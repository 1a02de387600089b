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
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, Round

from fupin.core.scope import within
from fupin.registry.models import Household, Income, Member
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

    def cents_expression(self, parameter: str) -> Case:
        """The parameter's value in cents for each household's province (NULL where none)."""
        return self.scaled_expression(parameter, 100)

    def scaled_expression(self, parameter: str, scale: int) -> Case:
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
        return Case(*whens, default=Value(None), output_field=BigIntegerField())
