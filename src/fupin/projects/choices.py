"""Code lists of projects and funds (项目资金). The stored value is the Chinese term itself, as the
offices' project libraries and fund ledgers write it; the label repeats it."""

from __future__ import annotations

from django.db import models


class FundSource(models.TextChoices):
    """资金来源: where a fund comes from."""

    CENTRAL = "中央财政衔接资金", "中央财政衔接资金"
    PROVINCIAL = "省级财政衔接资金", "省级财政衔接资金"
    CITY = "市级财政衔接资金", "市级财政衔接资金"
    COUNTY = "县级财政衔接资金", "县级财政衔接资金"
    EAST_WEST = "东西部协作资金", "东西部协作资金"
    PAIRED = "定点帮扶资金", "定点帮扶资金"
    SOCIAL = "社会帮扶资金", "社会帮扶资金"
    FINANCE = "金融资金", "金融资金"
    OTHER = "其他", "其他"


class ProjectKind(models.TextChoices):
    """项目类型, with the usual sub-kinds in ``SUBKINDS``."""

    INDUSTRY = "产业", "产业"
    INFRASTRUCTURE = "基础设施", "基础设施"
    HOUSEHOLD = "到户", "到户"
    EMPLOYMENT = "就业", "就业"
    EDUCATION = "教育", "教育"
    HEALTH = "健康", "健康"
    OTHER = "其他", "其他"


# The sub-kinds offered for each kind (a project may name another).
SUBKINDS: dict[str, tuple[str, ...]] = {
    ProjectKind.INDUSTRY: ("光伏", "种养殖", "加工", "乡村旅游", "集体经济入股"),
    ProjectKind.INFRASTRUCTURE: ("道路", "饮水", "电网"),
    ProjectKind.HOUSEHOLD: ("到户产业", "危房改造", "改厕"),
    ProjectKind.EMPLOYMENT: ("公益岗", "培训"),
    ProjectKind.EDUCATION: ("雨露计划", "校舍"),
    ProjectKind.HEALTH: ("村卫生室", "医疗救助"),
    ProjectKind.OTHER: (),
}
PHOTOVOLTAIC = "光伏"


class ProjectState(models.TextChoices):
    """项目库 procedure: 村申报 → 部门论证 → 县审定 → 入库 → 实施 → 验收 → 绩效评价."""

    DECLARED = "已申报", "已申报"
    APPRAISED = "已论证", "已论证"
    APPROVED = "已审定", "已审定"
    IN_LIBRARY = "已入库", "已入库"
    IMPLEMENTING = "实施中", "实施中"
    ACCEPTED = "已验收", "已验收"
    EVALUATED = "已评价", "已评价"
    REJECTED = "未入库", "未入库"


class BenefitWay(models.TextChoices):
    """How a beneficiary benefits from a project."""

    DIVIDEND = "收益分红", "收益分红"
    EMPLOYMENT = "务工就业", "务工就业"
    DIRECT = "直接到户", "直接到户"
    SERVICE = "基础设施受益", "基础设施受益"
    OTHER = "其他", "其他"


class EvidenceKind(models.TextChoices):
    PHOTO = "照片", "照片"
    DOCUMENT = "文件", "文件"


class WorksKind(models.TextChoices):
    """到户工程: works done at one household."""

    HOUSING = "危房改造", "危房改造"
    TOILET = "改厕", "改厕（旱厕改造）"
    COURTYARD = "庭院整治", "六净一规范庭院整治"
    RELOCATION = "易地搬迁安置", "易地搬迁安置"


class WorksState(models.TextChoices):
    """登记 → 完工 (the builder records it) → 验收 (someone else, on site): 已验收 or 验收未通过;
    after repair the builder records completion again and it is inspected again."""

    PLANNED = "已登记", "已登记"
    DONE = "已完工", "已完工"
    ACCEPTED = "已验收", "已验收"
    FAILED = "验收未通过", "验收未通过"


class ExpenseCategory(models.TextChoices):
    LABOUR = "人工", "人工"
    MATERIAL = "材料", "材料"


# The ledger's class of the problem a failed acceptance opens: housing works answer to 住房安全
# (两不愁三保障); toilets and courtyards have no national class of their own, so 其他.
WORKS_PROBLEM_CLASS: dict[str, str] = {
    WorksKind.HOUSING: "住房安全",
    WorksKind.RELOCATION: "住房安全",
    WorksKind.TOILET: "其他",
    WorksKind.COURTYARD: "其他",
}
# An acceptance is the office's own check of works it paid for, so its problems come from 自查
# (督导检查 is the oversight role from above, which reads and writes nothing).
WORKS_PROBLEM_SOURCE = "自查"


class AuditResult(models.TextChoices):
    """审计 (资金督查) result of one line; 存疑 and 违规 open a ledger problem."""

    PENDING = "待核查", "待核查"
    CONFIRMED = "核实无误", "核实无误"
    QUESTIONED = "存疑", "存疑"
    VIOLATION = "违规", "违规"


QUESTIONED_RESULTS = frozenset({AuditResult.QUESTIONED, AuditResult.VIOLATION})
AUDIT_PROBLEM_CLASS = "项目资金"
AUDIT_PROBLEM_SOURCE = "审计"


class AuditTarget(models.TextChoices):
    """What an audit line covers."""

    FUND = "资金", "资金"
    PROJECT = "项目", "项目"
    ALLOCATION = "资金安排", "资金安排"
    EXPENSE = "支出", "支出"


class AssetClass(models.TextChoices):
    """资产类别 of a finished project's asset."""

    PUBLIC = "公益性", "公益性"
    OPERATING = "经营性", "经营性"
    HOUSEHOLD = "到户类", "到户类"


class AssetOwner(models.TextChoices):
    """Who owns an asset (产权归属)."""

    VILLAGE = "村集体", "村集体"
    HOUSEHOLD = "农户", "农户"
    UNIT = "单位", "单位"


class DividendRule(models.TextChoices):
    """How the households' part of a dividend plan is shared."""

    EQUAL = "平均分配", "平均分配"
    BY_PERSON = "按人口", "按人口"
    BY_LIST = "按名单", "按名单"


class PlanState(models.TextChoices):
    DRAFT = "待审批", "待审批"
    APPROVED = "已审批", "已审批"
    PAID = "已发放", "已发放"
