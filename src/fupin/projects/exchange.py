"""The project library (项目库) and the expense lines (支出明细) as sheets: imported, exported and
offered as a template (docs/projects-interchange.md).

The sheets are read by the shared machinery (``core.importing``: the reader with its
formula-neutralising cells, header search, aliases, cleaners, the problem report). Every row that
cleaned is then written through the services (``services.declare``, ``funds.spend``) in one
transaction, each in a savepoint so that a refused row is reported and the next is still tried;
the balances of the fund lines are thus checked row by row, each row seeing the ones above it.
Whenever any error was found, in a cell or from a service, the whole transaction is rolled back:
every error is reported at once and nothing is written.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import partial
from pathlib import Path
from typing import Any

from django.db import transaction

from fupin.accounts.models import User
from fupin.core import cleaning as c
from fupin.core.importing.columns import Column, Sheet
from fupin.core.importing.issues import OUT_OF_SCOPE, ImportIssue, RowError
from fupin.core.importing.outcome import ImportOutcome, SheetCounts
from fupin.core.importing.parse import parse_sheets
from fupin.core.importing.sources import RawSheet, SourceError, read_source
from fupin.core.scope import in_scope, is_visible
from fupin.core.tables import write_sheets
from fupin.regions.choices import level_of
from fupin.regions.models import Region

from . import funds, services
from .choices import ProjectKind
from .errors import ProjectError
from .models import Allocation, Expense, Project
from .workflow import DECLARE, may_take

LIBRARY = "项目库"
EXPENSES = "支出明细"
# A county's library runs to hundreds of projects a year and its expenses to a few thousand; a
# file far beyond is a mistake, refused before any row is checked (the page waits for it).
MAX_ROWS = 5_000
MAX_FILE_BYTES = 10 * 1024 * 1024
# What tells a lone sheet (one CSV, a workbook of one sheet) of expenses from a library.
EXPENSE_MARK = "支付日期"


def _positive_money(value: Any) -> Decimal:
    money = c.clean_money(value)
    if money <= 0:
        raise c.CellError("金额应大于 0")
    return money


def _capacity(value: Any) -> Decimal:
    try:
        number = Decimal(c.as_text(value))
    except InvalidOperation:
        raise c.CellError("应为千瓦数，如 100") from None
    if not number.is_finite() or number <= 0 or number != number.quantize(Decimal("0.01")):
        raise c.CellError("应为大于 0、最多两位小数的千瓦数，如 100")
    return number


def _region_code(value: Any) -> str:
    return c.clean_text(
        value,
        max_length=12,
        pattern=r"\d{6}|\d{9}|\d{12}",
        hint="区划代码应为6位（县）、9位（乡镇）或12位（村）数字",
    )


def _text(header: str, key: str, max_length: int, **options: Any) -> Column:
    return Column(header, key, partial(c.clean_text, max_length=max_length), **options)


def _shown_only(header: str, key: str) -> Column:
    """A column the export writes for the reader and the import does not read."""
    return Column(header, key, c.as_text)


LIBRARY_SHEET = Sheet(
    LIBRARY,
    ("区划代码", "项目名称"),
    (
        Column("区划代码", "region_code", _region_code, required=True),
        _text("项目名称", "name", 100, required=True),
        Column("年度", "year", c.clean_year, required=True),
        Column(
            "项目类型",
            "kind",
            partial(c.clean_choice, allowed=ProjectKind.values),
            required=True,
            options=tuple(ProjectKind.values),
        ),
        _text("项目子类", "subkind", 20, default=""),
        Column("装机容量", "capacity_kw", _capacity),
        _text("建设内容", "content", 2000, required=True),
        _text("实施单位", "implementing_unit", 100, required=True),
        Column("投资规模", "budget", _positive_money, required=True),
        Column("计划开工", "planned_start", c.clean_date, required=True),
        Column("计划完工", "planned_end", c.clean_date, required=True),
        _text("产出目标", "output_target", 2000, required=True),
        _text("效益目标", "benefit_target", 2000, required=True),
        _shown_only("项目编号", "project_id"),
        _shown_only("状态", "state"),
        _shown_only("已安排资金", "allocated"),
        _shown_only("已支出资金", "spent"),
    ),
)
EXPENSE_SHEET = Sheet(
    EXPENSES,
    ("项目编号", "金额"),
    (
        Column("项目编号", "project_id", partial(c.clean_int, minimum=1), required=True),
        _text("项目名称", "project_name", 100, default=""),
        _text("资金文号", "fund_document", 100, default=""),
        Column("金额", "amount", _positive_money, required=True),
        Column("支付日期", "paid_on", c.clean_date, required=True),
        _text("收款单位", "payee", 100, required=True),
        _text("用途", "purpose", 200, required=True),
        _text("凭证号", "voucher_number", 50, default=""),
        _shown_only("区划代码", "region_code"),
        _shown_only("资金来源", "fund_source"),
    ),
)
SHEETS = {LIBRARY: LIBRARY_SHEET, EXPENSES: EXPENSE_SHEET}
# Only these columns are read; the others are the export's, for whoever reads it.
IMPORTED = {
    LIBRARY: LIBRARY_SHEET.columns[:13],
    EXPENSES: EXPENSE_SHEET.columns[:8],
}
EXAMPLES = {
    LIBRARY: [
        "220802100001",
        "新和村 100 千瓦村级光伏电站",
        2026,
        "产业",
        "光伏",
        100,
        "在村委会屋顶建设 100 千瓦光伏电站，并网发电",
        "平安镇人民政府",
        Decimal("400000.00"),
        "2026-04-01",
        "2026-09-30",
        "建成 100 千瓦光伏电站 1 座",
        "年发电收益 8 万元，带动 50 户脱贫户分红",
    ],
    EXPENSES: [
        1,
        "新和村 100 千瓦村级光伏电站",
        "吉财农〔2026〕12号",
        Decimal("120000.00"),
        "2026-05-10",
        "白城光伏科技有限公司",
        "光伏组件",
        "记-2026-0051",
    ],
}


def template_sheets() -> dict[str, tuple[list[str], list[list[Any]]]]:
    """The template's sheets, headers and an example row each, made from the sheets themselves
    so that the template never drifts from what the import reads."""
    return {
        name: ([column.header for column in IMPORTED[name]], [list(EXAMPLES[name])])
        for name in SHEETS
    }


def write_template(path: Path) -> dict[str, int]:
    return write_sheets(path, template_sheets())


# --- Import -----------------------------------------------------------------------------------


def may_import(actor: User) -> bool:
    """The offices that declare projects or keep funds."""
    return may_take(actor, DECLARE, actor.scope_code or "") or funds.may_keep_funds(actor)


def import_projects(actor: User, path: Path) -> ImportOutcome:
    """Import the 项目库 and 支出明细 sheets at ``path`` as ``actor``: every row or none."""
    if not may_import(actor):
        return _refused(f"您的角色（{actor.get_role_display()}）不能导入项目库或支出明细")
    path = Path(path)
    if path.is_file() and path.stat().st_size > MAX_FILE_BYTES:
        return _refused(f"文件过大（超过 {MAX_FILE_BYTES // 1024 // 1024} MB）")
    try:
        raw_sheets = read_source(path)
    except SourceError as error:
        return _refused(str(error))
    if len(raw_sheets) == 1 and raw_sheets[0].name not in SHEETS:
        raw_sheets[0].name = _lone_sheet_name(raw_sheets[0])
    too_many = [raw for raw in raw_sheets if raw.name in SHEETS and len(raw.rows) > MAX_ROWS]
    if too_many:
        return _refused(f"行数过多（{len(too_many[0].rows)} 行，上限 {MAX_ROWS} 行）")
    parsed = parse_sheets(raw_sheets, SHEETS)
    run = _Import(actor)
    counts: list[SheetCounts] = []
    with transaction.atomic():
        for name, write in ((LIBRARY, run.declare), (EXPENSES, run.spend)):
            found = parsed.sheets.get(name)
            if found is not None:
                counts.append(SheetCounts(name, run.each(name, found.records, write), 0, 0))
        written = not any(issue.is_error for issue in parsed.issues + run.issues)
        if not written:
            transaction.set_rollback(True)
    issues = sorted(parsed.issues + run.issues, key=lambda i: (i.sheet != LIBRARY, i.row or 0))
    return ImportOutcome(written, issues, counts if written else [], parsed.columns())


def _lone_sheet_name(raw: RawSheet) -> str:
    head = {c.as_text(cell) for row in raw.rows[:30] for cell in row if not c.is_blank(cell)}
    return EXPENSES if EXPENSE_MARK in head else LIBRARY


def _refused(reason: str) -> ImportOutcome:
    return ImportOutcome(False, [ImportIssue("", None, "", "", reason)])


@dataclass
class _Import:
    actor: User
    issues: list[ImportIssue] = field(default_factory=list)
    seen: dict[tuple[Any, ...], int] = field(default_factory=dict)

    def each(
        self, sheet: str, records: list[dict[str, Any]], write: Callable[[dict[str, Any]], None]
    ) -> int:
        """Write each record in a savepoint; a refusal is reported on its row."""
        written = 0
        for record in records:
            try:
                with transaction.atomic():
                    write(record)
            except RowError as error:
                self._refuse(sheet, record, error.column, error.reason)
            except ProjectError as error:
                self._refuse(sheet, record, "", error.message)
            else:
                written += 1
        return written

    def _once(self, key: tuple[Any, ...], row: int) -> None:
        if key in self.seen:
            raise RowError("", f"与第{self.seen[key]}行重复")
        self.seen[key] = row

    # 项目库

    def declare(self, record: dict[str, Any]) -> None:
        region = self._region(record["region_code"])
        self._once((LIBRARY, region.code, record["name"], record["year"]), record["_row"])
        same = Project.objects.filter(region=region, name=record["name"], year=record["year"])
        if same.exists():
            raise RowError("项目名称", f"项目库中已有该区划该年度的同名项目（编号 {same[0].pk}）")
        services.declare(
            self.actor,
            services.Declaration(
                region=region,
                name=record["name"],
                year=record["year"],
                kind=record["kind"],
                subkind=record["subkind"],
                capacity_kw=record["capacity_kw"],
                content=record["content"],
                implementing_unit=record["implementing_unit"],
                budget=record["budget"],
                planned_start=record["planned_start"],
                planned_end=record["planned_end"],
                output_target=record["output_target"],
                benefit_target=record["benefit_target"],
            ),
        )

    def _region(self, code: str) -> Region:
        region = Region.objects.filter(code=code).first()
        if region is None:
            raise RowError("区划代码", "系统中没有这个区划代码")
        if level_of(code) not in services.PROJECT_LEVELS:
            raise RowError("区划代码", "建设地点应为县、乡镇或村")
        if not in_scope(self.actor, code):
            raise RowError("区划代码", OUT_OF_SCOPE)
        return region

    # 支出明细

    def spend(self, record: dict[str, Any]) -> None:
        line = self._line(record)
        voucher = record["voucher_number"]
        if voucher:
            self._once((EXPENSES, line.pk, voucher), record["_row"])
            if Expense.objects.filter(allocation=line, voucher_number=voucher).exists():
                raise RowError("凭证号", "该笔资金安排已登记过这个凭证号的支出")
        funds.spend(
            self.actor,
            allocation=line,
            amount=record["amount"],
            paid_on=record["paid_on"],
            payee=record["payee"],
            purpose=record["purpose"],
            voucher_number=voucher,
        )

    def _line(self, record: dict[str, Any]) -> Allocation:
        project = Project.objects.filter(pk=record["project_id"]).first()
        if project is None or not is_visible(self.actor, project):
            raise RowError("项目编号", f"系统中没有这个项目，或{OUT_OF_SCOPE}")
        if record["project_name"] and record["project_name"] != project.name:
            raise RowError("项目名称", f"与项目编号不符（编号 {project.pk} 为“{project.name}”）")
        lines = list(project.allocations.select_related("fund").order_by("pk"))
        document = record["fund_document"]
        if document:
            lines = [
                line
                for line in lines
                if document in (line.fund.document_number, line.document_number)
            ]
        if not lines:
            where = "没有这个资金文号的资金安排" if document else "还没有安排资金"
            raise RowError("资金文号" if document else "项目编号", f"该项目{where}")
        if len(lines) > 1:
            raise RowError("资金文号", "该项目有多笔资金安排，请填写资金文号（或下达文号）区分")
        return lines[0]

    def _refuse(self, sheet: str, record: dict[str, Any], column: str, reason: str) -> None:
        spec = SHEETS[sheet]
        key = next((col.key for col in spec.columns if col.header == column), None)
        value = record.get(key) if key else None
        shown = "" if value in (None, "") else c.as_text(value)
        self.issues.append(ImportIssue(sheet, record["_row"], column, shown, reason))
