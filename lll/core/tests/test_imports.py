"""The import pipeline's two policies and the file reader's errors (in Polish, naming the row)."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.utils import translation
from openpyxl import Workbook

from lll.core.errors import UserError
from lll.core.imports import (
    BadRows,
    InvalidFile,
    Policy,
    RowError,
    Tally,
    check_rows,
    open_table,
    write_checked,
)

HOSTILE = "=cmd|' /C calc'!A0"


@pytest.fixture(autouse=True)
def polish() -> Iterator[None]:
    with translation.override("pl"):
        yield


def write_csv(folder: Path, content: bytes, name: str = "plik.csv") -> Path:
    path = folder / name
    path.write_bytes(content)
    return path


# A tiny import into a real table (auth groups): a name, and a number that must be whole.


def check(cells: list[str]) -> str:
    name = cells[0].strip()
    if not name:
        raise RowError("name", "pusta nazwa")
    if not cells[1].strip().isdigit():
        raise RowError("size", "to nie jest liczba całkowita", cells[1])
    return name


def locate(error: RowError, cells: list[str]) -> tuple[str, object]:
    return {"name": "Nazwa", "size": "Liczba"}[error.key], error.value


def write(names: Iterator[str]) -> int:
    count = 0
    for name in names:
        Group.objects.create(name=name)
        count += 1
    return count


def groups_written() -> list[str]:
    return sorted(Group.objects.filter(name__in=NAMES).values_list("name", flat=True))


def run(path: Path, policy: Policy) -> tuple[Tally, int]:
    tally = Tally()
    good = check_rows(open_table(path).rows(), check, tally, locate, policy, key=str.lower)
    return tally, write_checked(good, write, tally, policy)


GROUPS = "Nazwa;Liczba\nPierwsza;1\nDruga;dużo\nTrzecia;3\npierwsza;4\n".encode()
NAMES = ["A", "B", "Pierwsza", "Druga", "Trzecia", "pierwsza"]


@pytest.mark.django_db
def test_all_or_nothing_writes_nothing_and_lists_every_problem(tmp_path):
    with pytest.raises(BadRows) as raised:
        run(write_csv(tmp_path, GROUPS), Policy.ALL_OR_NOTHING)
    assert groups_written() == []
    assert str(raised.value) == (
        "Wiersz 3, kolumna „Liczba”: to nie jest liczba całkowita Popraw plik i wgraj go ponownie."
    )
    assert [(p.row, p.column, p.value) for p in raised.value.problems] == [
        (3, "Liczba", "dużo"),
        (5, "", ""),
    ]
    assert raised.value.problems[1].reason == "ten sam rekord co w wierszu 2."
    assert isinstance(raised.value, UserError)


@pytest.mark.django_db
def test_all_or_nothing_writes_a_good_file(tmp_path):
    tally, written = run(write_csv(tmp_path, b"Nazwa;Liczba\nA;1\nB;2\n"), Policy.ALL_OR_NOTHING)
    assert (tally.rows, tally.problems, written) == (2, [], 2)
    assert groups_written() == ["A", "B"]


@pytest.mark.django_db
def test_reject_bad_rows_writes_the_good_ones_and_keeps_the_bad_with_reasons(tmp_path):
    tally, written = run(write_csv(tmp_path, GROUPS), Policy.REJECT_BAD_ROWS)
    assert groups_written() == ["Pierwsza", "Trzecia"]
    assert (tally.rows, tally.good, written) == (4, 2, 2)
    assert [problem.as_dict() for problem in tally.problems] == [
        {"row": 3, "column": "Liczba", "value": "dużo", "reason": "to nie jest liczba całkowita"},
        {"row": 5, "column": "", "value": "", "reason": "ten sam rekord co w wierszu 2."},
    ]
    assert str(tally.problems[0]) == "wiersz 3, kolumna „Liczba”: to nie jest liczba całkowita"


@pytest.mark.django_db
def test_a_dry_run_writes_nothing_and_raises_nothing(tmp_path):
    tally = Tally()
    rows = open_table(write_csv(tmp_path, GROUPS)).rows()
    good = check_rows(rows, check, tally, locate, Policy.REJECT_BAD_ROWS, key=str.lower)
    assert write_checked(good, write, tally, Policy.REJECT_BAD_ROWS, dry_run=True) == 2
    assert groups_written() == [] and len(tally.problems) == 2


# The reader


def test_a_windows_1250_csv_is_read_and_a_hostile_cell_stays_text(tmp_path):
    content = f"Powiat;Wzór\nŁódź;{HOSTILE}\n".encode("cp1250")
    table = open_table(write_csv(tmp_path, content))
    assert table.header == ["Powiat", "Wzór"]
    assert list(table.rows()) == [(2, ["Łódź", HOSTILE])]


def test_a_hostile_cell_of_a_workbook_stays_text(tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["Kod", "Uwagi"])
    sheet.append(["0201", HOSTILE])
    sheet["B2"].data_type = "s"  # stored as text, as a user's cell starting with "=" would be
    path = tmp_path / "plik.xlsx"
    workbook.save(path)
    assert list(open_table(path).rows()) == [(2, ["0201", HOSTILE])]


def test_a_broken_workbook_is_refused_in_polish(tmp_path):
    path = write_csv(tmp_path, b"PK\x03\x04 to nie jest skoroszyt", "plik.xlsx")
    with pytest.raises(InvalidFile, match="nie jest poprawnym plikiem XLSX"):
        open_table(path)


def test_a_file_of_another_kind_is_refused(tmp_path):
    with pytest.raises(InvalidFile, match=r"\.csv lub \.xlsx"):
        open_table(write_csv(tmp_path, b"a;b\n", "plik.txt"))


def test_a_wrong_encoding_is_refused_naming_the_row(tmp_path):
    # 0x98 is no character in Windows-1250, and the bytes are no UTF-8 either.
    content = b"Kod;Nazwa\n02;Dolno\xb6l\xb9skie\n04;\x98\x98\n"
    with pytest.raises(InvalidFile, match=r"^Wiersz 3 pliku CSV nie jest tekstem") as raised:
        list(open_table(write_csv(tmp_path, content)).rows())
    assert "UTF-8" in str(raised.value)


def test_a_cell_too_long_is_refused_naming_the_row(tmp_path):
    content = b"Kod;Nazwa\n02;Dolne\n04;" + b"x" * 200_000 + b"\n"
    table = open_table(write_csv(tmp_path, content))
    with pytest.raises(InvalidFile, match=r"od wiersza 3"):
        list(table.rows())
    with pytest.raises(InvalidFile, match=r"od wiersza 3"):  # an upload is read whole
        open_table(write_csv(tmp_path, content), whole=True)


def test_too_many_rows_are_refused(tmp_path):
    content = "Kod;Wartość\n" + "".join(f"{n:02d};{n}\n" for n in range(12))
    table = open_table(write_csv(tmp_path, content.encode()), max_rows=10)
    rows = table.rows()
    for _ in range(10):
        next(rows)
    with pytest.raises(InvalidFile, match="Plik ma więcej niż 10 wierszy, a jeden import"):
        next(rows)


def test_an_empty_file_is_refused(tmp_path):
    with pytest.raises(InvalidFile, match="nie ma wierszy"):
        open_table(write_csv(tmp_path, b""))
