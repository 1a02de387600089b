"""The public notices of projects and funds (公告公示): a fund's allocation notice (资金分配公告)
and a project's notice (项目公示), as a page and as an A4 PDF in the bundled Chinese font.

A notice is posted in public, so a household appears by the name of its head and nothing else:
never an ID number, a phone or a household code (DESIGN "Privacy"). ``Notice`` holds only text
that may be shown, so neither the page nor the PDF can reach anything more. Each notice ends with
the county's 监督电话 (``settings.SUPERVISION_PHONES``, docs/operations.md) and the national 12317.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db.models import OuterRef, Subquery

from fupin.accounts.models import User
from fupin.core.money import yuan
from fupin.core.pdf import HEADINGS, a4_sheet
from fupin.registry.models import Member

from .models import Fund, Project

NATIONAL_HOTLINE = "12317"
NO_HEAD = "（户主未登记）"
NONE_YET = "（暂无）"


@dataclass(frozen=True)
class Notice:
    title: str
    intro: str
    facts: list[tuple[str, str]]  # label, text
    headers: list[str]  # of the table; empty for none
    widths: list[int]  # the table's columns on A4, in mm (190 in all)
    rows: list[list[str]]
    empty: str  # shown when the table has no rows
    signed_by: str
    phone: str  # the county's 监督电话, empty when not set
    made_on: dt.date

    @property
    def hotline(self) -> str:
        phones = [self.phone] if self.phone else []
        return "监督电话：" + "，".join([*phones, f"全国扶贫监督举报电话 {NATIONAL_HOTLINE}"])

    @property
    def objection(self) -> str:
        return f"如有异议，请以书面或口头形式向{self.signed_by}反映，或拨打监督电话。"


def supervision_phone(region_code: str) -> str:
    """The 监督电话 of the county that ``region_code`` lies in, as the operator set it."""
    phones: dict[str, str] = getattr(settings, "SUPERVISION_PHONES", {})
    return phones.get(region_code[:6], "")


def project_notice(project: Project, *, today: dt.date) -> Notice:
    """项目公示 of a project the caller has already found in the user's scope."""
    sources = sorted({line.fund.source for line in project.allocations.select_related("fund")})
    head = Member.objects.filter(
        household=OuterRef("household_id"), id_number=OuterRef("household__head_id_number")
    )
    beneficiaries = (
        project.beneficiaries.select_related("village")
        .annotate(head_name=Subquery(head.values("name")[:1]))
        .order_by("pk")
    )
    names = [
        (b.head_name or NO_HEAD) if b.household_id else (b.village.name if b.village else "")
        for b in beneficiaries
    ]
    return Notice(
        title=f"{project.name}公示",
        intro="根据财政衔接推进乡村振兴补助资金项目公告公示制度，现将以下项目予以公示，接受社会监督：",
        facts=[
            ("资金来源", "、".join(sources) or "（尚未安排资金）"),
            ("项目名称", project.name),
            ("建设地点", "".join(region.name for region in project.region.path())),
            ("建设内容", project.content),
            ("投资规模", f"{yuan(project.budget)} 元"),
            ("责任单位", project.implementing_unit),
            ("绩效目标", f"{project.output_target}；{project.benefit_target}"),
            ("受益对象", "、".join(names) or NONE_YET),
        ],
        headers=[],
        widths=[],
        rows=[],
        empty="",
        signed_by=project.implementing_unit,
        phone=supervision_phone(project.region_id),
        made_on=today,
    )


def fund_notice(fund: Fund, user: User, *, today: dt.date) -> Notice:
    """资金分配公告 of a fund: the projects it pays for, each with its amount (those the user
    sees: a township prints its own share of a county's fund)."""
    lines = list(
        fund.allocations.visible_to(user)
        .select_related("project__region")
        .order_by("allocated_on", "pk")
    )
    rows = [
        [
            line.project.name,
            line.project.region.name,
            line.project.implementing_unit,
            f"{yuan(line.amount)}",
            line.document_number or fund.document_number,
        ]
        for line in lines
    ]
    total = sum((line.amount for line in lines), Decimal("0.00"))
    return Notice(
        title=f"{fund.name}分配公告",
        intro="根据财政衔接推进乡村振兴补助资金公告公示制度，现将资金分配情况予以公告，接受社会监督：",
        facts=[
            ("资金来源", fund.source),
            ("资金名称", fund.name),
            ("文号", fund.document_number),
            ("到位金额", f"{yuan(fund.amount)} 元（{fund.received_on:%Y-%m-%d} 到位）"),
            ("本次公告安排", f"{len(rows)} 个项目，共 {yuan(total)} 元"),
        ],
        headers=["项目名称", "建设地点", "责任单位", "安排金额（元）", "下达文号"],
        widths=[52, 30, 40, 28, 40],
        rows=rows,
        empty="该资金尚未安排到项目。",
        signed_by=fund.region.name,
        phone=supervision_phone(fund.region_id),
        made_on=today,
    )


def notice_pdf(notice: Notice) -> bytes:
    """The notice on A4, in the bundled Chinese font."""
    pdf = a4_sheet(notice.title)
    pdf.multi_cell(0, 6, notice.intro, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    with pdf.table(col_widths=[30, 160], text_align="LEFT", first_row_as_headings=False) as table:
        for label, text in notice.facts:
            table.row([label, text])
    if notice.headers:
        pdf.ln(4)
        with pdf.table(
            col_widths=notice.widths, text_align="LEFT", headings_style=HEADINGS
        ) as table:
            table.row(notice.headers)
            for row in notice.rows:
                table.row(row)
        if not notice.rows:
            pdf.cell(0, 10, notice.empty, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.multi_cell(0, 6, notice.objection, new_x="LMARGIN", new_y="NEXT")
    pdf.multi_cell(0, 6, notice.hotline, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(8)
    pdf.cell(0, 6, notice.signed_by, align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.cell(0, 6, f"{notice.made_on:%Y年%m月%d日}", align="R", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
