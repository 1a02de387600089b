"""Code lists of the monitoring workflow (rules.md §9). As in the registry, the stored value is the
Chinese term itself: it is what the national procedure, the notices and the statistics use. The
label repeats it (TextChoices would otherwise derive an English label from the member name)."""

from __future__ import annotations

from django.db import models


class CaseState(models.TextChoices):
    """Where a case stands: each state is named after the step that put it there (rules.md §9,
    column "entered by"), so a case in 入户核实 has been verified and awaits 民主评议."""

    LEAD = "线索", "线索"
    VERIFIED = "入户核实", "入户核实"
    REVIEWED = "民主评议", "民主评议"
    NOTICE = "公示", "公示"
    TOWNSHIP_APPROVED = "乡镇初审", "乡镇初审"
    # 乡镇初审 sent the case back: it awaits a new 入户核实 (§9 "back to 入户核实").
    RETURNED = "退回核实", "退回核实"
    INCLUDED = "已纳入", "已纳入"
    HELPING = "帮扶中", "帮扶中"
    # 风险消除 was requested: the second pass (入户核实, 公示, 县级审定) has begun.
    ELIMINATION_REQUESTED = "申请风险消除", "申请风险消除"
    ELIMINATED = "风险消除", "风险消除"
    NOT_INCLUDED = "不予纳入", "不予纳入"


CLOSED_STATES = frozenset({CaseState.ELIMINATED, CaseState.NOT_INCLUDED})
# 监测对象 in the sense of rules.md §6 ("covered household"): decided and not closed.
MONITORED_STATES = frozenset({CaseState.INCLUDED, CaseState.HELPING})


class Channel(models.TextChoices):
    """How a lead arrived (§9, 线索)."""

    SELF_REPORTED = "农户自主申报", "农户自主申报"
    CADRE_SCREENING = "干部排查", "干部排查"
    DEPARTMENT_ALERT = "部门预警", "部门预警"
    SYSTEM_ALERT = "系统预警", "系统预警"


# 系统预警 leads come only from a stored rule run (leads.leads_from_run), never from a person.
MANUAL_CHANNELS = frozenset(
    {Channel.SELF_REPORTED, Channel.CADRE_SCREENING, Channel.DEPARTMENT_ALERT}
)


class CaseType(models.TextChoices):
    """监测对象类型, set at 县级审定."""

    UNSTABLE_EXITED = "脱贫不稳定户", "脱贫不稳定户"  # exited households
    MARGINAL = "边缘易致贫户", "边缘易致贫户"  # households never registered
    SUDDEN_HARDSHIP = "突发严重困难户", "突发严重困难户"  # any household hit by a sudden event


class RiskType(models.TextChoices):
    """风险类型 (§9), several per case."""

    ILLNESS = "因病", "因病"
    DISABILITY = "因残", "因残"
    SCHOOLING = "因学", "因学"
    DISASTER = "因灾", "因灾"
    ACCIDENT = "因意外事故", "因意外事故"
    BUSINESS_FAILURE = "因产业项目失败", "因产业项目失败"
    UNSTABLE_EMPLOYMENT = "因务工就业不稳", "因务工就业不稳"
    LABOUR_SHORTAGE = "缺劳动力", "缺劳动力"
    HOUSING = "住房出现安全问题", "住房出现安全问题"
    WATER = "饮水安全问题", "饮水安全问题"
    OTHER = "其他", "其他"


class AttachmentKind(models.TextChoices):
    PHOTO = "照片", "照片"
    AUTHORISATION = "农户授权承诺", "农户授权承诺"
    MINUTES = "会议记录", "会议记录"
    OTHER = "其他", "其他"


class MeasureKind(models.TextChoices):
    """帮扶措施类型."""

    POLICY_GRANT = "政策补助", "政策补助"
    PUBLIC_WELFARE_JOB = "公益岗位", "公益岗位"
    INDUSTRY_PROJECT = "产业项目", "产业项目"
    SMALL_LOAN = "小额信贷", "小额信贷"
    EMPLOYMENT = "就业帮扶", "就业帮扶"
    EDUCATION = "教育帮扶", "教育帮扶"
    MEDICAL = "医疗帮扶", "医疗帮扶"
    HOUSING = "住房保障", "住房保障"
    OTHER = "其他", "其他"
