"""A list's table, declared once for both the page and its XLSX/CSV export.

    PEOPLE = Table(
        "osoby",
        _lazy("People"),
        [
            Column(_lazy("Last name"), attrgetter("last_name"), link=Person.get_absolute_url),
            Column(_lazy("E-mail"), attrgetter("email")),
        ],
    )

    if wants_export(request):
        return PEOPLE.export(request, people)          # every row, the raw values
    page = page_of(request, people)
    ... {"table": PEOPLE.bind(page.object_list)} ...   # {% include "core/_table.html" %}

A column gives the value once (`value`); the export writes it as it is (numbers stay numbers,
dates stay dates) and the page shows it in the page's language ("7 234,5", "12 marca 2024 r.",
"—" for nothing). A column that shows more on the page than it exports (a link, a badge) adds
`link` or `cell`; a column only one of the two needs says `page=False` or `export=False`.
"""

import datetime
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.functional import Promise
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from .dates import long_date
from .exports import export_response

EMPTY = "—"


def show(value: Any) -> str:
    """A value as a page shows it in a table cell, in the page's language."""
    if value is None or value == "":
        return EMPTY
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, int | float | Decimal):
        return number_format(value, use_l10n=True, force_grouping=True)
    if isinstance(value, datetime.datetime):
        local = timezone.localtime(value) if timezone.is_aware(value) else value
        return f"{long_date(local)}, {local:%H:%M}"
    if isinstance(value, datetime.date):
        return long_date(value)
    return str(value)


def demo_badge(item: Any) -> SafeString:
    """The "demo" mark after the name of a record loaded as demo data."""
    if getattr(item, "is_demo", False):
        return format_html(' <span class="badge text-bg-secondary">{}</span>', _("demo"))
    return SafeString("")


@dataclass(frozen=True)
class Column:
    header: str | Promise
    value: Callable[[Any], Any]
    link: Callable[[Any], str] | None = None  # the page links the cell here
    cell: Callable[[Any], str] | None = None  # what the page shows instead (safe HTML allowed)
    numeric: bool = False  # right-aligned on the page
    header_hidden: bool = False  # the header is for screen readers only (a column of links)
    sort: str = ""  # the `?sort=` key the header offers (the view orders by it)
    plain: bool = False  # a number shown as it is, without grouping (a year, a code)
    page: bool = True
    export: bool = True

    def html(self, item: Any) -> str:
        if self.cell is not None:
            return self.cell(item)
        value = self.value(item)
        text = str(value) if self.plain and value is not None else show(value)
        if self.link is not None and text != EMPTY:
            return format_html('<a href="{}">{}</a>', self.link(item), text)
        return text


@dataclass(frozen=True)
class Cell:
    html: str
    numeric: bool


@dataclass(frozen=True)
class Header:
    column: Column
    url: str = ""  # sorts the list by the column; a second click reverses the order
    direction: str = ""  # aria-sort: "ascending", "descending" or ""


def _header(column: Column, request: HttpRequest | None) -> Header:
    if not column.sort or request is None:
        return Header(column)
    key, current = column.sort, request.GET.get("sort", "")
    params = request.GET.copy()
    params.pop("page", None)
    params.pop("export", None)
    params["sort"] = f"-{key}" if current == key else key
    direction = {key: "ascending", f"-{key}": "descending"}.get(current, "")
    return Header(column, f"?{params.urlencode()}", direction)


@dataclass(frozen=True)
class BoundTable:
    """A table with the rows of one page, as `core/_table.html` renders it."""

    label: str | Promise
    headers: list[Header]
    rows: list[list[Cell]]

    @property
    def columns(self) -> list[Column]:
        return [h.column for h in self.headers]


@dataclass(frozen=True)
class Table:
    filename: str  # the export's file name, without the date and extension
    label: str | Promise  # names the table for screen readers
    columns: Sequence[Column]

    def headers(self) -> list[str]:
        return [str(c.header) for c in self.columns if c.export]

    def values(self, items: Iterable[Any]) -> Iterable[list[Any]]:
        exported = [c for c in self.columns if c.export]
        return ([c.value(item) for c in exported] for item in items)

    def export(
        self, request: HttpRequest, items: Iterable[Any], filename: str = ""
    ) -> HttpResponse:
        """The whole list as the XLSX or CSV file `?export=` asks for."""
        name = filename or self.filename
        return export_response(request, name, self.headers(), self.values(items))

    def bind(self, items: Iterable[Any], request: HttpRequest | None = None) -> BoundTable:
        """The page's rows; with the request, headers of sortable columns link to their order."""
        shown = [c for c in self.columns if c.page]
        rows = [[Cell(c.html(item), c.numeric) for c in shown] for item in items]
        return BoundTable(self.label, [_header(c, request) for c in shown], rows)
