"""Uploading a table: the files are generated here, as an analyst's Excel would be."""

import datetime
import io
from pathlib import Path

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from conftest import xlsx_bytes
from lll.accounts.models import User
from lll.indicators.models import ImportBatch, Indicator, Observation
from lll.indicators.services.catalogue import load_catalogue

pytestmark = pytest.mark.django_db


xlsx = xlsx_bytes


@pytest.fixture
def analyst(client, territory):
    from django.contrib.auth.models import Group

    load_catalogue()
    user = User.objects.create_user("analityk", password="x-Pass-1234")
    user.groups.add(Group.objects.get(name="analyst"))
    client.force_login(user)
    return user


def upload(client, name: str, content: bytes, indicator: str = "vet-kkz-participants"):
    indicator_pk = Indicator.objects.get(code=indicator).pk
    return client.post(
        reverse("indicators:import_upload"),
        {"indicator": indicator_pk, "file": SimpleUploadedFile(name, content)},
    )


BAD_ROWS = [
    ["Kod TERYT", "Jednostka", "Rok szkolny", "Liczba uczestników"],
    ["2061", "Białystok", "2023/24", "1 234"],
    ["2062", "Łomża", "2023/2024", "310,0"],
    ["9999", "Nigdzie", "2023/24", "5"],
    ["2063", "Suwałki", "2023/24", "dużo"],
    ["2061", "Białystok", "2023/24", "1200"],
    ["2002", "białostocki", "1980/81", "12"],
]


def test_upload_preview_lists_every_problem_and_writes_nothing(client, analyst):
    response = upload(client, "kkz.xlsx", xlsx(BAD_ROWS))
    batch = ImportBatch.objects.get()
    assert response["Location"] == reverse("indicators:import_mapping", args=[batch.pk])
    page = client.get(response["Location"]).content.decode()
    assert "Liczba uczestników" in page and "Białystok" in page
    response = client.post(
        response["Location"],
        {
            "unit_column": 0,
            "unit_by": "code",
            "period_column": 2,
            "value_column": 3,
            "fixed_period": "",
            "flags_column": "",
        },
    )
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    problems = client.get(response["Location"]).context["problems"]
    assert [(p["row"], p["column"]) for p in problems] == [
        (4, "Kod TERYT"),
        (5, "Liczba uczestników"),
        (6, "Kod TERYT"),
        (7, "Rok szkolny"),
    ]
    assert "nieznana jednostka terytorialna" in page
    assert "„dużo” nie jest liczbą" in page
    assert "duplikat: wiersz 2 ma tę samą jednostkę i okres" in page
    assert "poza zakresem" in page
    assert not Observation.objects.exists()


def test_fix_the_file_then_commit_and_reimport_changes_nothing(client, analyst):
    upload(client, "kkz.xlsx", xlsx(BAD_ROWS))
    batch = ImportBatch.objects.get()
    client.post(
        reverse("indicators:import_mapping", args=[batch.pk]),
        {"unit_column": 1, "unit_by": "name", "period_column": 2, "value_column": 3},
    )
    fixed = [
        BAD_ROWS[0],
        BAD_ROWS[1],
        BAD_ROWS[2],
        ["2063", "Suwałki", "2023/24", "95"],
        ["2002", "Powiat białostocki", "2023/24", "12"],
    ]
    response = client.post(
        reverse("indicators:import_preview", args=[batch.pk]),
        {"file": SimpleUploadedFile("kkz-poprawiony.xlsx", xlsx(fixed))},
    )
    assert response.status_code == 302
    preview = client.get(reverse("indicators:import_preview", args=[batch.pk]))
    assert preview.context["problems"] == []
    assert preview.context["good_count"] == 4
    assert preview.context["counts"].inserted == 4
    response = client.post(reverse("indicators:import_commit", args=[batch.pk]))
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.DONE
    assert (batch.inserted, batch.rejected) == (4, 0)
    values = dict(Observation.objects.values_list("unit__code", "value"))
    assert values == {"2061": 1234.0, "2062": 310.0, "2063": 95.0, "2002": 12.0}
    assert Observation.objects.filter(period="2023/24").count() == 4
    assert client.get(reverse("indicators:batch_file", args=[batch.pk])).status_code == 200
    page = client.get(reverse("indicators:batch", args=[batch.pk])).content.decode()
    assert f">{batch.original_file_name}</a>" in page and "imports/" not in page
    assert batch.original_file_name.startswith("kkz-poprawiony")

    upload(client, "znowu.xlsx", xlsx(fixed))
    again = ImportBatch.objects.latest("created_at")
    client.post(
        reverse("indicators:import_mapping", args=[again.pk]),
        {"unit_column": 0, "unit_by": "code", "period_column": 2, "value_column": 3},
    )
    client.post(reverse("indicators:import_commit", args=[again.pk]))
    again.refresh_from_db()
    assert (again.inserted, again.updated, again.unchanged) == (0, 0, 4)


def test_csv_in_windows_1250_with_semicolons_and_a_fixed_period(client, analyst):
    content = "Powiat;Wartość\nBiałystok;12,5\nŁomża;7\n".encode("cp1250")
    upload(client, "dane.csv", content, indicator="lm-unemployment-rate")
    batch = ImportBatch.objects.get()
    response = client.post(
        reverse("indicators:import_mapping", args=[batch.pk]),
        {"unit_column": 0, "unit_by": "name", "value_column": 1, "fixed_period": "2023"},
    )
    assert response.status_code == 302
    client.post(reverse("indicators:import_commit", args=[batch.pk]))
    assert dict(Observation.objects.values_list("unit__code", "value")) == {
        "2061": 12.5,
        "2062": 7.0,
    }


def test_excel_dates_as_periods(client, analyst):
    rows: list[list[object]] = [
        ["teryt", "okres", "wartość"],
        [2061, datetime.datetime(2022, 12, 31), 5.5],
    ]
    upload(client, "daty.xlsx", xlsx(rows), indicator="lm-unemployment-rate")
    batch = ImportBatch.objects.get()
    client.post(
        reverse("indicators:import_mapping", args=[batch.pk]),
        {"unit_column": 0, "unit_by": "code", "period_column": 1, "value_column": 2},
    )
    client.post(reverse("indicators:import_commit", args=[batch.pk]))
    assert Observation.objects.get().period == "2022"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("zly.xlsx", b"PK\x03\x04 not really a workbook", "nie jest poprawnym plikiem XLSX"),
        ("pusty.csv", b"", "Wysłany plik jest pusty"),
        ("naglowek.csv", b"\n\n", "Plik nie ma wierszy"),
        ("dane.pdf", b"%PDF-1.4", "Wgraj plik .csv lub .xlsx"),
    ],
)
def test_broken_files_get_a_clear_error_and_leave_nothing(client, analyst, name, content, message):
    response = upload(client, name, content)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ImportBatch.objects.exists()
    media = Path(
        client.get(reverse("indicators:indicator_list")).wsgi_request.META.get(
            "DOCUMENT_ROOT", "/nonexistent"
        )
    )
    assert not media.exists() or not any(media.rglob(name))


def test_mapping_must_say_where_the_period_is(client, analyst):
    upload(client, "kkz.xlsx", xlsx(BAD_ROWS))
    batch = ImportBatch.objects.get()
    response = client.post(
        reverse("indicators:import_mapping", args=[batch.pk]),
        {"unit_column": 0, "unit_by": "code", "value_column": 3},
    )
    assert response.status_code == 200
    assert "Wybierz kolumnę z okresem" in response.content.decode()


def test_only_analysts_import(client, territory):
    load_catalogue()
    assert client.get(reverse("indicators:import_upload")).status_code == 302
    member = User.objects.create_user("czlonek", password="x-Pass-1234")
    client.force_login(member)
    assert client.get(reverse("indicators:import_upload")).status_code == 403


def test_one_column_cannot_be_both_unit_and_value(client, analyst):
    upload(client, "kkz.xlsx", xlsx(BAD_ROWS))
    batch = ImportBatch.objects.get()
    response = client.post(
        reverse("indicators:import_mapping", args=[batch.pk]),
        {"unit_column": 0, "unit_by": "code", "period_column": 2, "value_column": 0},
    )
    assert "muszą pochodzić z różnych kolumn" in response.content.decode()


def test_preview_says_which_values_would_be_replaced(client, analyst):
    rows: list[list[object]] = [
        ["teryt", "rok", "wartość"],
        ["2061", 2023, "5,0"],
        ["2062", 2023, "6,0"],
    ]
    upload(client, "a.xlsx", xlsx(rows), indicator="lm-unemployment-rate")
    first = ImportBatch.objects.get()
    mapping = {"unit_column": 0, "unit_by": "code", "period_column": 1, "value_column": 2}
    client.post(reverse("indicators:import_mapping", args=[first.pk]), mapping)
    client.post(reverse("indicators:import_commit", args=[first.pk]))
    changed: list[list[object]] = [*rows[:2], ["2062", 2023, "6,5"], ["2063", 2023, "7,0"]]
    upload(client, "b.xlsx", xlsx(changed), indicator="lm-unemployment-rate")
    second = ImportBatch.objects.latest("created_at")
    client.post(reverse("indicators:import_mapping", args=[second.pk]), mapping)
    preview = client.get(reverse("indicators:import_preview", args=[second.pk]))
    counts = preview.context["counts"]
    assert (counts.inserted, counts.updated, counts.unchanged) == (1, 1, 1)
    assert "zostanie zastąpiona" in preview.content.decode()
    assert Observation.objects.get(unit__code="2062").value == 6.0  # nothing written yet


def test_values_outside_the_indicators_valid_range_are_rejected_and_downloadable(client, analyst):
    # The catalogue's rule for a rate in %: from 0 to 100.
    rows: list[list[object]] = [
        ["teryt", "rok", "wartość"],
        ["2061", 2023, "5,0"],
        ["2062", 2023, "120"],
        ["2063", 2023, "-3"],
        ["2002", 2023, "100"],
    ]
    upload(client, "stopa.xlsx", xlsx(rows), indicator="lm-unemployment-rate")
    batch = ImportBatch.objects.get()
    client.post(
        reverse("indicators:import_mapping", args=[batch.pk]),
        {"unit_column": 0, "unit_by": "code", "period_column": 1, "value_column": 2},
    )
    preview = client.get(reverse("indicators:import_preview", args=[batch.pk]))
    problems = preview.context["problems"]
    assert [(p["row"], p["column"], p["value"]) for p in problems] == [
        (3, "wartość", "120"),
        (4, "wartość", "-3"),
    ]
    assert problems[0]["reason"] == "poza dopuszczalnym zakresem od 0,0 do 100,0"

    # The analyst downloads the problems to fix the file.
    sheet = client.get(reverse("indicators:import_preview", args=[batch.pk]), {"export": "xlsx"})
    table = list(openpyxl.load_workbook(io.BytesIO(sheet.content)).active.values)
    assert table[0] == ("Wiersz", "Kolumna", "Wartość", "Problem")
    assert table[1:] == [
        (3, "wartość", "120", "poza dopuszczalnym zakresem od 0,0 do 100,0"),
        (4, "wartość", "-3", "poza dopuszczalnym zakresem od 0,0 do 100,0"),
    ]

    # Committed anyway: the good rows are written, the rejected ones stay downloadable.
    client.post(reverse("indicators:import_commit", args=[batch.pk]))
    batch.refresh_from_db()
    assert (batch.inserted, batch.rejected) == (2, 2)
    assert set(Observation.objects.values_list("unit__code", flat=True)) == {"2061", "2002"}
    text = client.get(reverse("indicators:batch", args=[batch.pk]), {"export": "csv"})
    lines = text.content.decode("utf-8-sig").splitlines()
    assert lines[1:] == [
        "3;wartość;120;poza dopuszczalnym zakresem od 0,0 do 100,0",
        # The file's text as it was, made formula-safe for Excel.
        "4;wartość;'-3;poza dopuszczalnym zakresem od 0,0 do 100,0",
    ]


def test_a_count_has_no_upper_limit_but_cannot_be_negative(client, analyst):
    rows: list[list[object]] = [
        ["teryt", "rok", "wartość"],
        ["2061", 2023, "-1"],
        ["2062", 2023, "99999"],
    ]
    upload(client, "bezrobotni.xlsx", xlsx(rows), indicator="lm-unemployed")
    batch = ImportBatch.objects.get()
    client.post(
        reverse("indicators:import_mapping", args=[batch.pk]),
        {"unit_column": 0, "unit_by": "code", "period_column": 1, "value_column": 2},
    )
    problems = client.get(reverse("indicators:import_preview", args=[batch.pk])).context["problems"]
    assert [(p["row"], p["reason"]) for p in problems] == [
        (2, "niższa niż najniższa dopuszczalna wartość, 0")
    ]


def test_an_indicators_range_cannot_be_upside_down():
    indicator = Indicator(code="x", min_value=10, max_value=5)
    with pytest.raises(ValidationError, match="nie może być wyższa"):
        indicator.validate_constraints()


def test_an_unfinished_import_is_continued_from_the_history(client, analyst):
    upload(client, "kkz.xlsx", xlsx(BAD_ROWS))
    batch = ImportBatch.objects.get()
    history = client.get(reverse("indicators:batch_list")).content.decode()
    mapping_url = reverse("indicators:import_mapping", args=[batch.pk])
    assert f'href="{mapping_url}"' in history and f"Dokończ import nr {batch.pk}" in history
    client.post(
        mapping_url, {"unit_column": 0, "unit_by": "code", "period_column": 2, "value_column": 3}
    )
    detail = client.get(reverse("indicators:batch", args=[batch.pk])).content.decode()
    assert "nie został zatwierdzony" in detail
    assert f'href="{reverse("indicators:import_preview", args=[batch.pk])}"' in detail
    # Another analyst sees the unfinished import but cannot continue it.
    other = User.objects.create_user("inny", password="x-Pass-1234")
    other.groups.add(*analyst.groups.all())
    client.force_login(other)
    assert "Dokończ import" not in client.get(reverse("indicators:batch_list")).content.decode()
    assert client.get(mapping_url).status_code == 404
