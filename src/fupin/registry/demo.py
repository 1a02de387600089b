"""A realistic synthetic county over the real villages of a county (洮北区 by default).

At scale 1: about 7,000 registered households with about 12,700 people, a few thousand ordinary
households, 53 poor villages, five years of incomes around the poverty and monitoring lines,
grants, risk events, and a small rate of the data errors the quality checks look for (Q01–Q16).
The same seed gives the same county. The data is written through the import path, as an office's
CSV files would be, so the demo also exercises the import.

Names are generated from common surnames and given-name characters; no real person is described.
"""

from __future__ import annotations

import datetime as dt
import random
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fupin.core.errors import DomainError, Refusal
from fupin.core.idnumber import check_character
from fupin.core.importing.outcome import ImportOutcome
from fupin.regions.choices import Level
from fupin.regions.models import Region

from .importing import import_file
from .importing.sheets import EVENTS, GRANTS, HOUSEHOLDS, INCOMES, MEMBERS, VILLAGES
from .models import Household

REGISTERED_HOUSEHOLDS = 7_000
ORDINARY_HOUSEHOLDS = 2_500
POOR_VILLAGES = 53
INCOME_YEARS = range(2021, 2026)
# One household in 250 carries one planted data error, the kinds Q01–Q16 in turn, so that even a
# small demo shows the first kinds and a county-sized one shows them all.
ERROR_EVERY = 250

SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文"
GIVEN_MALE = "建国军明伟强磊洋勇杰涛斌超刚辉鹏飞宇浩峰志华庆海东林福春成德宝生全广永"
GIVEN_FEMALE = "秀兰淑芬桂英玉梅丽娟红霞凤琴云华春燕敏静慧婷玲芳艳萍荣翠珍佳欣雪"


@dataclass
class Person:
    name: str
    id_number: str
    birth: dt.date
    male: bool
    relation: str
    row: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class DemoReport:
    county: str
    households: int
    members: int
    outcome: ImportOutcome


class DemoError(DomainError):
    """The demo cannot be generated (unknown county, regions not loaded); in Chinese."""

    default_refusal = Refusal.INPUT


def build_demo(
    county_code: str = "220802", *, scale: float = 1.0, seed: int = 2020
) -> dict[str, list[list[Any]]]:
    """The demo county as template sheets (header row first)."""
    county = Region.objects.filter(code=county_code, level=Level.COUNTY).first()
    if county is None:
        raise DemoError(f"没有县级区划 {county_code}（先运行 fupin init 载入区划代码）")
    villages = list(
        Region.objects.filter(level=Level.VILLAGE)
        .within(county_code)
        .values_list("code", flat=True)
    )
    if not villages:
        raise DemoError(f"{county.name} 没有村级区划")
    return _Generator(county_code, villages, scale, random.Random(seed)).sheets()


def load_demo(
    county_code: str = "220802",
    *,
    scale: float = 1.0,
    seed: int = 2020,
    progress: Callable[[int, int, str], None] | None = None,
) -> DemoReport:
    """Generate the demo county and import it; refuses if the county already has households."""
    if Household.objects.within(county_code).exists():
        raise DemoError(f"区划 {county_code} 已有户信息，演示数据未重复生成")
    sheets = build_demo(county_code, scale=scale, seed=seed)
    with tempfile.TemporaryDirectory(prefix="fupin-demo-") as folder:
        from fupin.core.tables import write_csv_bundle

        path = Path(folder) / "demo"
        write_csv_bundle(path, {name: (rows[0], rows[1:]) for name, rows in sheets.items()})
        outcome = import_file(None, path, progress=progress)
    return DemoReport(
        county_code, len(sheets[HOUSEHOLDS.name]) - 1, len(sheets[MEMBERS.name]) - 1, outcome
    )


class _Generator:
    """One pass over the county: villages, then households with their members, incomes, grants
    and events. Every random draw comes from one seeded generator, in a fixed order."""

    def __init__(self, county: str, villages: list[str], scale: float, rng: random.Random) -> None:
        self.county = county
        self.villages = sorted(villages)
        self.scale = scale
        self.rng = rng
        self.used_ids: set[str] = set()
        self.rows: dict[str, list[list[Any]]] = {
            sheet.name: [[column.header for column in sheet.columns]]
            for sheet in (VILLAGES, HOUSEHOLDS, MEMBERS, INCOMES, GRANTS, EVENTS)
        }
        self.last_year = INCOME_YEARS[-1]
        self.as_of = dt.date(self.last_year, 12, 31)

    def sheets(self) -> dict[str, list[list[Any]]]:
        rng = self.rng
        poor = set(rng.sample(self.villages, min(POOR_VILLAGES, len(self.villages))))
        weights = [3.0 if village in poor else 1.0 for village in self.villages]
        counters = dict.fromkeys(self.villages, 0)
        registered = round(REGISTERED_HOUSEHOLDS * self.scale)
        ordinary = round(ORDINARY_HOUSEHOLDS * self.scale)
        chosen = rng.choices(self.villages, weights=weights, k=registered + ordinary)
        for index, village in enumerate(chosen):
            counters[village] += 1
            code = f"{village}{counters[village]:05d}"
            error = (index // ERROR_EVERY) % 16 + 1 if index % ERROR_EVERY == 0 else 0
            self._household(code, village, registered=index < registered, error=error)
        for village in self.villages:
            households = max(counters[village] * 3, rng.randint(250, 600))
            is_poor = village in poor
            self.rows[VILLAGES.name].append(
                [
                    village,
                    households,
                    round(households * rng.uniform(2.4, 2.9)),
                    "是" if is_poor else "否",
                    rng.choice([2017, 2018, 2019, 2019, 2020]) if is_poor else None,
                ]
            )
        return self.rows

    # --- households ---------------------------------------------------------------------------

    def _household(self, code: str, village: str, *, registered: bool, error: int) -> None:
        rng = self.rng
        people = self._people(
            rng.choices([1, 2, 3, 4, 5], weights=[45, 40, 9, 4, 2])[0]
            if registered
            else rng.choices([1, 2, 3, 4, 5], weights=[15, 35, 25, 15, 10])[0]
        )
        identified = (
            rng.choices([2014, 2015, 2016, 2017], weights=[70, 15, 10, 5])[0]
            if registered
            else None
        )
        exit_year = None
        if identified is not None and rng.random() > 0.03:
            exit_year = rng.choice([y for y in range(2016, 2021) if y >= identified])
        cause = (
            rng.choices(
                ["因病", "因残", "缺劳力", "缺技术", "缺资金", "因学", "因灾", "自身发展动力不足"],
                weights=[45, 20, 15, 8, 5, 3, 2, 2],
            )[0]
            if registered
            else ""
        )
        other = rng.choice(["", "", "缺技术", "缺资金"]) if registered else ""
        grade = rng.choices(["A级", "B级", "C级", "D级"], weights=[55, 42, 2, 1])[0]
        water = [rng.random() > 0.01 for _ in range(4)]
        household = {
            "code": code,
            "village": village,
            "head": people[0].id_number,
            "phone": "1"
            + rng.choice("35789")
            + "".join(rng.choice("0123456789") for _ in range(9)),
            "registered": registered,
            "identified": identified,
            "exit": exit_year,
            "attribute": rng.choices(
                ["一般贫困户", "低保贫困户", "特困供养贫困户"], weights=[60, 30, 10]
            )[0]
            if registered
            else "",
            "cause": cause,
            "other": other if other != cause else "",
            "grade": grade,
            "renovated": grade in ("C级", "D级") and rng.random() < 0.7,
            "water": water,
        }
        self._plant(error, household, people)
        self._write_household(household)
        for person in people:
            self._write_member(code, person)
        self._incomes(code, people, household, skip_last=error == 12)
        self._grants(code, people, household)
        self._events(code)

    def _people(self, size: int) -> list[Person]:
        rng = self.rng
        head_birth = self._birth(rng.randint(45, 82))
        head_male = rng.random() < 0.8
        people = [self._person("户主", head_birth, head_male)]
        if size >= 2:
            if rng.random() < 0.8 or head_birth.year < 1950:
                spouse_birth = self._birth(max(20, self._age(head_birth) + rng.randint(-5, 3)))
                people.append(self._person("配偶", spouse_birth, not head_male))
            else:
                people.append(
                    self._person("之母", self._birth(min(100, self._age(head_birth) + 25)), False)
                )
        for _ in range(size - len(people)):
            parent_age = self._age(head_birth)
            if parent_age > 55:
                relation, age = rng.choice(
                    [("之孙子", rng.randint(3, 17)), ("之孙女", rng.randint(3, 17))]
                )
            else:
                relation, age = rng.choice(
                    [
                        ("之子", rng.randint(1, max(1, parent_age - 22))),
                        ("之女", rng.randint(1, max(1, parent_age - 22))),
                    ]
                )
            people.append(self._person(relation, self._birth(age), relation in ("之子", "之孙子")))
        return people

    def _age(self, birth: dt.date) -> int:
        return self.as_of.year - birth.year

    def _birth(self, age: int) -> dt.date:
        year = self.as_of.year - age
        return dt.date(year, 1, 1) + dt.timedelta(days=self.rng.randint(0, 364))

    def _person(self, relation: str, birth: dt.date, male: bool) -> Person:
        rng = self.rng
        while True:
            first17 = f"{self.county}{birth:%Y%m%d}{rng.randint(0, 99):02d}{rng.choice('13579' if male else '02468')}"
            id_number = first17 + check_character(first17)
            if id_number not in self.used_ids:
                self.used_ids.add(id_number)
                break
        given = GIVEN_MALE if male else GIVEN_FEMALE
        name = rng.choice(SURNAMES) + "".join(
            rng.choice(given) for _ in range(rng.choice([1, 2, 2]))
        )
        person = Person(name, id_number, birth, male, relation)
        person.row = self._member_facts(person)
        return person

    def _member_facts(self, person: Person) -> dict[str, Any]:
        rng = self.rng
        age = self._age(person.birth)
        school = "非在校生"
        if 6 <= age <= 11:
            school = "小学"
        elif 12 <= age <= 14:
            school = "初中"
        elif 15 <= age <= 17:
            school = rng.choice(["高中", "中职", "高中"])
        elif 18 <= age <= 21 and rng.random() < 0.3:
            school = rng.choice(["高职", "大专", "本科及以上"])
        elif 3 <= age <= 5:
            school = "学前教育"
        if school in ("小学", "初中") and rng.random() < 0.01:
            school = "辍学"
        education = (
            "学龄前儿童"
            if age < 6
            else ("小学" if age < 12 else rng.choice(["小学", "初中", "初中", "高中"]))
        )
        if age > 70:
            education = rng.choice(["文盲或半文盲", "小学"])
        health = (
            rng.choices(
                [["健康"], ["长期慢性病"], ["患有大病"], ["残疾"], ["长期慢性病", "残疾"]],
                weights=[58, 25, 7, 8, 2],
            )[0]
            if age >= 16
            else ["健康"]
        )
        disabled = "残疾" in health
        if age < 16:
            labor = "无劳动力"
        elif age >= 75 or "患有大病" in health:
            labor = rng.choice(["丧失劳动力", "无劳动力"])
        elif age >= 60 or disabled:
            # Most rural people in their sixties still farm: a third count as 普通劳动力.
            labor = rng.choices(
                ["普通劳动力", "弱劳动力或半劳动力", "丧失劳动力"], weights=[35, 45, 20]
            )[0]
        else:
            labor = rng.choices(
                ["普通劳动力", "技能劳动力", "弱劳动力或半劳动力"], weights=[70, 15, 15]
            )[0]
        working = labor in ("普通劳动力", "技能劳动力") and rng.random() < 0.6
        employment = (
            rng.choice(["乡镇内务工", "乡镇外县内务工", "县外省内务工", "省外务工"])
            if working
            else ("未务工" if age >= 16 else "")
        )
        return {
            "sex": "男" if person.male else "女",
            "education": education,
            "school": school,
            "health": health,
            "disability_type": rng.choice(["肢体残疾", "视力残疾", "听力残疾", "智力残疾"])
            if disabled
            else "",
            "disability_grade": rng.choice(["一级", "二级", "三级", "四级"]) if disabled else "",
            "labor": labor,
            "employment": employment,
            "months": rng.randint(3, 12) if working else (0 if age >= 16 else None),
            "medical": rng.random() > 0.02,
            "pension": age >= 16 and rng.random() > 0.05,
            "doctor": rng.random() < 0.7,
            "status": "正常",
            "status_date": None,
        }

    # --- planted data errors (rules.md §8), about one household in 250 ------------------------

    def _plant(self, error: int, household: dict[str, Any], people: list[Person]) -> None:
        rng = self.rng
        head = people[0]
        if error == 1:  # Q01 wrong check character
            head.id_number = head.id_number[:17] + ("0" if head.id_number[17] != "0" else "1")
            household["head"] = head.id_number
        elif error == 2:  # Q02 a birth date that does not exist (with a correct check character)
            first17 = head.id_number[:10] + "1332" + head.id_number[14:17]
            head.id_number = first17 + check_character(first17)
            household["head"] = head.id_number
        elif error == 3:  # Q03 sex disagrees with the ID number
            head.row["sex"] = "女" if head.male else "男"
        elif error == 5:  # Q05 two heads
            if len(people) > 1:
                people[1].relation = "户主"
        elif error == 6:  # Q06 head ID not the head member's
            if len(people) > 1:
                household["head"] = people[1].id_number
        elif error == 7:  # Q07 age and schooling disagree
            head.row["school"] = "小学"
        elif error == 8:  # Q08 a child recorded as able to work
            youngest = min(people, key=lambda person: self._age(person.birth))
            if self._age(youngest.birth) < 16:
                youngest.row["labor"] = "普通劳动力"
        elif error == 9:  # Q09 disability without grade
            head.row["health"] = ["残疾"]
            head.row["disability_grade"] = ""
        elif error == 10 and household["registered"]:  # Q10 exit before identification
            household["identified"], household["exit"] = 2016, 2015
        elif error == 11:  # Q11 the head died last year but still gets a personal benefit
            head.row["status"], head.row["status_date"] = (
                "死亡",
                dt.date(self.last_year - 1, rng.randint(1, 12), 1),
            )
            household["grant_to_dead"] = head.id_number
        elif error == 13 and len(people) > 1:  # Q13 two spouses
            for person in people[1:]:
                person.relation = "配偶"
        elif error == 14 and len(people) > 1 and people[1].relation == "配偶":  # Q14 same sex
            people[1].id_number = people[1].id_number[:16] + ("1" if head.male else "2")
            people[1].id_number = people[1].id_number[:17] + check_character(
                people[1].id_number[:17]
            )
        elif error == 15:  # Q15 not a mobile number
            household["phone"] = "0436-1234567"
        elif error == 16:  # Q16 working although unable to work
            head.row["labor"], head.row["employment"], head.row["months"] = (
                "丧失劳动力",
                "省外务工",
                6,
            )
        elif error == 4 and self.rows[MEMBERS.name][1:]:
            # Q04: the previous household's last member, active here too.
            household["borrowed"] = self.rows[MEMBERS.name][-1][2]

    # --- sheet rows -----------------------------------------------------------------------------

    def _write_household(self, h: dict[str, Any]) -> None:
        yes = {True: "是", False: "否"}
        water = h["water"]
        self.rows[HOUSEHOLDS.name].append(
            [
                h["code"],
                h["village"],
                h["head"],
                h["phone"],
                yes[h["registered"]],
                h["identified"],
                h["exit"],
                h["attribute"],
                h["cause"],
                h["other"],
                "是",
                "是",
                h["grade"],
                yes[h["renovated"]],
                "否",
                yes[water[0]],
                yes[water[1]],
                yes[water[2]],
                yes[water[3]],
            ]
        )
        if borrowed := h.get("borrowed"):
            self.rows[MEMBERS.name].append(
                [
                    h["code"],
                    "借用成员",
                    borrowed,
                    "其他",
                    "",
                    "汉族",
                    "初中",
                    "非在校生",
                    "健康",
                    "",
                    "",
                    "普通劳动力",
                    "未务工",
                    0,
                    "是",
                    "否",
                    "是",
                    "否",
                    "正常",
                    None,
                ]
            )
        if dead := h.get("grant_to_dead"):
            self.rows[GRANTS.name].append([h["code"], dead, "YLJ", self.last_year, "1560.00"])

    def _write_member(self, code: str, person: Person) -> None:
        yes = {True: "是", False: "否", None: ""}
        row = person.row
        self.rows[MEMBERS.name].append(
            [
                code,
                person.name,
                person.id_number,
                person.relation,
                row["sex"],
                "汉族",
                row["education"],
                row["school"],
                "、".join(row["health"]),
                row["disability_type"],
                row["disability_grade"],
                row["labor"],
                row["employment"],
                row["months"],
                yes[row["medical"]],
                "否",
                yes[row["pension"]],
                yes[row["doctor"]],
                row["status"],
                row["status_date"],
            ]
        )

    def _incomes(
        self, code: str, people: list[Person], household: dict[str, Any], *, skip_last: bool
    ) -> None:
        rng = self.rng
        size = len(people)
        # Per-capita net income drawn around the monitoring line: most households well above,
        # some near it, a few below the poverty line.
        level = (
            rng.lognormvariate(9.25, 0.35)
            if household["registered"]
            else rng.lognormvariate(9.6, 0.4)
        )
        for year in INCOME_YEARS:
            if skip_last and year == self.last_year:
                continue
            growth = 1 + 0.05 * (year - INCOME_YEARS[0]) + rng.uniform(-0.08, 0.08)
            if rng.random() < 0.02:
                growth *= 0.5  # a bad year (income-drop alerts)
            net = level * growth * size
            wage = net * rng.uniform(0.3, 0.7)
            transfer = net * rng.uniform(0.1, 0.3)
            expense = net * rng.uniform(0.05, 0.15)
            business = net - wage - transfer + expense
            self.rows[INCOMES.name].append(
                [
                    code,
                    year,
                    f"{wage:.2f}",
                    f"{max(business, 0):.2f}",
                    "0.00",
                    f"{transfer:.2f}",
                    f"{expense:.2f}",
                ]
            )

    def _grants(self, code: str, people: list[Person], household: dict[str, Any]) -> None:
        rng = self.rng
        year = self.last_year
        rows = self.rows[GRANTS.name]
        if household["attribute"] == "低保贫困户" and rng.random() < 0.95:
            rows.append([code, "", "DB", year, f"{rng.randint(2400, 4800)}.00"])
        if household["attribute"] == "特困供养贫困户" and rng.random() < 0.95:
            rows.append([code, "", "TK", year, f"{rng.randint(5000, 8000)}.00"])
        labour = any(
            person.row["status"] == "正常" and person.row["labor"] in ("普通劳动力", "技能劳动力")
            for person in people
        )
        covered = household["attribute"] in ("低保贫困户", "特困供养贫困户")
        if not labour and not covered and rng.random() < 0.85:
            # 兜底保障: most households without labour capacity receive 低保; the rest are what M10
            # is for.
            rows.append([code, "", "DB", year, f"{rng.randint(2400, 4800)}.00"])
        for person in people:
            if person.row["status"] != "正常":
                continue
            age = self._age(person.birth)
            if age >= 60 and rng.random() < 0.97:
                rows.append([code, person.id_number, "YLJ", year, "1560.00"])
            if age >= 80 and rng.random() < 0.9:
                rows.append([code, person.id_number, "GLBT", year, "600.00"])
            if person.row["disability_grade"] in ("一级", "二级") and rng.random() < 0.9:
                rows.append([code, person.id_number, "CJHL", year, "1200.00"])

    def _events(self, code: str) -> None:
        rng = self.rng
        if rng.random() < 0.05:
            day = dt.date(self.last_year, 1, 1) + dt.timedelta(days=rng.randint(0, 364))
            self.rows[EVENTS.name].append(
                [code, "医疗支出", day.isoformat(), f"{rng.randint(2000, 30000)}.00", "住院自付"]
            )
        if rng.random() < 0.01:
            day = dt.date(self.last_year, rng.randint(6, 9), rng.randint(1, 28))
            self.rows[EVENTS.name].append(
                [code, "自然灾害", day.isoformat(), f"{rng.randint(1000, 20000)}.00", "洪涝"]
            )
        if rng.random() < 0.01:
            day = dt.date(self.last_year, rng.randint(1, 12), rng.randint(1, 28))
            self.rows[EVENTS.name].append([code, "务工失业", day.isoformat(), None, "返乡"])
