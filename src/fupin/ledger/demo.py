"""The demo county's problem ledger: a few hundred problems over its villages, from every kind of
source, taken through the services to every state, and two 整改专项行动.

The offices act as they would: the county registers, sets the measure, verifies and closes; a
township office (or, in the townships without a demo account, the county) records the
rectification, with a photo. The services stamp every step with the current time; a demo ledger
all written today would show no history and nothing overdue, so afterwards each problem's dates
are moved back into the last months in one bulk update (registration, steps and deadlines keep
their order), some deadlines into the past. Reproducible by seed.
"""

from __future__ import annotations

import datetime as dt
import io
import random
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from PIL import Image

from fupin.accounts.demo import DemoOffices
from fupin.core.bulk import analyze, update_rows
from fupin.core.scope import within
from fupin.grid.choices import Level as GridLevel
from fupin.grid.models import Assignment, Cadre
from fupin.regions.choices import Level
from fupin.regions.models import Region
from fupin.visits.models import Visit

from . import services
from .attachments import Upload
from .campaigns import create_campaign
from .choices import EvidenceKind, ProblemClass, ProblemState, Severity, Source
from .models import Problem, ProblemStep

C = ProblemClass
S = ProblemState
PROBLEMS = 200
LOOKBACK_DAYS = 150

# What is found and what is done about it, by class: (问题描述, 整改措施).
FINDINGS: dict[str, list[tuple[str, str]]] = {
    C.WATER: [
        ("入户自来水管道冬季冻裂，户内停水", "更换入户管道并加装保温层"),
        ("水窖水质检测大肠菌群超标", "清洗消毒水窖，接通集中供水管网"),
        ("集中供水点季节性断水，群众取水困难", "增设备用水源，配置储水罐"),
    ],
    C.HOUSING: [
        ("屋面漏雨，西屋墙体出现裂缝", "维修屋面防水层并加固墙体"),
        ("危房改造完工后未通过竣工验收", "按标准整改后重新组织验收"),
        ("房屋鉴定为C级但未纳入改造计划", "重新鉴定并纳入年度危房改造计划"),
    ],
    C.SCHOOLING: [
        ("适龄儿童辍学在家，未返校就读", "乡村干部和教师入户劝返，落实控辍保学"),
        ("在校学生未享受教育资助", "核实学籍后补发资助资金"),
    ],
    C.MEDICAL: [
        ("家庭成员未参加城乡居民医保", "动员参保并落实个人缴费资助"),
        ("慢性病患者未办理门诊慢特病待遇", "协助办理门诊慢特病待遇认定"),
        ("住院费用未按规定享受医疗救助", "补办医疗救助，报销自付费用"),
    ],
    C.INCOME: [
        ("务工收入下降未及时纳入监测", "入户核查收入，符合条件的纳入监测并落实帮扶"),
        ("有劳动能力的家庭成员未实现就业", "推荐公益性岗位并安排就业技能培训"),
        ("产业帮扶项目分红未按时发放", "督促合作社按协议发放分红"),
    ],
    C.POLICY: [
        ("低保对象遭遇意外未享受临时救助", "核实情况并按程序申请临时救助"),
        ("残疾人两项补贴未按时发放", "核对名单后补发补贴"),
    ],
    C.DATA_QUALITY: [
        ("家庭成员身份证号码与公安信息不一致", "核对户口簿后更正系统信息"),
        ("户年人均纯收入计算有误", "重新核算收入并更新系统数据"),
        ("已故人员未及时办理减员", "核实死亡证明后办理减员"),
    ],
    C.FUNDS: [
        ("扶贫项目资金拨付滞后于工程进度", "按进度拨付资金并在村务公开栏公示"),
        ("扶贫项目资产未登记确权", "完成资产登记和确权移交"),
    ],
    C.CONDUCT: [
        ("帮扶责任人长期未入户走访", "约谈帮扶责任人，限期完成走访"),
        ("村级公示栏帮扶信息未及时更新", "按要求更新公示内容"),
    ],
    C.OTHER: [("村内道路路灯损坏，影响群众夜间出行", "协调供电所维修路灯")],
}
# Where a problem of each class is usually found.
SOURCES: dict[str, list[str]] = {
    C.DATA_QUALITY: [Source.DATA_CHECK, Source.DATA_CHECK, Source.DEPARTMENT_COMPARISON],
    C.FUNDS: [Source.AUDIT, Source.AUDIT, Source.INSPECTION_TOUR],
    C.CONDUCT: [Source.SUPERVISION, Source.COMPLAINT],
    C.MEDICAL: [Source.VISIT, Source.VISIT, Source.DEPARTMENT_COMPARISON, Source.SUPERVISION],
}
COMMON_SOURCES = [Source.VISIT, Source.SUPERVISION, Source.COMPLAINT, Source.SELF_CHECK]
CLASS_WEIGHTS = {
    C.HOUSING: 5,
    C.WATER: 4,
    C.MEDICAL: 4,
    C.INCOME: 4,
    C.DATA_QUALITY: 4,
    C.SCHOOLING: 2,
    C.POLICY: 3,
    C.FUNDS: 2,
    C.CONDUCT: 2,
    C.OTHER: 1,
}
# Where the problems stand at the end, by share.
STATES = {S.REGISTERED: 2, S.RECTIFYING: 6, S.RECTIFIED: 3, S.VERIFIED: 2, S.CLOSED: 7}


@dataclass
class LedgerDemoReport:
    problems: int = 0
    by_state: Counter[str] = field(default_factory=Counter)
    overdue: int = 0
    campaigns: list[str] = field(default_factory=list)


def _photo_bytes() -> bytes:
    picture = io.BytesIO()
    Image.new("RGB", (16, 12), (150, 140, 120)).save(picture, "JPEG", quality=60)
    return picture.getvalue()


def build_demo_ledger(county_code: str, *, seed: int) -> LedgerDemoReport:
    """Write the demo ledger of the county (its demo accounts and grid must exist)."""
    rng = random.Random(seed)
    county = Region.objects.get(code=county_code)
    townships = list(Region.objects.children_of(county_code).order_by("code"))
    villages = list(Region.objects.within(county_code).filter(level=Level.VILLAGE).order_by("code"))
    offices = DemoOffices.of(county_code)
    # A village's problems are answered for by its 包村 leader or a 包片 village cadre.
    cadres: dict[str, list[Cadre | None]] = defaultdict(list)
    leaders = (
        Assignment.objects.within(county_code)
        .active_on(timezone.localdate())
        .filter(level__in=[GridLevel.VILLAGE, GridLevel.AREA])
        .select_related("cadre")
        .order_by("pk")
    )
    for assignment in leaders:
        cadres[assignment.village_id].append(assignment.cadre)
    medical_visits = list(
        Visit.objects.filter(within("household__village_id", county_code))
        .exclude(findings="")
        .select_related("household")
        .order_by("pk")[:40]
    )
    walker = _Walker(rng, offices, _photo_bytes(), timezone.localdate())
    report = LedgerDemoReport()
    with transaction.atomic():
        # The first village clears its housing problems, and everything else it had.
        first_village = villages[0]
        for category in (C.HOUSING, C.HOUSING, C.WATER):
            walker.walk(first_village, category, Source.SUPERVISION, S.CLOSED, cadres, None)
        classes, weights = list(CLASS_WEIGHTS), list(CLASS_WEIGHTS.values())
        states, state_weights = list(STATES), list(STATES.values())
        for _ in range(PROBLEMS - 3):
            category = rng.choices(classes, weights)[0]
            source = rng.choice(SOURCES.get(category, COMMON_SOURCES))
            visit = None
            if source == Source.VISIT and category == C.MEDICAL and medical_visits:
                visit = medical_visits.pop()
                region = next(v for v in villages if v.code == visit.household.village_id)
            elif rng.random() < 0.06:
                region = rng.choice(townships)  # a township's own problem
            else:
                region = rng.choice(villages[1:])
            state = rng.choices(states, state_weights)[0]
            walker.walk(region, category, source, state, cadres, visit)
        walker.reopen_one(besides=first_village.code)
        _backdate(rng, walker.walked, walker.today)
    report.problems = len(walker.walked) + 1
    found = Problem.objects.within(county_code)
    report.by_state = Counter(found.values_list("state", flat=True))
    report.overdue = found.overdue(walker.today).count()
    report.campaigns = _campaigns(offices, county, townships[0], walker.today)
    analyze([Problem, ProblemStep])
    return report


class _Walker:
    """Takes one problem at a time through the services to the state asked for."""

    def __init__(
        self, rng: random.Random, offices: DemoOffices, photo: bytes, today: dt.date
    ) -> None:
        self.rng = rng
        self.offices = offices
        self.photo = photo
        self.today = today
        self.walked: list[Problem] = []

    def walk(
        self,
        region: Region,
        category: str,
        source: str,
        state: str,
        cadres: dict[str, list[Cadre | None]],
        visit: Visit | None,
    ) -> Problem:
        description, measure = self.rng.choice(FINDINGS[category])
        if visit is not None:
            description = f"走访发现：{visit.findings}"
        owners = cadres.get(region.code) or [None]
        county = self.offices.county
        problem = services.register(
            county,
            region,
            category=category,
            source=source,
            description=description,
            severity=self.rng.choices(Severity.values, [8, 3, 1])[0],
            links=services.Links(visit=visit),
            responsible_unit=f"{region.name}{'村民委员会' if len(region.code) == 12 else '人民政府'}",
            responsible_cadre=self.rng.choice(owners),
        )
        deadline = self.today + dt.timedelta(days=self.rng.randint(15, 90))
        steps: list[tuple[str, Callable[[], object]]] = [
            (
                S.REGISTERED,
                lambda: services.set_measure(county, problem, measure=measure, deadline=deadline),
            ),
            (
                S.RECTIFYING,
                lambda: services.record_rectification(
                    self.offices.doer(region.code),
                    problem,
                    done=f"已{measure}，经回访群众满意",
                    uploads=[
                        Upload(EvidenceKind.PHOTO, SimpleUploadedFile("整改后.jpg", self.photo))
                    ],
                ),
            ),
            (
                S.RECTIFIED,
                lambda: services.verify(
                    self.offices.checker(region.code), problem, finding="入户核实，整改到位"
                ),
            ),
            (
                S.VERIFIED,
                lambda: services.close(
                    self.offices.checker(region.code), problem, opinion="整改到位，同意销号"
                ),
            ),
        ]
        for before, take in steps:
            if problem.state == state:
                break
            assert problem.state == before
            take()
            problem.refresh_from_db(fields=["state", "deadline"])
        self.walked.append(problem)
        return problem

    def reopen_one(self, *, besides: str) -> Problem:
        """A closed problem of a village (not ``besides``) came back (重新整改)."""
        closed = next(
            p
            for p in self.walked
            if p.state == S.CLOSED and len(p.region_id) == 12 and p.region_id != besides
        )
        return services.reopen(
            self.offices.county,
            closed,
            reason="回访发现问题反弹，重新整改",
            measure="重新制定整改措施，专人跟踪落实",
            deadline=self.today + dt.timedelta(days=30),
        )


def _backdate(rng: random.Random, problems: list[Problem], today: dt.date) -> None:
    """Move each problem's registration, steps and deadline back by the same number of days, so
    the ledger looks like months of work; half of those still in rectification end up overdue."""
    by_problem: dict[int, list[ProblemStep]] = defaultdict(list)
    for step in ProblemStep.objects.filter(problem__in=problems).order_by("pk"):
        by_problem[step.problem_id].append(step)
    moved_problems, moved_steps = [], []
    for problem in Problem.objects.filter(pk__in=[p.pk for p in problems]).order_by("pk"):
        back = dt.timedelta(days=rng.randint(10, LOOKBACK_DAYS))
        if problem.state == S.RECTIFYING and rng.random() < 0.5 and problem.deadline:
            # Overdue: the deadline passed while the problem stayed in rectification.
            back = max(back, problem.deadline - today + dt.timedelta(days=rng.randint(3, 40)))
        problem.registered_at -= back
        problem.found_on = timezone.localdate(problem.registered_at)
        if problem.deadline is not None:
            problem.deadline -= back
        moved_problems.append(problem)
        steps = by_problem[problem.pk]
        # Steps a few days apart, in their order, the last one no later than today.
        spacing = min(dt.timedelta(days=6), back / (len(steps) + 1))
        for index, step in enumerate(steps):
            step.at = problem.registered_at + spacing * index
            for name in ("deadline_before", "deadline_after"):
                if getattr(step, name) is not None:
                    setattr(step, name, getattr(step, name) - back)
            moved_steps.append(step)
        if problem.closed_at is not None:
            problem.closed_at = steps[-1].at
    update_rows(Problem, ["registered_at", "found_on", "deadline", "closed_at"], moved_problems)
    update_rows(ProblemStep, ["at", "deadline_before", "deadline_after"], moved_steps)
    # A reopening keeps the day its original was found.
    found_on = {problem.pk: problem.found_on for problem in moved_problems}
    reopenings = list(Problem.objects.filter(reopened_from__in=moved_problems))
    for again in reopenings:
        again.found_on = found_on[again.reopened_from_id]
    update_rows(Problem, ["found_on"], reopenings)


def _campaigns(offices: DemoOffices, county: Region, township: Region, today: dt.date) -> list[str]:
    year_end = dt.date(today.year, 12, 31)
    housing = create_campaign(
        offices.county,
        name=f"{today.year}年住房安全问题清零行动",
        region=county,
        started_on=today - dt.timedelta(days=LOOKBACK_DAYS),
        ended_on=year_end,
        categories=[C.HOUSING],
        sources=[],
        note="全县住房安全问题年底前全部整改销号，逐户核验、逐村清零。",
    )
    quality = create_campaign(
        offices.townships.get(township.code, offices.county),
        name=f"{township.name}数据质量问题整改",
        region=township,
        started_on=today - dt.timedelta(days=90),
        ended_on=today + dt.timedelta(days=28),
        categories=[C.DATA_QUALITY],
        sources=[Source.DATA_CHECK, Source.DEPARTMENT_COMPARISON],
        note="对数据质量检查和部门比对发现的问题逐条核实更正。",
    )
    return [housing.name, quality.name]
