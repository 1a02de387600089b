"""Data-quality checks Q01–Q16 (rules.md §8), each one database query over a whole region.

A check is a small definition: its code, its name, the table it reports on, and a function that
returns the offending rows as (户编号, 证件号码, 说明) from scoped querysets. ``run_checks`` runs
them all and returns findings sorted as `fupin check` writes them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import (
    CharField,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Value,
)
from django.db.models.functions import Cast, Concat, ExtractYear, Mod, Substr
from django.utils import timezone

from fupin.accounts.models import User
from fupin.core.idnumber import CHECK_CHARACTERS, WEIGHTS

from .choices import MemberStatus, PolicyLevel
from .models import Grant, Household, Income, Member
from .queries import active_members

Finding = tuple[str, str, str]  # 户编号, 证件号码, 说明


@dataclass(frozen=True)
class Scope:
    """The rows a run looks at, already limited to a region (and a user's visibility)."""

    households: QuerySet[Household]
    members: QuerySet[Member]
    grants: QuerySet[Grant]
    incomes: QuerySet[Income]
    year: int

    @property
    def year_end(self) -> dt.date:
        return dt.date(self.year, 12, 31)


@dataclass(frozen=True)
class Check:
    code: str
    name: str
    table: str
    find: Callable[[Scope], Iterable[Finding]]


@dataclass(frozen=True)
class QualityFinding:
    table: str
    row: int | None
    household_code: str
    id_number: str
    code: str
    note: str

    def sort_key(self) -> tuple[str, str, str, str, int]:
        return (self.household_code, self.id_number, self.code, self.table, self.row or 0)


def _digit(position: int) -> Cast:
    """The digit at a 1-based position of the ID number, as an integer."""
    return Cast(Substr("id_number", position, 1), IntegerField())


def _expected_check_character() -> Substr:
    total = sum((_digit(i + 1) * weight for i, weight in enumerate(WEIGHTS)), Value(0))
    return Substr(Value(CHECK_CHARACTERS), Mod(total, Value(11)) + Value(1), 1)


def _active(members: QuerySet[Member], day: dt.date) -> QuerySet[Member]:
    return active_members(day, members)


def _age_at_year_end(scope: Scope) -> Any:
    # Completed years on 31 December are the calendar difference: no birthday falls after it.
    return Value(scope.year) - ExtractYear("birth_date")


def _member_rows(queryset: QuerySet[Member], note: Any) -> Iterable[Finding]:
    return queryset.annotate(_note=note).values_list("household__code", "id_number", "_note")


def _household_rows(queryset: QuerySet[Household], note: Any) -> Iterable[Finding]:
    return queryset.annotate(_id=Value(""), _note=note).values_list("code", "_id", "_note")


def q01(scope: Scope) -> Iterable[Finding]:
    wrong = scope.members.annotate(_expected=_expected_check_character()).exclude(
        id_number__endswith=F("_expected")
    )
    return _member_rows(wrong, Concat(Value("校验位应为 "), F("_expected")))


def q02(scope: Scope) -> Iterable[Finding]:
    today = timezone.localdate()
    bad = scope.members.filter(Q(birth_date__isnull=True) | Q(birth_date__gt=today))
    return _member_rows(bad, Concat(Value("出生日期 "), Substr("id_number", 7, 8)))


def q03(scope: Scope) -> Iterable[Finding]:
    odd = Mod(_digit(17), Value(2))
    wrong = scope.members.annotate(_odd=odd).filter(Q(sex="男", _odd=0) | Q(sex="女", _odd=1))
    return _member_rows(wrong, Concat(Value("性别填写为"), F("sex"), Value("，证件号码第17位不符")))


def q04(scope: Scope) -> Iterable[Finding]:
    normal = Member.objects.filter(member_status=MemberStatus.NORMAL)
    shared = (
        normal.values("id_number")
        .annotate(households=Count("household", distinct=True))
        .filter(households__gt=1)
        .values("id_number")
    )
    rows = scope.members.filter(member_status=MemberStatus.NORMAL, id_number__in=shared)
    return _member_rows(rows, Value(""))


def _heads_and_spouses(scope: Scope) -> tuple[QuerySet[Member], QuerySet[Member]]:
    active = _active(Member.objects.all(), scope.year_end)
    return active.filter(relation="户主"), active.filter(relation="配偶")


def _active_households(scope: Scope) -> QuerySet[Household]:
    """Households with at least one active member at year end (n = 0 households are inactive
    and left out of every rule, rules.md §1)."""
    active = _active(Member.objects.filter(household=OuterRef("pk")), scope.year_end)
    return scope.households.filter(Exists(active))


def q05(scope: Scope) -> Iterable[Finding]:
    heads, _ = _heads_and_spouses(scope)
    counted = (
        _active_households(scope)
        .annotate(_heads=Count("members", filter=Q(members__in=heads)))
        .exclude(_heads=1)
    )
    return _household_rows(
        counted, Concat(Value("户主人数为 "), Cast("_heads", output_field=CharField()))
    )


def q06(scope: Scope) -> Iterable[Finding]:
    heads, _ = _heads_and_spouses(scope)
    matching = heads.filter(household=OuterRef("pk"), id_number=OuterRef("head_id_number"))
    rows = _active_households(scope).exclude(Exists(matching))
    return rows.annotate(_note=Value("")).values_list("code", "head_id_number", "_note")


SCHOOL_AGES: dict[str, tuple[int | None, int | None]] = {
    # status → (lowest, highest) plausible age; outside it is a contradiction (Q07)
    "学前教育": (None, 7),
    "小学": (5, 16),
    "初中": (10, 19),
    "高中": (13, 22),
    "中职": (13, 22),
}


def q07(scope: Scope) -> Iterable[Finding]:
    members = scope.members.filter(birth_date__isnull=False).annotate(_age=_age_at_year_end(scope))
    wrong = Q()
    for status, (low, high) in SCHOOL_AGES.items():
        outside = Q()
        if low is not None:
            outside |= Q(_age__lt=low)
        if high is not None:
            outside |= Q(_age__gt=high)
        wrong |= Q(school_status=status) & outside
    return _member_rows(
        members.filter(wrong),
        Concat(
            Value(f"{scope.year}年末年龄 "),
            Cast("_age", output_field=CharField()),
            Value(" 岁，在校生状况 "),
            F("school_status"),
        ),
    )


def q08(scope: Scope) -> Iterable[Finding]:
    young = scope.members.filter(birth_date__isnull=False).annotate(_age=_age_at_year_end(scope))
    rows = young.filter(_age__lt=16, labor__in=["普通劳动力", "技能劳动力"])
    return _member_rows(rows, Concat(Value("未满16周岁，劳动技能为"), F("labor")))


def q09(scope: Scope) -> Iterable[Finding]:
    rows = scope.members.filter(
        Q(health__contains="残疾", disability_grade="")
        | (~Q(health__contains="残疾") & ~Q(disability_grade=""))
    )
    return _member_rows(
        rows, Concat(Value("健康状况 "), F("health"), Value("，残疾等级 "), F("disability_grade"))
    )


def q10(scope: Scope) -> Iterable[Finding]:
    rows = scope.households.filter(exit_year__lt=F("identified_year"))
    return _household_rows(
        rows,
        Concat(
            Value("脱贫年度 "),
            Cast("exit_year", output_field=CharField()),
            Value(" 早于识别年度 "),
            Cast("identified_year", output_field=CharField()),
        ),
    )


def q11(scope: Scope) -> Iterable[Finding]:
    january = dt.date(scope.year, 1, 1)
    inactive = Member.objects.filter(
        household=OuterRef("household"), id_number=OuterRef("id_number")
    ).exclude(pk__in=_active(Member.objects.all(), january))
    rows = (
        scope.grants.filter(year=scope.year, policy__level=PolicyLevel.PERSON)
        .exclude(id_number="")
        .filter(Exists(inactive))
    )
    return rows.annotate(
        _note=Concat(F("policy_id"), Value(f" {scope.year}年：1月1日已不是在册成员"))
    ).values_list("household__code", "id_number", "_note")


def q12(scope: Scope) -> Iterable[Finding]:
    income = Income.objects.filter(household=OuterRef("pk"), year=scope.year)
    rows = _active_households(scope).filter(
        ~Exists(income), is_registered=True, identified_year__lte=scope.year
    )
    return _household_rows(rows, Value(f"{scope.year}年"))


def q13(scope: Scope) -> Iterable[Finding]:
    _, spouses = _heads_and_spouses(scope)
    counted = (
        _active_households(scope)
        .annotate(_spouses=Count("members", filter=Q(members__in=spouses)))
        .filter(_spouses__gt=1)
    )
    return _household_rows(
        counted, Concat(Value("配偶人数为 "), Cast("_spouses", output_field=CharField()))
    )


def q14(scope: Scope) -> Iterable[Finding]:
    heads, spouses = _heads_and_spouses(scope)
    same_sex_spouse = (
        spouses.filter(household=OuterRef("household"))
        .annotate(_odd=Mod(_digit(17), Value(2)))
        .filter(_odd=OuterRef("_odd"))
    )
    rows = (
        heads.filter(household__in=scope.households)
        .annotate(_odd=Mod(_digit(17), Value(2)))
        .filter(Exists(same_sex_spouse))
    )
    return _member_rows(rows, Value(""))


def q15(scope: Scope) -> Iterable[Finding]:
    rows = scope.households.exclude(phone="").exclude(phone__regex=r"^1[0-9]{10}$")
    return _household_rows(rows, Concat(Value("联系电话 "), F("phone")))


def q16(scope: Scope) -> Iterable[Finding]:
    working = ~Q(employment__in=["", "未务工"])
    rows = scope.members.filter(
        (working & Q(labor__in=["丧失劳动力", "无劳动力"]))
        | (Q(months_worked__gt=0) & Q(employment__in=["", "未务工"]))
    )
    return _member_rows(
        rows, Concat(Value("劳动技能 "), F("labor"), Value("，务工状况 "), F("employment"))
    )


CHECKS: tuple[Check, ...] = (
    Check("Q01", "证件号码校验位错误", "家庭成员", q01),
    Check("Q02", "出生日期不合法", "家庭成员", q02),
    Check("Q03", "性别与证件号码不符", "家庭成员", q03),
    Check("Q04", "同一证件号码在多户中为正常人员", "家庭成员", q04),
    Check("Q05", "户主人数不是1", "户信息", q05),
    Check("Q06", "户主证件号码与户主成员不一致", "户信息", q06),
    Check("Q07", "年龄与在校生状况矛盾", "家庭成员", q07),
    Check("Q08", "未满16周岁标为普通劳动力或技能劳动力", "家庭成员", q08),
    Check("Q09", "残疾信息不一致", "家庭成员", q09),
    Check("Q10", "脱贫年度早于识别年度", "户信息", q10),
    Check("Q11", "死亡或迁出人员享受当年个人政策", "享受政策", q11),
    Check("Q12", "缺少当年收入数据", "户信息", q12),
    Check("Q13", "配偶多于一人", "户信息", q13),
    Check("Q14", "户主与配偶性别相同", "家庭成员", q14),
    Check("Q15", "联系电话不是11位手机号", "户信息", q15),
    Check("Q16", "务工信息矛盾", "家庭成员", q16),
)
CHECKS_BY_CODE = {check.code: check for check in CHECKS}


def scope_for(year: int, *, user: User | None = None, region: str | None = None) -> Scope:
    """Querysets limited to what ``user`` may see (None: the operator) and to ``region``."""

    def base(model: Any) -> QuerySet[Any]:
        queryset = model.objects.all() if user is None else model.objects.visible_to(user)
        return queryset.within(region) if region else queryset

    return Scope(base(Household), base(Member), base(Grant), base(Income), year)


def run_checks(scope: Scope, codes: Iterable[str] | None = None) -> list[QualityFinding]:
    findings = []
    for check in CHECKS:
        if codes is not None and check.code not in codes:
            continue
        for household_code, id_number, note in check.find(scope):
            findings.append(
                QualityFinding(
                    check.table,
                    None,
                    household_code,
                    id_number or "",
                    check.code,
                    f"{check.name}（{note}）" if note else check.name,
                )
            )
    findings.sort(key=QualityFinding.sort_key)
    return findings


CHECK_COLUMNS = ["表", "行号", "户编号", "证件号码", "规则代码", "说明"]


def finding_rows(findings: Iterable[QualityFinding]) -> Iterable[list[Any]]:
    for finding in findings:
        yield [
            finding.table,
            finding.row,
            finding.household_code,
            finding.id_number,
            finding.code,
            finding.note,
        ]
