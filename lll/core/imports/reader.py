"""Reading the tables people upload: CSV (any common delimiter, UTF-8 or Windows-1250) and XLSX.

Rows are streamed, never held whole, so a large file costs little memory. Cells come as the file
holds them: text stays text (a cell like "=cmd|..." is a string, never a formula), numbers of a
workbook are numbers. Every failure is an `InvalidFile` whose message names the row.
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

from lll.core.errors import UserError

SUPPORTED = (".csv", ".xlsx")


class InvalidFile(UserError):
    """The file cannot be read (or is too long); the message says why, naming the row."""


@dataclass
class Table:
    header: list[str]
    path: Path
    max_rows: int | None = None  # rows after the header; more is an InvalidFile

    def rows(self) -> Iterator[tuple[int, list[Any]]]:
        """(row number as the user sees it, cells) for every non-empty row after the header."""
        if self.path.suffix.lower() == ".xlsx":
            rows = _xlsx_rows(self.path, skip_header=True)
        else:
            rows = _csv_rows(self.path, skip_header=True)
        if self.max_rows is None:
            yield from rows
            return
        yield from limited(rows, self.max_rows)


def limited(rows: Iterator[tuple[int, list[Any]]], most: int) -> Iterator[tuple[int, list[Any]]]:
    """The rows, refused with an `InvalidFile` as soon as there are more than `most`."""
    for count, row in enumerate(rows, start=1):
        if count > most:
            raise InvalidFile(_("The file has more than %(n)d rows.") % {"n": most})
        yield row


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
    number = 0
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
    except UnicodeDecodeError as exc:
        raise InvalidFile(
            _(
                "Row %(row)d of the CSV file is neither UTF-8 nor Windows-1250 text: "
                "save the file again as CSV UTF-8."
            )
            % {"row": _undecodable_line(path, encoding)}
        ) from exc
    except csv.Error as exc:
        raise InvalidFile(
            _(
                "The CSV file cannot be read from row %(row)d on: a quotation mark is not "
                "closed or a cell is too long."
            )
            % {"row": number + 1}
        ) from exc


def _undecodable_line(path: Path, encoding: str) -> int:
    """The first line of the file that is not text in `encoding` (read again only on error)."""
    number = 0
    with path.open("rb") as handle:
        for number, line in enumerate(handle, start=1):
            try:
                line.decode(encoding)
            except UnicodeDecodeError:
                return number
    return number


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


def open_table(path: Path, max_rows: int | None = None) -> Table:
    """The file's header row; raises InvalidFile with a message for the user.

    With `max_rows`, reading the rows raises InvalidFile once there are more than that."""
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
        header=[h or _("column %(n)d") % {"n": i + 1} for i, h in enumerate(header)],
        path=path,
        max_rows=max_rows,
    )


def sample(table: Table, count: int = 5) -> list[list[Any]]:
    rows = []
    for _number, cells in table.rows():
        rows.append(cells)
        if len(rows) == count:
            break
    return rows
