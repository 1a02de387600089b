"""Code lists of the registry (spec/interchange.md §2). The stored value is the Chinese code
itself: it is what the national forms, the templates and the rules all use."""

from __future__ import annotations

from django.db import models


class Attribute(models.TextChoices):
    GENERAL = "一般贫困户"
    LOW_INCOME = "低保贫困户"
    EXTREME = "特困供养贫困户"


ATTRIBUTE_ALIASES = {
    "一般脱贫户": "一般贫困户",
    "低保脱贫户": "低保贫困户",
    "特困供养脱贫户": "特困供养贫困户",
}


class Cause(models.TextChoices):
    ILLNESS = "因病"
    DISABILITY = "因残"
    SCHOOLING = "因学"
    DISASTER = "因灾"
    LAND = "缺土地"
    WATER = "缺水"
    SKILLS = "缺技术"
    LABOUR = "缺劳力"
    FUNDS = "缺资金"
    TRANSPORT = "交通条件落后"
    MOTIVATION = "自身发展动力不足"
    MARRIAGE = "因婚"
    FUNERAL = "因丧"
    OTHER = "其他"


class HousingGrade(models.TextChoices):
    A = "A级"
    B = "B级"
    C = "C级"
    D = "D级"


HOUSING_GRADE_ALIASES = {"A": "A级", "B": "B级", "C": "C级", "D": "D级"}


class Relation(models.TextChoices):
    HEAD = "户主"
    SPOUSE = "配偶"
    SON = "之子"
    DAUGHTER = "之女"
    DAUGHTER_IN_LAW = "之儿媳"
    SON_IN_LAW = "之女婿"
    GRANDSON = "之孙子"
    GRANDDAUGHTER = "之孙女"
    DAUGHTERS_SON = "之外孙子"
    DAUGHTERS_DAUGHTER = "之外孙女"
    FATHER = "之父"
    MOTHER = "之母"
    WIFES_FATHER = "之岳父"
    WIFES_MOTHER = "之岳母"
    HUSBANDS_FATHER = "之公公"
    HUSBANDS_MOTHER = "之婆婆"
    GRANDFATHER = "之祖父"
    GRANDMOTHER = "之祖母"
    MATERNAL_GRANDFATHER = "之外祖父"
    MATERNAL_GRANDMOTHER = "之外祖母"
    SIBLING = "之兄弟姐妹"
    GREAT_GRANDSON = "之曾孙子"
    GREAT_GRANDDAUGHTER = "之曾孙女"
    NEPHEW = "之侄儿"
    NIECE = "之侄女"
    SISTER_IN_LAW = "之兄弟媳妇"
    UNCLE = "之叔伯"
    OTHER = "其他"


class Sex(models.TextChoices):
    MALE = "男"
    FEMALE = "女"


SEX_ALIASES = {"男性": "男", "女性": "女"}


class Education(models.TextChoices):
    PRESCHOOL_CHILD = "学龄前儿童"
    ILLITERATE = "文盲或半文盲"
    PRIMARY = "小学"
    JUNIOR = "初中"
    SENIOR = "高中"
    SECONDARY_VOCATIONAL = "中专"
    COLLEGE = "大专"
    COLLEGE_OR_ABOVE = "大专及以上"
    BACHELOR_OR_ABOVE = "本科及以上"


class SchoolStatus(models.TextChoices):
    NOT_IN_SCHOOL = "非在校生"
    PRESCHOOL = "学前教育"
    PRIMARY = "小学"
    JUNIOR = "初中"
    SENIOR = "高中"
    VOCATIONAL_SECONDARY = "中职"
    VOCATIONAL_HIGHER = "高职"
    COLLEGE = "大专"
    BACHELOR_OR_ABOVE = "本科及以上"
    HOME_TEACHING = "送教上门"
    DROPPED_OUT = "辍学"


def _grades(prefix: str, count: int) -> list[str]:
    numbers = "一二三四五"
    return [f"{prefix}{numbers[i]}年级" for i in range(count)]


# The national system's grade values and the level each is stored as (interchange.md §2.3).
SCHOOL_STATUS_ALIASES: dict[str, str] = {
    **dict.fromkeys(["七年级", "八年级", "九年级"], "初中"),
    **dict.fromkeys(_grades("高中", 3) + _grades("普通高中", 3), "高中"),
    **dict.fromkeys(_grades("中职", 3) + _grades("技师学院", 4), "中职"),
    **dict.fromkeys(_grades("高职", 3) + _grades("高职高专", 3), "高职"),
    "大专及以上": "大专",
    **dict.fromkeys([*_grades("本科", 5), "硕士研究生及以上"], "本科及以上"),
    "学龄前儿童": "非在校生",
}


class Health(models.TextChoices):
    HEALTHY = "健康"
    CHRONIC = "长期慢性病"
    SERIOUS = "患有大病"
    DISABLED = "残疾"


class DisabilityType(models.TextChoices):
    VISION = "视力残疾"
    HEARING = "听力残疾"
    SPEECH = "言语残疾"
    PHYSICAL = "肢体残疾"
    INTELLECTUAL = "智力残疾"
    MENTAL = "精神残疾"
    MULTIPLE = "多重残疾"


class DisabilityGrade(models.TextChoices):
    FIRST = "一级"
    SECOND = "二级"
    THIRD = "三级"
    FOURTH = "四级"


class Labor(models.TextChoices):
    ORDINARY = "普通劳动力"
    SKILLED = "技能劳动力"
    WEAK = "弱劳动力或半劳动力"
    LOST = "丧失劳动力"
    NONE = "无劳动力"


LABOUR_CAPABLE = (Labor.ORDINARY, Labor.SKILLED)


class Employment(models.TextChoices):
    NONE = "未务工"
    IN_TOWNSHIP = "乡镇内务工"
    IN_COUNTY = "乡镇外县内务工"
    IN_PROVINCE = "县外省内务工"
    OUT_OF_PROVINCE = "省外务工"
    OTHER = "其他"


# The national form writes 乡（镇）; full-width brackets are folded to ASCII before lookup.
EMPLOYMENT_ALIASES = {
    "乡(镇)内务工": "乡镇内务工",
    "乡(镇)外县内务工": "乡镇外县内务工",
}


class MemberStatus(models.TextChoices):
    NORMAL = "正常"
    DECEASED = "死亡"
    MOVED_OUT = "迁出"


class EventType(models.TextChoices):
    MEDICAL = "医疗支出"
    DISASTER = "自然灾害"
    ACCIDENT = "意外事故"
    UNEMPLOYMENT = "务工失业"
    BUSINESS_FAILURE = "产业经营失败"


class PolicyLevel(models.TextChoices):
    HOUSEHOLD = "household", "户"
    PERSON = "person", "人"


# The policy catalogue (rules.md §6): code → (name, level). Reference data, loaded into the
# Policy table by a data migration so that grants can point at it.
POLICIES: dict[str, tuple[str, str]] = {
    "DB": ("农村最低生活保障", PolicyLevel.HOUSEHOLD),
    "TK": ("特困人员救助供养", PolicyLevel.HOUSEHOLD),
    "CJHL": ("重度残疾人护理补贴", PolicyLevel.PERSON),
    "CJSH": ("困难残疾人生活补贴", PolicyLevel.PERSON),
    "YLJ": ("城乡居民基础养老金", PolicyLevel.PERSON),
    "GLBT": ("高龄津贴", PolicyLevel.PERSON),
    "YLJH": ("雨露计划职业教育补助", PolicyLevel.PERSON),
    "JYZZ": ("教育资助", PolicyLevel.PERSON),
    "YBZZ": ("资助参加城乡居民医保", PolicyLevel.PERSON),
    "JTYS": ("家庭医生签约服务", PolicyLevel.PERSON),
    "GYG": ("公益岗位", PolicyLevel.HOUSEHOLD),
    "XEXD": ("扶贫小额信贷", PolicyLevel.HOUSEHOLD),
    "CYFH": ("产业项目收益分红", PolicyLevel.HOUSEHOLD),
    "WFGZ": ("危房改造补助", PolicyLevel.HOUSEHOLD),
    "GC": ("改厕补助", PolicyLevel.HOUSEHOLD),
}
