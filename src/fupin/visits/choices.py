"""Kinds of visits, the answers of the visit checklist, and the states of a proposed change."""

from __future__ import annotations

from django.db import models


class VisitKind(models.TextChoices):
    HOME = "入户", "入户走访"
    PHONE = "电话", "电话回访"
    GATHERING = "集中", "集中走访"


class Check(models.TextChoices):
    """One item of the 两不愁三保障 and water checks, as the cadre found it."""

    MET = "达标", "达标"
    NOT_MET = "不达标", "不达标"
    UNCHECKED = "未核实", "未核实"


class Awareness(models.TextChoices):
    KNOWS = "知晓", "知晓"
    PARTLY = "部分知晓", "部分知晓"
    UNAWARE = "不知晓", "不知晓"


class Satisfaction(models.TextChoices):
    SATISFIED = "满意", "满意"
    FAIRLY = "基本满意", "基本满意"
    DISSATISFIED = "不满意", "不满意"


# The checklist in the order the form and the exports show it: field name → label.
CHECKLIST = {
    "food": "不愁吃",
    "clothing": "不愁穿",
    "education": "义务教育",
    "medical": "基本医疗",
    "housing": "住房安全",
    "water": "饮水安全",
    "awareness": "政策知晓",
    "satisfaction": "满意度",
}
# The answers that are a finding in themselves (a cadre should say what they saw).
PROBLEM_ANSWERS = frozenset({Check.NOT_MET, Awareness.UNAWARE, Satisfaction.DISSATISFIED})


class ProposalState(models.TextChoices):
    PENDING = "待审核", "待审核"
    ACCEPTED = "已采纳", "已采纳"
    REJECTED = "已驳回", "已驳回"
