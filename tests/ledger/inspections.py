"""督导组交办问题清单 rows in a line each, as an inspection office fills them in."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fupin.ledger.inspection_import import SHEET
from tests.conftest import VILLAGE_A
from tests.registry.workbooks import write_xlsx

HEADERS = [column.header for column in SHEET.columns]


def row(**values: Any) -> list[Any]:
    """A good row of 新和居委会; ``values`` by header."""
    good = {
        "序号": 1,
        "区划代码": VILLAGE_A,
        "问题类别": "住房安全",
        "问题来源": "督导检查",
        "问题描述": "危房改造后屋顶漏雨",
        "严重程度": "",
        "户编号": "",
        "证件号码": "",
        "责任单位": "平安镇人民政府",
        "责任人": "",
        "整改措施": "",
        "整改时限": "",
    }
    merged = good | values
    return [merged[header] for header in HEADERS]


def workbook(path: Path, *rows: list[Any], sheet: str = SHEET.name) -> Path:
    return write_xlsx(path, {sheet: [HEADERS, *rows]})
