"""The demo county's projects and funds: the funds of two years from every kind of source, some
forty projects over its villages (several 光伏 stations among them) taken through the library's
procedure by the offices that take each step, funds allocated and spent on the library's projects
within their balances, and the households and villages that benefit. Each accepted or evaluated
光伏 station becomes an operating asset of its village with last year's income, shared out by a
dividend plan that one office draws, another approves, and that is paid to its households.

Everything is written through the services, as an office would. The services stamp each step
with the current time; afterwards each project's declaration and steps are moved back to the
weeks its dates say, in one bulk update. Reproducible by seed.
"""

from __future__ import annotations

import datetime as dt
import io
import random
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from PIL import Image

from fupin.accounts.demo import DemoOffices
from fupin.accounts.models import User
from fupin.core.bulk import update_rows
from fupin.regions.choices import Level
from fupin.regions.models import Region
from fupin.registry.models import Household

from . import assets, dividends, funds, services
from .choices import (
    PHOTOVOLTAIC,
    AssetClass,
    BenefitWay,
    DividendRule,
    FundSource,
    ProjectKind,
    ProjectState,
)
from .models import Allocation, Fund, Project, ProjectStep

S = ProjectState
PROJECTS = 40
PHOTOVOLTAIC_STATIONS = 6

# (资金来源, 资金名称, 到位金额 in 10,000 yuan) of each year.
FUNDS: list[tuple[str, str, int]] = [
    (FundSource.CENTRAL, "中央财政衔接推进乡村振兴补助资金", 4860),
    (FundSource.PROVINCIAL, "省级财政衔接推进乡村振兴补助资金", 1200),
    (FundSource.COUNTY, "县级财政衔接推进乡村振兴资金", 600),
    (FundSource.EAST_WEST, "东西部协作帮扶资金", 300),
    (FundSource.PAIRED, "中央单位定点帮扶资金", 80),
    (FundSource.SOCIAL, "社会帮扶捐赠资金", 50),
]

# Kinds of project besides the 光伏 stations: (kind, subkind, name, content, budget in yuan,
# output target, benefit target, how its beneficiaries benefit).
KINDS: list[tuple[str, str, str, str, int, str, str, str]] = [
    (
        ProjectKind.INDUSTRY,
        "种养殖",
        "肉牛养殖小区",
        "新建标准化牛舍 800 平方米、青贮窖 1 座",
        560_000,
        "牛舍 800 平方米，存栏肉牛 120 头",
        "村集体年增收 5 万元，带动 30 户务工",
        BenefitWay.EMPLOYMENT,
    ),
    (
        ProjectKind.INDUSTRY,
        "加工",
        "杂粮加工车间",
        "建设杂粮加工车间 600 平方米，购置加工设备 1 套",
        850_000,
        "年加工杂粮 2,000 吨",
        "村集体年租金收入 6 万元",
        BenefitWay.DIVIDEND,
    ),
    (
        ProjectKind.INFRASTRUCTURE,
        "道路",
        "通组道路硬化",
        "硬化通组道路 3.2 公里，宽 4.5 米",
        1_280_000,
        "硬化道路 3.2 公里",
        "解决 260 户群众出行难",
        BenefitWay.SERVICE,
    ),
    (
        ProjectKind.INFRASTRUCTURE,
        "饮水",
        "农村饮水安全巩固提升",
        "新打机电井 1 眼，铺设管网 6 公里",
        640_000,
        "机电井 1 眼、管网 6 公里",
        "巩固提升 310 户饮水安全",
        BenefitWay.SERVICE,
    ),
    (
        ProjectKind.EMPLOYMENT,
        "公益岗",
        "乡村公益性岗位",
        "设置护林、保洁公益性岗位 20 个",
        240_000,
        "公益岗位 20 个",
        "20 名脱贫劳动力月增收 1,000 元",
        BenefitWay.EMPLOYMENT,
    ),
    (
        ProjectKind.EDUCATION,
        "雨露计划",
        "雨露计划职业教育补助",
        "补助脱贫家庭中高职在校生",
        150_000,
        "补助学生 50 人",
        "每生每年 3,000 元",
        BenefitWay.DIRECT,
    ),
    (
        ProjectKind.HOUSEHOLD,
        "到户产业",
        "到户产业奖补",
        "对发展庭院经济的脱贫户、监测户给予奖补",
        300_000,
        "奖补 100 户",
        "户均增收 2,000 元",
        BenefitWay.DIRECT,
    ),
]

# How far each project goes this year, in weights; last year's are all evaluated.
STATES: dict[str, int] = {
    S.DECLARED: 3,
    S.APPRAISED: 2,
    S.APPROVED: 2,
    S.IN_LIBRARY: 3,
    S.IMPLEMENTING: 6,
    S.ACCEPTED: 4,
    S.EVALUATED: 3,
    S.REJECTED: 1,
}
ORDER: list[str] = [
    S.DECLARED,
    S.APPRAISED,
    S.APPROVED,
    S.IN_LIBRARY,
    S.IMPLEMENTING,
    S.ACCEPTED,
    S.EVALUATED,
]


@dataclass
class ProjectsDemoReport:
    funds: int = 0
    received: Decimal = Decimal("0")
    allocated: Decimal = Decimal("0")
    spent: Decimal = Decimal("0")
    photovoltaic: int = 0
    beneficiaries: int = 0
    assets: int = 0
    dividends: Decimal = Decimal("0")
    dividend_households: int = 0
    by_state: Counter[str] = field(default_factory=Counter)


def _photo() -> SimpleUploadedFile:
    picture = io.BytesIO()
    Image.new("RGB", (16, 12), (90, 120, 160)).save(picture, "JPEG", quality=60)
    return SimpleUploadedFile("验收现场.jpg", picture.getvalue(), content_type="image/jpeg")


def build_demo_projects(county_code: str, *, seed: int) -> ProjectsDemoReport:
    """Write the demo county's funds and projects (its demo accounts and registry must exist)."""
    rng = random.Random(seed)
    today = timezone.localdate()
    county = Region.objects.get(code=county_code)
    villages = list(Region.objects.within(county_code).filter(level=Level.VILLAGE).order_by("code"))
    offices = DemoOffices.of(county_code)
    report = ProjectsDemoReport()
    with transaction.atomic():
        made: list[int] = []
        by_year = {
            year: _funds(offices.county, county, year, report)
            for year in (today.year - 1, today.year)
        }
        for index in range(PROJECTS):
            year = today.year - 1 if index % 4 == 0 else today.year
            village = rng.choice(villages)
            target = (
                S.EVALUATED
                if year < today.year
                else rng.choices(list(STATES), list(STATES.values()))[0]
            )
            project = _declare(offices, rng, village, year, index, report)
            money = _Money(offices.county, rng, by_year[year], report)
            _walk(offices, project, target, today, money)
            _beneficiaries(offices.county, rng, project, report)
            report.by_state[project.state] += 1
            made.append(project.pk)
        _backdate(rng, made)
        for project in Project.objects.filter(
            pk__in=made, subkind=PHOTOVOLTAIC, state__in=assets.FINISHED
        ).order_by("pk"):
            _dividends(offices, rng, project, today, report)
    return report


def _funds(actor: User, county: Region, year: int, report: ProjectsDemoReport) -> list[Fund]:
    made = []
    for number, (source, name, ten_thousands) in enumerate(FUNDS, start=1):
        made.append(
            funds.receive(
                actor,
                region=county,
                source=source,
                year=year,
                document_number=f"白财农〔{year}〕{number * 7}号",
                name=f"{year}年{name}",
                amount=Decimal(ten_thousands * 10_000),
                received_on=dt.date(year, 2 + number, 10),
            )
        )
        report.funds += 1
        report.received += Decimal(ten_thousands * 10_000)
    return made


def _declare(
    offices: DemoOffices,
    rng: random.Random,
    village: Region,
    year: int,
    index: int,
    report: ProjectsDemoReport,
) -> Project:
    short = village.name
    for suffix in ("村民委员会", "村委会", "居民委员会", "居委会", "村"):
        short = short.removesuffix(suffix)
    start = dt.date(year, 4, 1) + dt.timedelta(days=rng.randint(0, 60))
    if index < PHOTOVOLTAIC_STATIONS:
        kw = rng.choice((100, 150, 200, 300))
        report.photovoltaic += 1
        declaration = services.Declaration(
            region=village,
            name=f"{short}村 {kw} 千瓦村级光伏电站",
            year=year,
            kind=ProjectKind.INDUSTRY,
            subkind=PHOTOVOLTAIC,
            capacity_kw=Decimal(kw),
            content=f"在村委会及闲置屋顶建设 {kw} 千瓦光伏电站，全额上网",
            implementing_unit="洮北区乡村振兴局",
            budget=Decimal(kw * 4_000),
            planned_start=start,
            planned_end=start + dt.timedelta(days=120),
            output_target=f"建成 {kw} 千瓦光伏电站 1 座，年发电 {kw * 1_300:,} 千瓦时",
            benefit_target=f"年发电收益约 {kw * 500:,} 元，用于公益岗位和脱贫户、监测户分红",
        )
    else:
        kind, subkind, name, content, budget, output, benefit, _way = rng.choice(KINDS)
        declaration = services.Declaration(
            region=village,
            name=f"{short}村{name}",
            year=year,
            kind=kind,
            subkind=subkind,
            content=content,
            implementing_unit=f"{village.parent.name if village.parent else ''}人民政府",
            budget=Decimal(round(budget * rng.uniform(0.7, 1.3), -3)),
            planned_start=start,
            planned_end=start + dt.timedelta(days=150),
            output_target=output,
            benefit_target=benefit,
        )
    return services.declare(offices.county, declaration)


def _walk(
    offices: DemoOffices, project: Project, target: str, today: dt.date, money: _Money
) -> None:
    """Through the library to ``target``: funds allocated on entering it, part of them paid once
    the works start, the rest on acceptance."""
    county = offices.county
    if target == S.REJECTED:
        services.reject(county, project, reason="项目选址与村庄规划不符，建议调整后重新申报")
        return
    for state in ORDER[1 : ORDER.index(target) + 1]:
        if state == S.APPRAISED:
            services.appraise(county, project, opinion="经发改、财政、农业农村等部门论证，项目可行")
        elif state == S.APPROVED:
            services.approve(county, project, opinion="经县乡村振兴领导小组审定，同意实施")
        elif state == S.IN_LIBRARY:
            services.enter(county, project, note="纳入项目库")
            money.allocate(project)
        elif state == S.IMPLEMENTING:
            started = min(project.planned_start, today - dt.timedelta(days=30))
            services.start(offices.doer(project.region_id), project, started_on=started)
            money.pay(project, share=Decimal(money.rng.choice((30, 50, 70))) / 100)
        elif state == S.ACCEPTED:
            finished = min(project.planned_end, today - dt.timedelta(days=5))
            services.accept(
                offices.checker(project.region_id),
                project,
                finished_on=max(finished, project.actual_start or finished),
                finding="经现场验收，工程质量合格，资料齐全",
                files=[_photo()],
            )
        elif state == S.EVALUATED:
            services.evaluate(
                county,
                project,
                output_result="按计划完成建设任务",
                benefit_result=f"{project.benefit_target}，已实现",
            )


@dataclass
class _Money:
    """The year's funds, paying for one project as it goes through the library."""

    actor: User
    rng: random.Random
    year_funds: list[Fund]
    report: ProjectsDemoReport
    line: Allocation | None = None

    def allocate(self, project: Project) -> None:
        """The project's budget from one of the year's funds with room for it (if any has)."""
        fits = [f for f in self.year_funds if f.amount - funds.allocated(f) >= project.budget]
        if not fits:
            return
        fund = self.rng.choice(fits)
        self.line = funds.allocate(
            self.actor,
            fund=fund,
            project=project,
            amount=project.budget,
            allocated_on=project.planned_start,
            document_number=f"{fund.document_number[:-1]}-{project.pk}号",
        )
        self.report.allocated += project.budget

    def pay(self, project: Project, *, share: Decimal) -> None:
        """Pay up to ``share`` of the fund line in all (the rest of it once the works pass)."""
        if self.line is None:
            return
        owed = (self.line.amount * share).quantize(Decimal("0.01")) - funds.spent(self.line)
        if owed <= 0:
            return
        funds.spend(
            self.actor,
            allocation=self.line,
            amount=owed,
            paid_on=project.actual_end or project.actual_start or project.planned_start,
            payee=project.implementing_unit,
            purpose="工程款",
            voucher_number=f"记-{project.pk:04d}",
        )
        self.report.spent += owed


def _beneficiaries(
    actor: User, rng: random.Random, project: Project, report: ProjectsDemoReport
) -> None:
    """The village itself, and for a 光伏 station or a household scheme some of its registered
    households."""
    funds.add_beneficiary(
        actor, project, village=project.region, way=BenefitWay.SERVICE, note="村集体"
    )
    report.beneficiaries += 1
    if project.subkind not in (PHOTOVOLTAIC, "到户产业"):
        return
    homes = list(
        Household.objects.filter(
            village_id=project.region_id, is_registered=True, closed_on=None
        ).order_by("code")[:200]
    )
    way = BenefitWay.DIVIDEND if project.subkind == PHOTOVOLTAIC else BenefitWay.DIRECT
    for home in rng.sample(homes, min(len(homes), rng.randint(30, 60))):
        funds.add_beneficiary(actor, project, household=home, way=way)
        report.beneficiaries += 1


def _dividends(
    offices: DemoOffices,
    rng: random.Random,
    project: Project,
    today: dt.date,
    report: ProjectsDemoReport,
) -> None:
    """The station as its village's operating asset, last year's income (some 900 yuan a
    kilowatt), and a plan for it: a fifth kept by the village, a tenth for public-welfare posts,
    the rest to the dividend households by person or equally; drawn by the township office,
    approved by the county's (or the county's drawn and the system administrator approving),
    and paid."""
    actor, approver = offices.doer(project.region_id), offices.checker(project.region_id)
    kilowatts = project.capacity_kw or Decimal("100")
    asset = assets.register_asset(
        offices.county,
        project,
        name=project.name,
        asset_class=AssetClass.OPERATING,
        value=project.budget,
        keeper=f"{project.region.name}村民委员会",
        owner_village=project.region,
        description=f"装机 {kilowatts} 千瓦，并网发电，收益归村集体所有",
    )
    report.assets += 1
    year = today.year - 1
    earned = (kilowatts * rng.randint(850, 950)).quantize(Decimal("1"))
    assets.record_income(offices.county, asset, year=year, amount=earned, note="并网发电收益")
    if not dividends.beneficiary_households(asset):
        return
    plan = dividends.draw_plan(
        actor,
        asset,
        year=year,
        amount=earned,
        village_part=(earned * Decimal("0.2")).quantize(Decimal("0.01")),
        posts_part=(earned * Decimal("0.1")).quantize(Decimal("0.01")),
        rule=DividendRule.BY_PERSON if project.pk % 2 else DividendRule.EQUAL,
        note=f"{year}年光伏收益分配",
    )
    dividends.approve_plan(approver, plan)
    dividends.pay_plan(offices.county, plan, paid_on=today)
    report.dividends += plan.households_part
    report.dividend_households += plan.payments.count()


def _backdate(rng: random.Random, project_ids: list[int]) -> None:
    """Each project declared a few weeks before its planned start, its steps a week or so apart."""
    moved_projects, moved_steps = [], []
    for project in (
        Project.objects.filter(pk__in=project_ids).order_by("pk").prefetch_related("steps")
    ):
        declared = timezone.make_aware(
            dt.datetime.combine(project.planned_start, dt.time(9))
            - dt.timedelta(days=rng.randint(40, 70))
        )
        project.declared_at = declared
        moved_projects.append(project)
        for number, step in enumerate(project.steps.all()):
            if step.step == "start" and project.actual_start:
                step.at = timezone.make_aware(
                    dt.datetime.combine(project.actual_start, dt.time(10))
                )
            elif step.step in ("accept", "evaluate") and project.actual_end:
                step.at = timezone.make_aware(
                    dt.datetime.combine(project.actual_end, dt.time(15))
                ) + dt.timedelta(days=10 * (step.step == "evaluate"))
            else:
                step.at = declared + dt.timedelta(days=7 * number)
            moved_steps.append(step)
    update_rows(Project, ["declared_at"], moved_projects)
    update_rows(ProjectStep, ["at"], moved_steps)
