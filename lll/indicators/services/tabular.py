"""Reading the tables people upload: CSV (any common delimiter, UTF-8 or Windows-1250) and XLSX.

Rows are streamed, never held whole, so a large file costs little memory.
"""

import csv
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

SUPPORTED = (".csv", ".xlsx")


class InvalidFile(Exception):
    pass


@dataclass
class Table:
    header: list[str]
    path: Path

    def rows(self) -> Iterator[tuple[int, list[Any]]]:
        """(row number as the user sees it, cells) for every row after the header."""
        if self.path.suffix.lower() == ".xlsx":
            yield from _xlsx_rows(self.path, skip_header=True)
        else:
            yield from _csv_rows(self.path, skip_header=True)


def _csv_dialect(sample: str) -> type[csv.Dialect] | csv.Dialect:
    try:
        return csv.Sniffer().sniff(sample, delimiters=";,\t|")
    except csv.Error:
        return csv.excel


def _csv_encoding(path: Path) -> str:
    with path.open("rb") as handle:
        head = handle.read(1 << 20)
    try:
        head.decode("utf-8-sig")
        return "utf-8-sig"
    except UnicodeDecodeError as exc:
        # A character cut at the end of the sample is still UTF-8.
        if exc.start > len(head) - 4:
            return "utf-8-sig"
        return "cp1250"  # Polish Excel saves CSV in Windows-1250


def _csv_rows(path: Path, skip_header: bool) -> Iterator[tuple[int, list[Any]]]:
    encoding = _csv_encoding(path)
    try:
        with path.open(encoding=encoding, newline="") as handle:
            dialect = _csv_dialect(handle.read(64 * 1024))
            handle.seek(0)
            reader = csv.reader(handle, dialect)
            for number, row in enumerate(reader, start=1):
                if number == 1 and skip_header:
                    continue
                if any(cell.strip() for cell in row):
                    yield number, row
    except (UnicodeDecodeError, csv.Error) as exc:
        raise InvalidFile(_("The CSV file cannot be read: %(error)s") % {"error": exc}) from exc


def _xlsx_rows(path: Path, skip_header: bool) -> Iterator[tuple[int, list[Any]]]:
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise InvalidFile(_("The file is not a valid XLSX workbook.")) from exc
    try:
        sheet = workbook.worksheets[0]
        for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
            if number == 1 and skip_header:
                continue
            cells = list(row)
            if any(cell not in (None, "") for cell in cells):
                yield number, cells
    finally:
        workbook.close()


def open_table(path: Path) -> Table:
    """The file's header row; raises InvalidFile with a message for the user."""
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED:
        raise InvalidFile(_("Upload a .csv or .xlsx file."))
    rows = _xlsx_rows(path, False) if suffix == ".xlsx" else _csv_rows(path, False)
    first = next(rows, None)
    if first is None:
        raise InvalidFile(_("The file has no rows."))
    header = [str(cell).strip() if cell is not None else "" for cell in first[1]]
    if not any(header):
        raise InvalidFile(_("The first row must name the columns."))
    return Table(
        header=[h or _("column %(n)d") % {"n": i + 1} for i, h in enumerate(header)], path=path
    )


def sample(table: Table, count: int = 5) -> list[list[Any]]:
    rows = []
    for _number, cells in table.rows():
        rows.append(cells)
        if len(rows) == count:
            break
    return rows
