"""Every limit of an uploaded file, in one place, checked while the file streams.

A file is refused with an `InvalidFile` naming the limit before anything big is held in memory:

- size of the upload (`upload_mb`, the form refuses it before it is stored);
- rows of a table (`rows`; counted as the rows stream, in an XLSX from its XML before openpyxl
  reads it, so a small zip bomb of a million rows is refused after 200,001 of them);
- characters of one cell (`cell_chars`: 32,767, the most Excel itself puts in a cell; a CSV is
  checked row by row, an XLSX's XML by the text of each element);
- bytes of XML unpacked from an XLSX (`unpacked_mb`) and no DTD in it: an XML entity is refused
  (the "billion laughs" expands a few hundred bytes into gigabytes);
- nesting of a JSON file (`json_depth`), a whole number's size (`whole`, what every database's
  integer column holds) and no NaN, Infinity or number too large for a float.

Not a refusal: a file over `background_mb` (its bytes; an XLSX's bytes unpacked, as its zip
directory states them) is read and previewed by the task worker, not in the web request
(`lll.core.imports.background`).

The figures can be changed with the `LLL_IMPORT_LIMITS` setting (a dict of the fields below);
`current()` reads it each time, so a test can lower a limit.
"""

import json
import math
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any
from xml.parsers import expat

from django.conf import settings
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from lll.core.errors import UserError

from . import progress

CHUNK = 1 << 20


class InvalidFile(UserError):
    """The file cannot be read (or is too long); the message says why, naming the row."""


@dataclass(frozen=True)
class Limits:
    upload_mb: int = 50
    rows: int = 200_000
    cell_chars: int = 32_767
    unpacked_mb: int = 500
    json_depth: int = 20
    whole: int = 2_147_483_647
    background_mb: int = 5


def current() -> Limits:
    configured: dict[str, int] = dict(getattr(settings, "LLL_IMPORT_LIMITS", {}))
    configured.setdefault("upload_mb", getattr(settings, "LLL_MAX_UPLOAD_MB", 50))
    return Limits(**configured)


def shown(number: int) -> str:
    """A limit as the message names it: "32 767" in Polish."""
    return number_format(number, force_grouping=True)


def too_many_rows(most: int) -> InvalidFile:
    return InvalidFile(
        _("The file has more than %(n)s rows, the most one import takes; split it into parts.")
        % {"n": shown(most)}
    )


def cell_too_long(row: int, column: int) -> InvalidFile:
    return InvalidFile(
        _(
            "Row %(row)d, column %(column)d: the cell holds more than %(n)s characters, "
            "the most one cell may hold."
        )
        % {"row": row, "column": column, "n": shown(current().cell_chars)}
    )


def check_cells(row: int, cells: list[str], most: int) -> None:
    for column, cell in enumerate(cells, start=1):
        if len(cell) > most:
            raise cell_too_long(row, column)


# ---------------------------------------------------------------------------------------------
# XLSX: the XML inside the package, streamed through expat before openpyxl opens it


class _Refused(Exception):
    def __init__(self, error: InvalidFile) -> None:
        self.error = error


def _check_part(
    package: zipfile.ZipFile, info: zipfile.ZipInfo, budget: list[int], limits: Limits
) -> None:
    """Stream one XML part: no DTD (entities), no text run over the cell limit, no sheet over
    the row limit, and the package's unpacked bytes within the budget."""
    parser = expat.ParserCreate()
    is_sheet = info.filename.startswith("xl/worksheets/")
    state = {"text": 0, "rows": 0}

    def refuse_dtd(*_args: Any) -> None:
        raise _Refused(
            InvalidFile(
                _(
                    "The XLSX file holds an XML declaration (DTD or entity) that workbooks "
                    "saved by Excel or LibreOffice never hold; it is not read."
                )
            )
        )

    def start(name: str, _attributes: Any) -> None:
        state["text"] = 0
        if is_sheet and name.rpartition(":")[2] == "row":
            state["rows"] += 1
            progress.tick()
            if state["rows"] > limits.rows + 1:  # the header row and `rows` rows
                raise _Refused(too_many_rows(limits.rows))

    def end(_name: str) -> None:
        state["text"] = 0

    def text(data: str) -> None:
        state["text"] += len(data)
        if state["text"] > limits.cell_chars:
            raise _Refused(
                InvalidFile(
                    _(
                        "A cell of the workbook holds more than %(n)s characters, "
                        "the most one cell may hold."
                    )
                    % {"n": shown(limits.cell_chars)}
                )
            )

    parser.StartDoctypeDeclHandler = refuse_dtd
    parser.EntityDeclHandler = refuse_dtd
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    with package.open(info) as stream:
        while chunk := stream.read(CHUNK):
            budget[0] -= len(chunk)
            if budget[0] < 0:
                raise _Refused(
                    InvalidFile(
                        _("The XLSX file unpacks to more than %(n)s MB; split it into parts.")
                        % {"n": shown(limits.unpacked_mb)}
                    )
                )
            parser.Parse(chunk, False)
        parser.Parse(b"", True)


def check_xlsx(source: Path | IO[bytes]) -> None:
    """Refuse a workbook over a limit, or with XML entities, before openpyxl reads it."""
    limits = current()
    budget = [limits.unpacked_mb * 1024 * 1024]
    progress.start(progress.CHECKING)
    try:
        with zipfile.ZipFile(source) as package:
            for info in package.infolist():
                if info.filename.endswith((".xml", ".rels", ".vml")):
                    _check_part(package, info, budget, limits)
    except _Refused as refused:
        raise refused.error from None
    except (
        zipfile.BadZipFile,
        expat.ExpatError,
        OSError,
        EOFError,
        ValueError,
        RuntimeError,
    ) as exc:
        raise InvalidFile(_("The file is not a valid XLSX workbook.")) from exc


# ---------------------------------------------------------------------------------------------
# JSON


def _no_constant(name: str) -> Any:
    raise ValueError(name)


def _finite(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(text)
    return value


def _depth(data: Any, most: int) -> bool:
    """Whether `data` nests no deeper than `most` (walked without recursion)."""
    stack: list[tuple[Any, int]] = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict):
            value = list(value.values())
        elif not isinstance(value, list):
            continue
        if depth > most:
            return False
        stack.extend((item, depth + 1) for item in value if isinstance(item, dict | list))
    return True


def parse_json(content: bytes) -> Any:
    """The JSON file's data; InvalidFile (in Polish, naming the limit or the place) for a file
    that is not UTF-8 JSON, nests deeper than the limit, or holds NaN, Infinity or a number
    beyond a float or longer than 4,300 digits."""
    limits = current()
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidFile(_("The JSON file is not in UTF-8 encoding.")) from exc
    too_deep = InvalidFile(
        _("The JSON file nests lists and objects more than %(n)d levels deep.")
        % {"n": limits.json_depth}
    )
    try:
        data = json.loads(text, parse_constant=_no_constant, parse_float=_finite)
    except json.JSONDecodeError as exc:
        raise InvalidFile(
            _("The JSON file cannot be read: a syntax error in line %(line)d, column %(column)d.")
            % {"line": exc.lineno, "column": exc.colno}
        ) from exc
    except RecursionError:
        raise too_deep from None
    except ValueError as exc:
        raise InvalidFile(
            _("The JSON file holds a number that is not finite or too long (NaN, Infinity, 1e999).")
        ) from exc
    if not _depth(data, limits.json_depth):
        raise too_deep
    return data


def whole_too_large(value: int) -> bool:
    """A whole number beyond what the database's integer columns hold."""
    return abs(value) > current().whole
