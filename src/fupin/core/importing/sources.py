"""Reading what an office sends: an .xlsx workbook, one CSV, a folder or a .zip of CSVs.

Every sheet comes out as rows of raw cells with their Excel row numbers, so that errors can name
the row as Excel shows it. CSV files are UTF-8 (with or without BOM) or GB18030, named
``<sheet name>.csv``.
"""

from __future__ import annotations

import contextlib
import csv
import io
import zipfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

import openpyxl
from python_calamine import CalamineWorkbook

from fupin.core.errors import DomainError, Refusal


class SourceError(DomainError):
    """The file as a whole cannot be read (not a workbook, damaged, too large); in Chinese."""

    default_refusal = Refusal.INPUT


READING_THREADS = 2

# Limits that protect the server from a hostile or mistaken upload.
MAX_SOURCE_BYTES = 512 * 1024 * 1024
MAX_ZIP_MEMBERS = 64


@dataclass
class RawSheet:
    name: str
    file_name: str
    rows: list[list[Any]] = field(default_factory=list)  # rows[i] is Excel row i + 1


def read_source(path: Path) -> list[RawSheet]:
    path = Path(path)
    if path.is_dir():
        return [_read_csv_bytes(item.name, item.read_bytes()) for item in _csv_files(path)]
    if not path.exists():
        raise SourceError(f"找不到文件：{path}")
    if path.stat().st_size > MAX_SOURCE_BYTES:
        raise SourceError(f"文件过大（超过 {MAX_SOURCE_BYTES // 1024 // 1024} MB）")
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return _read_workbook(path)
    if suffix == ".csv":
        return [_read_csv_bytes(path.name, path.read_bytes())]
    if suffix == ".zip":
        return _read_zip(path)
    if suffix == ".xls":
        raise SourceError("不支持旧版 .xls 文件，请在 Excel 中另存为 .xlsx 后再导入")
    raise SourceError(
        f"不支持的文件类型 {suffix or '（无扩展名）'}：请使用 .xlsx、.csv、.zip 或文件夹"
    )


def _csv_files(folder: Path) -> list[Path]:
    files = sorted(item for item in folder.iterdir() if item.suffix.lower() == ".csv")
    if not files:
        raise SourceError(f"文件夹 {folder} 中没有 .csv 文件")
    return files


def _read_workbook(path: Path) -> list[RawSheet]:
    try:
        names = CalamineWorkbook.from_path(str(path)).sheet_names
        # The reader parses a sheet mostly without holding the interpreter lock, so two sheets
        # read at once take about two thirds of the time (a county's workbook at scale 10:
        # 8.6 s -> 5.8 s on two cores). Each thread opens the file for itself.
        with ThreadPoolExecutor(max_workers=READING_THREADS) as pool:
            return list(pool.map(partial(_read_sheet, path), names))
    except Exception as error:  # calamine raises its own types for damaged or encrypted files
        raise SourceError(
            f"无法读取工作簿 {path.name}：文件已损坏、加密或不是 .xlsx 格式"
        ) from error


def _read_sheet(path: Path, name: str) -> RawSheet:
    rows = (
        CalamineWorkbook.from_path(str(path))
        .get_sheet_by_name(name)
        .to_python(skip_empty_area=False)
    )
    _restore_exact_numbers(path, name, rows)
    return RawSheet(name=name.strip(), file_name=path.name, rows=rows)


# Above this, a float cannot hold every digit of an integer: an 18-digit ID number stored as a
# number may have lost its last digits, or may not (when a program wrote all 18 into the file).
EXACT_FLOAT_LIMIT = 2**53


def _restore_exact_numbers(path: Path, sheet_name: str, rows: list[list[Any]]) -> None:
    """Replace large whole-number floats by the integer the file really holds.

    The fast reader gives every number as a float; an ID number stored as a number is only
    recoverable from the file's own text of the cell, which openpyxl reads as an exact integer.
    Excel itself keeps 15 significant digits, so its cells stay refused; this slower path is taken
    only for the rare sheets that hold such numbers.
    """
    positions = {
        (r, c)
        for r, row in enumerate(rows)
        for c, cell in enumerate(row)
        if isinstance(cell, float) and cell.is_integer() and abs(cell) >= EXACT_FLOAT_LIMIT
    }
    if not positions:
        return
    workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        last = max(r for r, _ in positions)
        sheet_rows = workbook[sheet_name].iter_rows(min_row=1, max_row=last + 1, values_only=True)
        for r, values in enumerate(sheet_rows):
            for c, value in enumerate(values):
                if (r, c) in positions and isinstance(value, int):
                    rows[r][c] = value
    finally:
        workbook.close()


def _read_zip(path: Path) -> list[RawSheet]:
    try:
        with zipfile.ZipFile(path) as archive:
            members = [
                info
                for info in archive.infolist()
                if not info.is_dir()
                and info.filename.lower().endswith(".csv")
                and not Path(info.filename).name.startswith(("._", "~$"))
            ]
            if not members:
                raise SourceError(f"压缩包 {path.name} 中没有 .csv 文件")
            if len(members) > MAX_ZIP_MEMBERS:
                raise SourceError(f"压缩包中的文件过多（超过 {MAX_ZIP_MEMBERS} 个）")
            if sum(info.file_size for info in members) > MAX_SOURCE_BYTES:
                raise SourceError("压缩包解压后过大")
            return [_read_csv_bytes(_zip_member_name(info), archive.read(info)) for info in members]
    except zipfile.BadZipFile as error:
        raise SourceError(f"无法读取压缩包 {path.name}：文件已损坏或不是 .zip 格式") from error


def _zip_member_name(info: zipfile.ZipInfo) -> str:
    # Archives made on Chinese Windows store GBK names without the UTF-8 flag.
    name = info.filename
    if not info.flag_bits & 0x800:
        with contextlib.suppress(UnicodeEncodeError, UnicodeDecodeError):
            name = name.encode("cp437").decode("gb18030")
    return Path(name).name


def _read_csv_bytes(file_name: str, data: bytes) -> RawSheet:
    text = _decode(file_name, data)
    rows = list(csv.reader(io.StringIO(text, newline="")))  # each row a new list already
    return RawSheet(name=Path(file_name).stem.strip(), file_name=file_name, rows=rows)


def _decode(file_name: str, data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict")
    for encoding in ("utf-8", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise SourceError(f"{file_name} 的编码无法识别：请保存为 UTF-8 或 GB18030 编码的 CSV")


def read_list(path: Path, name: str, *, max_bytes: int, max_rows: int) -> list[RawSheet]:
    """A list of one sheet as an office uploads it: a file no larger than ``max_bytes``; one
    sheet (or one CSV) is the list whatever it is named, otherwise the sheet called ``name``;
    no more than ``max_rows`` rows. SourceError otherwise."""
    path = Path(path)
    if path.is_file() and path.stat().st_size > max_bytes:
        raise SourceError(f"文件过大（超过 {max_bytes // 1024 // 1024} MB）")
    raw_sheets = read_source(path)
    if len(raw_sheets) == 1:
        raw_sheets[0].name = name
    too_many = [raw for raw in raw_sheets if raw.name == name and len(raw.rows) > max_rows]
    if too_many:
        raise SourceError(f"行数过多（{len(too_many[0].rows)} 行，上限 {max_rows} 行）")
    return raw_sheets
