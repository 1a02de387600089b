"""The village's public notice (公示, rules.md §9): which cases it lists, what it says of each, and
the same notice as a PDF.

A notice is posted in public, so it names the head of the household, the village, the matter and
the dates, and nothing else: never an ID number, phone, bank account, health details, findings,
income or risks (DESIGN "Privacy"). ``NoticeRow`` holds only what may be shown, so neither the page
nor the PDF can reach anything more.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from fupin.core.pdf import HEADINGS, a4_sheet
from fupin.regions.models import Region

from .choices import CaseState
from .models import CaseQuerySet
from .queries import with_head_name

# A case stays on the village's notice this many days after its 公示 ended, so the office can
# still print what was posted.
KEEP_DAYS = 30


@dataclass(frozen=True)
class NoticeRow:
    head_name: str
    village_name: str
    matter: str
    case_type: str
    starts_on: dt.date
    ends_on: dt.date


@dataclass(frozen=True)
class Notice:
    village: Region
    rows: list[NoticeRow]
    made_on: dt.date

    @property
    def title(self) -> str:
        return f"{self.village.name}防止返贫监测对象公示"

    @property
    def committee(self) -> str:
        """Who signs: the village's committee. Urban villages are named as their committee
        already (新和居委会), rural ones by their village (新和村 → 新和村村民委员会)."""
        name = self.village.name
        return name if name.endswith(("委会", "委员会")) else f"{name}村民委员会"

    @property
    def objection(self) -> str:
        return (
            f"公示期内如有异议，请以书面或口头形式向{self.committee}"
            "（村委会办公室）反映。反映情况应实事求是。"
        )


def village_notice(cases: CaseQuerySet, village: Region, *, today: dt.date) -> Notice:
    """The cases of the village in 公示 now or whose 公示 ended at most ``KEEP_DAYS`` ago; a case
    sent back by 乡镇初审 is no longer on the notice."""
    listed = (
        with_head_name(cases.filter(household__village=village))
        .filter(notice_end__gte=today - dt.timedelta(days=KEEP_DAYS))
        .exclude(state=CaseState.RETURNED)
        .order_by("notice_start", "household__code")
    )
    rows = [
        NoticeRow(
            head_name=case.head_name or "（户主未登记）",
            village_name=village.name,
            matter="风险消除"
            if case.eliminating or case.state == CaseState.ELIMINATED
            else "纳入防止返贫监测",
            case_type=case.case_type,
            starts_on=case.notice_start,
            ends_on=case.notice_end,
        )
        for case in listed
    ]
    return Notice(village=village, rows=rows, made_on=today)


COLUMNS = (("户主姓名", 30), ("所在村", 42), ("公示事项", 36), ("监测对象类型", 32), ("公示期", 50))


def notice_pdf(notice: Notice) -> bytes:
    """The notice on A4, in the bundled Chinese font."""
    pdf = a4_sheet(notice.title)
    pdf.multi_cell(
        0,
        6,
        "根据防止返贫动态监测和帮扶工作程序，经入户核实、民主评议，现将以下农户予以公示：",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.ln(2)
    with pdf.table(
        col_widths=[width for _, width in COLUMNS], text_align="LEFT", headings_style=HEADINGS
    ) as table:
        table.row([label for label, _ in COLUMNS])
        for row in notice.rows:
            table.row(
                [
                    row.head_name,
                    row.village_name,
                    row.matter,
                    row.case_type or "—",
                    f"{row.starts_on:%Y-%m-%d} 至 {row.ends_on:%Y-%m-%d}",
                ]
            )
    if not notice.rows:
        pdf.cell(0, 10, "目前没有正在公示的农户。", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.multi_cell(0, 6, notice.objection, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(8)
    pdf.cell(0, 6, notice.committee, align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.cell(0, 6, f"{notice.made_on:%Y年%m月%d日}", align="R", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
