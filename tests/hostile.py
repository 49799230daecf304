"""Hostile files for the import tests and benchmarks, made on the fly (none is committed).

Each is small on disk and large or dangerous once read: an XML entity, a zip bomb of a million
rows, one cell of 80 MB, JSON nested 100,000 deep, a CSV cell over the csv module's limit.
"""

import io
import json
import zipfile
from collections.abc import Iterable

import openpyxl

ROWS_HEADER = '<row r="1"><c r="A1" t="inlineStr"><is><t>Kod</t></is></c><c r="B1" t="inlineStr"><is><t>Wartosc</t></is></c></row>'  # noqa: E501
SHEET_START = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
)
SHEET_END = "</sheetData></worksheet>"


def workbook(rows: list[list[object]], second: list[list[object]] | None = None) -> bytes:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    if second is not None:
        sheet = book.create_sheet("Dane")
        for row in second:
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def with_sheet(chunks: Iterable[str]) -> bytes:
    """A valid workbook whose first sheet's XML is `chunks`, written as it streams."""
    source = zipfile.ZipFile(io.BytesIO(workbook([["Kod", "Wartosc"], ["02", 1]])))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target:
        for info in source.infolist():
            if info.filename == "xl/worksheets/sheet1.xml":
                with target.open(info.filename, "w") as part:
                    for chunk in chunks:
                        part.write(chunk.encode())
            else:
                target.writestr(info, source.read(info.filename))
    return buffer.getvalue()


def xml_entity() -> bytes:
    """A "billion laughs": ten levels of entities, each ten of the one below."""
    levels = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, 10)
    ]
    return with_sheet(
        [
            '<?xml version="1.0" encoding="UTF-8"?>',
            f"<!DOCTYPE worksheet [{''.join(levels)}]>",
            SHEET_START.split("?>", 1)[1],
            ROWS_HEADER,
            '<row r="2"><c r="A2" t="inlineStr"><is><t>&lol9;</t></is></c></row>',
            SHEET_END,
        ]
    )


def zip_bomb(rows: int = 1_000_000) -> bytes:
    """A workbook of `rows` data rows, about 180 KB packed."""

    def chunks() -> Iterable[str]:
        yield SHEET_START + ROWS_HEADER
        row = '<row><c t="n"><v>2</v></c><c t="n"><v>1</v></c></row>'  # the same row: packs well
        for start in range(0, rows, 10_000):
            yield row * min(10_000, rows - start)
        yield SHEET_END

    return with_sheet(chunks())


def big_cell(megabytes: int = 80) -> bytes:
    """One text cell of `megabytes` MB, about 80 KB packed."""

    def chunks() -> Iterable[str]:
        yield SHEET_START + ROWS_HEADER + '<row r="2"><c r="A2" t="inlineStr"><is><t>'
        for _ in range(megabytes):
            yield "x" * (1 << 20)
        yield "</t></is></c></row>" + SHEET_END

    return with_sheet(chunks())


def deep_json(depth: int = 100_000) -> bytes:
    return b"[" * depth + b"]" * depth


def long_cell_csv() -> bytes:
    return b"Kod;Wartosc\n02;1\n04;" + b"x" * 140_000 + b"\n"


def late_cp1250_csv() -> bytes:
    """Windows-1250 whose first Polish letter comes after the first megabyte."""
    plain = "".join(f"02;{n % 90};{'opis ' * 200}\n" for n in range(1100))
    return ("Kod;Wartosc;Opis\n" + plain + "2062;7;Łomża\n").encode("cp1250")


def header_only_csv() -> bytes:
    return "Kod;Wartość\n".encode()


def second_sheet() -> bytes:
    return workbook([], second=[["Kod", "Wartosc"], ["02", 1]])


def results_with(example: bytes, **changes: object) -> bytes:
    data = json.loads(example)
    data.update(changes)
    return json.dumps(data).encode()
