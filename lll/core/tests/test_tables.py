import csv
import datetime
import io
from decimal import Decimal
from types import SimpleNamespace

import openpyxl
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import translation

from lll.core.tables import EMPTY, Column, Table, show

TABLE = Table(
    "lista",
    "Lista",
    [
        Column("Nazwa", lambda i: i.name, link=lambda i: f"/x/{i.pk}/"),
        Column("Kwota", lambda i: i.amount, numeric=True),
        Column("Dzień", lambda i: i.day),
        Column("Tylko w pliku", lambda i: i.pk, page=False),
        Column("Tylko na stronie", lambda i: "<b>", export=False),
    ],
)
ITEMS = [
    SimpleNamespace(pk=1, name="Łomża", amount=Decimal("7234.5"), day=datetime.date(2024, 3, 12)),
    SimpleNamespace(pk=2, name="", amount=None, day=None),
]


def test_the_page_shows_the_exported_values_in_polish():
    with translation.override("pl"):
        table = TABLE.bind(ITEMS)
        html = render_to_string("core/_table.html", {"table": table})
    assert [str(c.header) for c in table.columns] == ["Nazwa", "Kwota", "Dzień", "Tylko na stronie"]
    assert '<a href="/x/1/">Łomża</a>' in html
    assert "7\xa0234,5" in html or "7 234,5" in html
    assert "12 marca 2024 r." in html
    assert html.count(EMPTY) == 3  # no name (and so no link), no amount, no day
    assert "&lt;b&gt;" in html  # text is escaped; only a column's own HTML is safe
    assert 'class="text-end"' in html


def test_the_export_writes_the_raw_values_of_the_same_columns():
    request = RequestFactory().get("/", {"export": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(TABLE.export(request, ITEMS).content)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0] == ["Nazwa", "Kwota", "Dzień", "Tylko w pliku"]
    assert rows[1] == ["Łomża", 7234.5, datetime.datetime(2024, 3, 12), 1]
    assert rows[2] == [None, None, None, 2]
    with translation.override("pl"):
        request = RequestFactory().get("/", {"export": "csv"})
        text = TABLE.export(request, ITEMS).content.decode().lstrip("\ufeff")
    assert list(csv.reader(io.StringIO(text), delimiter=";"))[1][:2] == ["Łomża", "7234,5"]


def test_show_writes_numbers_and_booleans_in_the_page_language():
    with translation.override("en"):
        assert show(1234567) == "1,234,567"
        assert show(True) == "yes"
    with translation.override("pl"):
        assert show(0) == "0"
        assert show(False) == "nie"


def test_a_sortable_header_links_to_its_order_and_back():
    table = Table("t", "T", [Column("Nazwa", lambda i: i.name, sort="name")])
    request = RequestFactory().get("/", {"sort": "name", "page": "3", "q": "ł"})
    header = table.bind([], request).headers[0]
    assert header.direction == "ascending"
    assert "sort=-name" in header.url and "page" not in header.url and "q=" in header.url
    html = render_to_string("core/_table.html", {"table": table.bind([], request)})
    assert 'aria-sort="ascending"' in html
