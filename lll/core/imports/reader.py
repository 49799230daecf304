"""Reading the tables people upload: CSV (any common delimiter, UTF-8 or Windows-1250) and XLSX.

Rows are streamed, never held whole, so a large file costs little memory. Cells come as the file
holds them: text stays text (a cell like "=cmd|..." is a string, never a formula), numbers of a
workbook are numbers. Every failure is an `InvalidFile` whose message names the row.
"""

import codecs
import csv
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from . import limits, progress
from .limits import InvalidFile

SUPPORTED = (".csv", ".xlsx")


@dataclass
class Table:
    header: list[str]
    path: Path
    max_rows: int | None = None  # rows after the header (at most the limit); more: InvalidFile

    def rows(self) -> Iterator[tuple[int, list[Any]]]:
        """(row number as the user sees it, cells) for every non-empty row after the header."""
        if self.path.suffix.lower() == ".xlsx":
            rows = _xlsx_rows(self.path, skip_header=True)
        else:
            rows = _csv_rows(self.path, skip_header=True)
        most = limits.current().rows
        yield from limited(rows, min(self.max_rows or most, most))


def limited(rows: Iterator[tuple[int, list[Any]]], most: int) -> Iterator[tuple[int, list[Any]]]:
    """The rows, refused with an `InvalidFile` as soon as there are more than `most` (and
    counted for a background preview's page)."""
    progress.start(progress.READING)
    for count, row in enumerate(rows, start=1):
        if count > most:
            raise limits.too_many_rows(most)
        progress.tick()
        yield row


def _csv_dialect(sample: str) -> type[csv.Dialect] | csv.Dialect:
    try:
        return csv.Sniffer().sniff(sample, delimiters=";,\t|")
    except csv.Error:
        return csv.excel


def _csv_encoding(path: Path) -> str:
    """UTF-8 when the whole file is UTF-8 (decoded in chunks: the first Polish letter may come
    after many megabytes of digits), else Windows-1250, as Polish Excel saves CSV."""
    decoder = codecs.getincrementaldecoder("utf-8-sig")()
    try:
        with path.open("rb") as handle:
            while chunk := handle.read(limits.CHUNK):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return "cp1250"
    return "utf-8-sig"


def _csv_rows(path: Path, skip_header: bool) -> Iterator[tuple[int, list[Any]]]:
    encoding = _csv_encoding(path)
    most = limits.current().cell_chars
    number = 0
    try:
        with path.open(encoding=encoding, newline="") as handle:
            dialect = _csv_dialect(handle.read(64 * 1024))
            handle.seek(0)
            reader = csv.reader(handle, dialect)
            for number, row in enumerate(reader, start=1):
                limits.check_cells(number, row, most)
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
                "closed or a cell holds more than %(n)s characters."
            )
            % {"row": number + 1, "n": limits.shown(most)}
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
    limits.check_xlsx(path)  # before openpyxl holds its shared strings in memory
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise InvalidFile(_("The file is not a valid XLSX workbook.")) from exc
    try:
        sheet = workbook.worksheets[0]
        found = False
        for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
            cells = list(row)
            if not any(cell not in (None, "") for cell in cells):
                continue
            found = True
            if number == 1 and skip_header:
                continue
            yield number, cells
        if not found:
            _refuse_empty_first_sheet(workbook)
    finally:
        workbook.close()


def _refuse_empty_first_sheet(workbook: Any) -> None:
    """An empty first sheet while another holds data: say so. The import reads the first sheet
    only, as a workbook's other sheets often hold notes, sums or older versions of the data, and
    taking whichever has data could import the wrong table."""
    for sheet in workbook.worksheets[1:]:
        for row in sheet.iter_rows(values_only=True):
            if any(cell not in (None, "") for cell in row):
                raise InvalidFile(
                    _(
                        "The first sheet (“%(first)s”) is empty and the data is on the sheet "
                        "“%(other)s”. The import reads the first sheet only (other sheets often "
                        "hold notes or sums): move the data to the first sheet and save the file."
                    )
                    % {"first": workbook.worksheets[0].title, "other": sheet.title}
                )


def open_table(path: Path, max_rows: int | None = None, whole: bool = False) -> Table:
    """The file's header row; raises InvalidFile with a message for the user.

    Reading the rows raises InvalidFile once there are more than `max_rows` (and never more
    than the limit). A file with a header and no data row is refused. `whole` reads every row
    now (an upload is checked against every limit before it is kept)."""
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED:
        raise InvalidFile(_("Upload a .csv or .xlsx file."))
    rows = _xlsx_rows(path, False) if suffix == ".xlsx" else _csv_rows(path, False)
    try:
        first = next(rows, None)
        if first is None:
            raise InvalidFile(_("The file has no rows."))
        header = [str(cell).strip() if cell is not None else "" for cell in first[1]]
        if not any(header):
            raise InvalidFile(_("The first row must name the columns."))
        if next(rows, None) is None:
            raise InvalidFile(
                _("The file has only the header row: there is no data to import below it.")
            )
    finally:
        rows.close()  # type: ignore[attr-defined]
    table = Table(
        header=[h or _("column %(n)d") % {"n": i + 1} for i, h in enumerate(header)],
        path=path,
        max_rows=max_rows,
    )
    if whole:
        for _row in table.rows():
            pass
    return table


def sample(table: Table, count: int = 5) -> list[list[Any]]:
    rows = []
    for _number, cells in table.rows():
        rows.append(cells)
        if len(rows) == count:
            break
    return rows
