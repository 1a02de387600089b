"""Loading the national division codes shipped in ``data/`` into the Region table.

One transaction, idempotent: rows are compared with what is stored and only new or changed rows are
written, so a second load changes nothing. Regions no longer in the national table are kept
(households may still point at them) and counted as ``retired``.
"""

from __future__ import annotations

import csv
import io
import lzma
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from django.db import connection, transaction

from fupin.core.errors import DomainError, Refusal
from fupin.core.scope import within

from .choices import Level, parent_code
from .models import Region

DATA_DIR = Path(__file__).resolve().parent / "data"

# One file per level, parents first so that a reader of the progress sees the tree grow downward.
LEVEL_FILES: list[tuple[int, str]] = [
    (Level.PROVINCE, "provinces.csv.xz"),
    (Level.CITY, "cities.csv.xz"),
    (Level.COUNTY, "areas.csv.xz"),
    (Level.TOWNSHIP, "streets.csv.xz"),
    (Level.VILLAGE, "villages.csv.xz"),
]

RegionRow = tuple[str, str, int, str | None]  # code, name, level, parent code
ProgressCallback = Callable[[int, int, str], None]  # done, total, what is being done


class RegionLoadError(DomainError):
    """The request cannot be carried out (unknown province code); the message is in Chinese."""

    default_refusal = Refusal.INPUT


@dataclass(frozen=True)
class LoadReport:
    provinces: list[str]
    read: int
    inserted: int
    updated: int
    unchanged: int
    retired: int

    def summary(self) -> str:
        scope = "全国" if not self.provinces else "、".join(self.provinces)
        return (
            f"行政区划（{scope}）：读取 {self.read} 条，新增 {self.inserted} 条，"
            f"更新 {self.updated} 条，未变 {self.unchanged} 条，已不在国家代码表中 {self.retired} 条"
        )


def available_provinces() -> dict[str, str]:
    """Province code → name, from the shipped files."""
    return {code: name for code, name, _, _ in _read_level(Level.PROVINCE, "provinces.csv.xz")}


def read_regions(provinces: Iterable[str] = ()) -> list[RegionRow]:
    """Every region of the given provinces (all of them when none is given), parents first."""
    wanted = set(provinces)
    unknown = wanted - available_provinces().keys()
    if unknown:
        raise RegionLoadError(
            "未知的省级区划代码：" + "、".join(sorted(unknown)) + "（应为两位数字，如 22）"
        )
    rows: list[RegionRow] = []
    for level, file_name in LEVEL_FILES:
        rows.extend(
            row for row in _read_level(level, file_name) if not wanted or row[0][:2] in wanted
        )
    return rows


def _read_level(level: int, file_name: str) -> Iterator[RegionRow]:
    with lzma.open(DATA_DIR / file_name, "rb") as raw:
        reader = csv.reader(io.TextIOWrapper(raw, encoding="utf-8", newline=""))
        next(reader)  # header: code, name, then parent codes we derive from the code itself
        for record in reader:
            code, name = record[0], record[1]
            yield code, name, level, parent_code(code)


def load_regions(
    provinces: Iterable[str] = (), *, progress: ProgressCallback | None = None
) -> LoadReport:
    """Load (or refresh) the division codes of the given provinces, all of them by default."""
    provinces = sorted(set(provinces))
    report_progress = progress or (lambda done, total, what: None)
    report_progress(0, 1, "读取国家区划代码表")
    rows = read_regions(provinces)
    total = len(rows)
    report_progress(0, total, "比对并写入行政区划")

    # Compared inside the transaction, so that two loads at once cannot both insert a row.
    with transaction.atomic():
        stored = _stored_regions(provinces)
        new = [row for row in rows if row[0] not in stored]
        changed = [row for row in rows if row[0] in stored and stored[row[0]] != row[1:]]
        wanted_codes = {row[0] for row in rows}
        retired = sum(1 for code in stored if code not in wanted_codes)
        for batch in _batches(new):
            _insert(batch)
        for batch in _batches(changed):
            _update(batch)
    report_progress(total, total, "完成")

    return LoadReport(
        provinces=provinces,
        read=total,
        inserted=len(new),
        updated=len(changed),
        unchanged=total - len(new) - len(changed),
        retired=retired,
    )


def _stored_regions(provinces: list[str]) -> dict[str, tuple[str, int, str | None]]:
    queryset = Region.objects.all()
    if provinces:
        scope = within("code", provinces[0])
        for code in provinces[1:]:
            scope |= within("code", code)
        queryset = queryset.filter(scope)
    return {
        code: (name, level, parent)
        for code, name, level, parent in queryset.values_list("code", "name", "level", "parent_id")
    }


BATCH_SIZE = 20_000


def _batches(rows: list[RegionRow]) -> Iterator[list[RegionRow]]:
    for start in range(0, len(rows), BATCH_SIZE):
        yield rows[start : start + BATCH_SIZE]


_TABLE = Region._meta.db_table


def _insert(rows: list[RegionRow]) -> None:
    # A plain executemany is several times faster than bulk_create for 600k rows; the columns are
    # few and fixed, and the values come from our own shipped files.
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {_TABLE} (code, name, level, parent_id) VALUES (%s, %s, %s, %s)", rows
        )


def _update(rows: list[RegionRow]) -> None:
    with connection.cursor() as cursor:
        cursor.executemany(
            f"UPDATE {_TABLE} SET name = %s, level = %s, parent_id = %s WHERE code = %s",
            [(name, level, parent, code) for code, name, level, parent in rows],
        )
