"""Small template workbooks for import tests, built in code so each test shows what it feeds in."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path
from typing import Any

import openpyxl

from fupin.core.idnumber import check_character

VILLAGE_A1 = "220802100001"  # 新和居委会, 平安镇
VILLAGE_A2 = "220802100002"


def person_id(birth: dt.date, sequence: int, *, male: bool, region: str = "220802") -> str:
    """A valid ID number: the 17th digit is odd for men."""
    serial = f"{sequence:02d}{1 if male else 2}"
    first17 = f"{region}{birth:%Y%m%d}{serial}"
    return first17 + check_character(first17)


HEAD_1 = person_id(dt.date(1965, 3, 8), 1, male=True)
SPOUSE_1 = person_id(dt.date(1967, 7, 1), 2, male=False)
CHILD_1 = person_id(dt.date(2010, 9, 1), 3, male=True)
HEAD_2 = person_id(dt.date(1950, 2, 28), 4, male=False)

HOUSEHOLD_HEADERS = [
    "户编号",
    "行政区划代码",
    "户主证件号码",
    "联系电话",
    "是否建档立卡户",
    "识别年度",
    "脱贫年度",
    "贫困户属性",
    "主要致贫原因",
    "其他致贫原因",
    "是否不愁吃",
    "是否不愁穿",
    "住房安全等级",
    "是否完成危房改造",
    "是否易地扶贫搬迁",
    "饮水水量达标",
    "饮水水质达标",
    "用水方便程度达标",
    "供水保证率达标",
]
MEMBER_HEADERS = [
    "户编号",
    "姓名",
    "证件号码",
    "与户主关系",
    "性别",
    "民族",
    "文化程度",
    "在校生状况",
    "健康状况",
    "残疾类别",
    "残疾等级",
    "劳动技能",
    "务工状况",
    "务工时间",
    "是否参加城乡居民基本医疗保险",
    "是否参加职工基本医疗保险",
    "是否参加城乡居民基本养老保险",
    "是否签约家庭医生",
    "人员状态",
    "状态变更日期",
]
INCOME_HEADERS = [
    "户编号",
    "年度",
    "工资性收入",
    "生产经营性收入",
    "财产性收入",
    "转移性收入",
    "生产经营性支出",
]
GRANT_HEADERS = ["户编号", "证件号码", "政策代码", "年度", "金额"]
EVENT_HEADERS = ["户编号", "事件类型", "发生日期", "金额", "说明"]
VILLAGE_HEADERS = ["行政区划代码", "户籍户数", "户籍人口", "是否贫困村", "出列年度"]


def county_sheets() -> dict[str, list[list[Any]]]:
    """Two households of 平安镇 with members, incomes, grants and events: a valid template."""
    return {
        "村信息": [
            VILLAGE_HEADERS,
            [VILLAGE_A1, 420, 1310, "是", 2019],
            [VILLAGE_A2, 380, 1102, "否", None],
        ],
        "户信息": [
            HOUSEHOLD_HEADERS,
            [
                "H001",
                VILLAGE_A1,
                HEAD_1,
                "13812345678",
                "是",
                2016,
                2019,
                "一般贫困户",
                "因病",
                "缺技术",
                "是",
                "是",
                "B级",
                "否",
                "否",
                "是",
                "是",
                "是",
                "是",
            ],
            [
                "H002",
                VILLAGE_A2,
                HEAD_2,
                "",
                "否",
                None,
                None,
                None,
                None,
                None,
                "是",
                "是",
                "A级",
                None,
                None,
                "是",
                "是",
                "是",
                "是",
            ],
        ],
        "家庭成员": [
            MEMBER_HEADERS,
            [
                "H001",
                "张建国",
                HEAD_1,
                "户主",
                "男",
                "汉族",
                "初中",
                "非在校生",
                "长期慢性病",
                None,
                None,
                "普通劳动力",
                "乡镇外县内务工",
                8,
                "是",
                "否",
                "是",
                "否",
                "正常",
                None,
            ],
            [
                "H001",
                "李秀兰",
                SPOUSE_1,
                "配偶",
                "女",
                "汉族",
                "小学",
                "非在校生",
                "健康",
                None,
                None,
                "普通劳动力",
                "未务工",
                0,
                "是",
                "否",
                "是",
                "否",
                "正常",
                None,
            ],
            [
                "H001",
                "张小明",
                CHILD_1,
                "之子",
                "男",
                "汉族",
                "小学",
                "初中",
                "健康",
                None,
                None,
                "无劳动力",
                None,
                None,
                "是",
                "否",
                None,
                "否",
                "正常",
                None,
            ],
            [
                "H002",
                "王淑芬",
                HEAD_2,
                "户主",
                "女",
                "汉族",
                "文盲或半文盲",
                "非在校生",
                "残疾",
                "肢体残疾",
                "二级",
                "丧失劳动力",
                "未务工",
                0,
                "是",
                "否",
                "是",
                "是",
                "正常",
                None,
            ],
        ],
        "收入": [
            INCOME_HEADERS,
            ["H001", 2019, 9000, 3500.5, 0, 2400, 1200],
            ["H001", 2020, 9600, 3800, 0, 2600, 1300],
            ["H002", 2020, 0, 0, 0, 7800, 0],
        ],
        "享受政策": [
            GRANT_HEADERS,
            ["H001", None, "DB", 2020, 3600],
            ["H002", HEAD_2, "CJHL", 2020, 1200],
            ["H002", HEAD_2, "YLJ", 2020, 1536],
        ],
        "风险事件": [
            EVENT_HEADERS,
            ["H001", "医疗支出", "2020-06-01", 8600, "住院"],
        ],
    }


def write_xlsx(path: Path, sheets: dict[str, list[list[Any]]]) -> Path:
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append(row)
    workbook.save(path)
    return path


def write_csv_folder(
    folder: Path, sheets: dict[str, list[list[Any]]], *, encoding: str = "utf-8-sig"
) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, rows in sheets.items():
        with open(folder / f"{name}.csv", "w", encoding=encoding, newline="") as handle:
            csv.writer(handle).writerows(
                [["" if cell is None else cell for cell in row] for row in rows]
            )
    return folder
