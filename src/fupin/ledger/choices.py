"""Code lists of the problem ledger (问题台账). As in the registry and monitoring, the stored value
is the Chinese term itself, the one the offices' ledgers and the inspections' lists use; the label
repeats it (TextChoices would otherwise derive an English label from the member name)."""

from __future__ import annotations

from django.db import models


class ProblemClass(models.TextChoices):
    WATER = "安全饮水", "安全饮水"
    HOUSING = "住房安全", "住房安全"
    SCHOOLING = "义务教育", "义务教育"
    MEDICAL = "基本医疗", "基本医疗"
    INCOME = "收入/就业", "收入/就业"
    POLICY = "政策落实", "政策落实"
    DATA_QUALITY = "数据质量", "数据质量"
    FUNDS = "项目资金", "项目资金"
    CONDUCT = "作风", "作风"
    OTHER = "其他", "其他"


class Source(models.TextChoices):
    """Where a problem was found."""

    VISIT = "走访", "走访"
    SUPERVISION = "督导检查", "督导检查"
    INSPECTION_TOUR = "巡视巡察", "巡视巡察"
    AUDIT = "审计", "审计"
    DATA_CHECK = "数据质量检查", "数据质量检查"
    DEPARTMENT_COMPARISON = "部门比对", "部门比对"
    COMPLAINT = "群众反映/12317", "群众反映/12317"
    SELF_CHECK = "自查", "自查"


class Severity(models.TextChoices):
    ORDINARY = "一般", "一般"
    SERIOUS = "较重", "较重"
    GRAVE = "严重", "严重"


class ProblemState(models.TextChoices):
    """Where a problem stands, each state named after the step that put it there."""

    REGISTERED = "已登记", "已登记"
    RECTIFYING = "整改中", "整改中"  # 核定措施: the measure and the deadline are set
    RECTIFIED = "已整改", "已整改"  # the owner recorded what was done, with evidence
    VERIFIED = "已核验", "已核验"  # someone else checked the result on site
    CLOSED = "已销号", "已销号"  # an office one level up approved


class EvidenceKind(models.TextChoices):
    PHOTO = "照片", "照片"
    DOCUMENT = "文件材料", "文件材料"
    OTHER = "其他", "其他"
