"""The rows of the assessment outputs (interchange.md §4: ``fupin assess`` and ``fupin villages``):
each type's fields are the output's columns in their order, with their headers. The commands,
pages, exports and the run's workbook all write and read these."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, NamedTuple

from fupin.core.rows import Header


class AssessmentRow(NamedTuple):
    """A household of ``fupin assess``: E1–E7 in the order of ``exit.CRITERIA``."""

    household_code: Annotated[str, Header("户编号")]
    village_code: Annotated[str, Header("行政区划代码")]
    per_capita: Annotated[Decimal | None, Header("人均纯收入")]
    poverty_line: Annotated[Decimal | None, Header("扶贫标准")]
    e1: Annotated[bool, Header("E1收入达标")]
    e2: Annotated[bool, Header("E2不愁吃")]
    e3: Annotated[bool, Header("E3不愁穿")]
    e4: Annotated[bool, Header("E4义务教育")]
    e5: Annotated[bool, Header("E5基本医疗")]
    e6: Annotated[bool, Header("E6住房安全")]
    e7: Annotated[bool, Header("E7饮水安全")]
    eligible: Annotated[bool, Header("可以退出")]
    failing: Annotated[str, Header("未达标项")]


class VillageRow(NamedTuple):
    """A village of ``fupin villages``."""

    village_code: Annotated[str, Header("行政区划代码")]
    village_name: Annotated[str, Header("村名")]
    population: Annotated[int, Header("户籍人口")]
    poor_population: Annotated[int, Header("贫困人口")]
    incidence: Annotated[str, Header("贫困发生率")]
    exit_bar: Annotated[str, Header("退出标准")]
    meets_bar: Annotated[bool, Header("达到出列标准")]
