"""Reading: CSV/XLSX through the core reader, JSON (RSPO API) here."""

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from lll.core.imports import InvalidFile, limits, open_table, parse_json


@dataclass
class Sheet:
    header: list[str]
    rows: Callable[[], Iterator[tuple[int, list[Any]]]]


def _flat(value: Any) -> Any:
    """RSPO nests some fields: typ {id, nazwa}, podmiotProwadzacy [{nazwa, ...}]."""
    if isinstance(value, list):
        return _flat(value[0]) if value else ""
    if isinstance(value, dict):
        return value.get("nazwa", value.get("name", ""))
    return value


def _json_sheet(path: Path) -> Sheet:
    data = parse_json(path.read_bytes())  # the upload's size is limited by its form
    if isinstance(data, dict):
        data = data.get("hydra:member", data.get("results", data.get("data")))
    if not isinstance(data, list) or not data or not all(isinstance(r, dict) for r in data):
        raise InvalidFile(_("The JSON file must hold a list of records (objects)."))
    header: list[str] = []
    for record in data:
        header.extend(k for k in record if k not in header)

    if len(data) > limits.current().rows:
        raise limits.too_many_rows(limits.current().rows)

    def rows() -> Iterator[tuple[int, list[Any]]]:
        for number, record in enumerate(data, start=1):
            yield number, [_flat(record.get(key)) for key in header]

    return Sheet(header, rows)


def read_sheet(path: Path, whole: bool = False) -> Sheet:
    """The file's columns and rows; raises InvalidFile with a message for the user. `whole`
    reads every row now, against every limit (an upload before it is kept)."""
    if path.suffix.lower() == ".json":
        return _json_sheet(path)
    table = open_table(path, whole=whole)
    return Sheet(table.header, table.rows)
