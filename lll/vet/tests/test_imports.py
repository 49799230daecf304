import json
from pathlib import Path

import pytest
from django.core.files.base import ContentFile

from conftest import xlsx_bytes
from lll.core.errors import UserError
from lll.core.imports import InvalidFile
from lll.vet.models import (
    BarometerEntry,
    BarometerGroup,
    Category,
    Demand,
    ForecastEntry,
    ImportBatch,
    ImportKind,
    Occupation,
    OpinionRequest,
    Outcome,
    Reason,
    School,
)
from lll.vet.services import imports

from .conftest import make_batch

pytestmark = pytest.mark.django_db


CATEGORIES = "„duży deficyt”, „deficyt”, „równowaga”, „nadwyżka”, „duża nadwyżka”."
UNKNOWN_CATEGORY = "– nieznana wartość (kategoria); dozwolone: " + CATEGORIES
SCHOOL_TYPES = (
    "„branżowa szkoła I stopnia”, „technikum”, „branżowa szkoła II stopnia”, "
    "„szkoła policealna”, „placówka prowadząca kwalifikacyjne kursy zawodowe (KKZ)”."
)
REASONS = (
    "„za mało kandydatów”, „brak nauczyciela”, „brak pracodawcy do praktycznej nauki zawodu”, "
    "„inna”."
)


def problems(result: imports.Preview) -> list[tuple[int, str, str]]:
    return [(p.row, p.column, p.reason) for p in result.problems]


def test_school_occupations_are_flagged_and_a_second_import_changes_nothing(occupations):
    content = xlsx_bytes(
        [
            ["Kod zawodu", "Nazwa zawodu", "Zawód szkolny", "Branża"],
            ["351203", "Technik informatyk", "tak", "teleinformatyczna (INF)"],
            [311410, "", "TAK", "elektroniczno-mechatroniczna (ELM)"],
        ]
    )
    batch = make_batch(ImportKind.OCCUPATIONS, "zawody.xlsx", content)
    result = imports.preview(batch)
    assert result.ok and result.counts.as_dict() == {"inserted": 0, "updated": 2, "unchanged": 0}
    assert not Occupation.objects.filter(is_school=True).exists()  # nothing before the commit

    imports.commit(batch)
    mechatronik = Occupation.objects.get(code="311410")
    assert mechatronik.is_school and mechatronik.sector == "elektroniczno-mechatroniczna (ELM)"
    assert mechatronik.name == "Technik mechatronik"  # an empty name keeps the KZiS name
    assert ImportBatch.objects.get().status == ImportBatch.Status.DONE

    again = make_batch(ImportKind.OCCUPATIONS, "zawody.xlsx", content)
    assert imports.commit(again).as_dict() == {"inserted": 0, "updated": 0, "unchanged": 2}


def test_barometer_with_its_own_column_layout_and_the_year_given_for_every_row(occupations):
    # Columns in another order and under names the guess does not know; the year is not in it.
    content = (
        "Ocena panelu;Grupa;Obszar TERYT;Zawody KZiS\n"
        "deficyt;Elektronicy i automatycy;2011;311408, 311410\n"
        "Równowaga;Elektronicy i automatycy;20;\n"
        "duża nadwyżka;Fryzjerzy;2061;514101\n"
    ).encode()
    batch = make_batch(
        ImportKind.BAROMETER, "barometr.csv", content, category=0, group=1, unit=2, codes=3
    )
    assert imports.missing_fields(batch.kind, batch.column_mapping, {}) == ["rok"]
    batch.options = {"year": 2024}
    batch.save()
    result = imports.preview(batch)
    assert result.ok and result.counts.inserted == 3
    assert BarometerEntry.objects.count() == 0

    imports.commit(batch)
    entries = {(e.unit.code, e.group.name): e for e in BarometerEntry.objects.all()}
    assert entries[("2011", "Elektronicy i automatycy")].category == Category.DEFICIT
    assert entries[("20", "Elektronicy i automatycy")].category == Category.BALANCE
    assert entries[("2061", "Fryzjerzy")].category == Category.STRONG_SURPLUS
    assert {e.year for e in entries.values()} == {2024}
    group = BarometerGroup.objects.get(name="Elektronicy i automatycy")
    assert sorted(group.occupations.values_list("code", flat=True)) == ["311408", "311410"]


def test_bad_barometer_rows_are_named_by_row_and_column_and_nothing_is_written(occupations):
    BarometerGroup.objects.create(name="Kucharze")
    content = xlsx_bytes(
        [
            ["Rok", "Powiat", "Zawód", "Kategoria", "Kody"],
            [2024, "sokólski", "Kucharze", "deficyt", "512001"],
            [2024, "Atlantyda", "Kucharze", "deficyt", ""],
            [2024, "2011", "Kucharze", "bardzo dobrze", ""],
            ["dwa tysiące", "2011", "Kucharze", "deficyt", ""],
            [2024, "2011083", "Kucharze", "deficyt", ""],
            [2024, "2062", "Kucharze", "nadwyżka", "51200X"],
            [2024, "powiat sokólski", "kucharze", "równowaga", ""],
        ]
    )
    batch = make_batch(ImportKind.BAROMETER, "barometr.xlsx", content)
    result = imports.preview(batch)
    assert problems(result) == [
        (3, "Powiat", "nieznana jednostka terytorialna „Atlantyda”."),
        (4, "Kategoria", "„bardzo dobrze” " + UNKNOWN_CATEGORY),
        (5, "Rok", "„dwa tysiące” nie jest liczbą."),
        (6, "Powiat", "„2011083” to gmina; oczekiwano: powiat, województwo, kraj."),
        (7, "Kody", "w słowniku nie ma zawodu o kodzie 51200X."),
        (8, "", "ten sam rekord co w wierszu 2."),
    ]
    with pytest.raises(imports.NotReady, match=r"^Wiersz 3, kolumna „Powiat”: nieznana"):
        imports.commit(batch)
    assert BarometerEntry.objects.count() == 0
    assert not BarometerGroup.objects.get(name="Kucharze").occupations.exists()
    assert ImportBatch.objects.get().status == ImportBatch.Status.PREVIEW


def test_categories_and_reasons_are_taken_only_when_they_match_exactly(occupations, demo):
    BarometerGroup.objects.get_or_create(name="Kucharze")
    content = xlsx_bytes(
        [
            ["Rok", "Powiat", "Zawód", "Kategoria", "Kody"],
            [2024, "2011", "Kucharze", "deficyt mocny", ""],
            [2024, "2061", "Kucharze", "brak deficytu", ""],
            [2024, "2062", "Kucharze", "Silny  deficyt", ""],
            [2024, "20", "Kucharze", "zawód nadwyżkowy", ""],
        ]
    )
    result = imports.preview(make_batch(ImportKind.BAROMETER, "barometr.xlsx", content))
    assert problems(result) == [
        (2, "Kategoria", "„deficyt mocny” " + UNKNOWN_CATEGORY),
        (3, "Kategoria", "„brak deficytu” " + UNKNOWN_CATEGORY),
    ]
    header = ["Numer RSPO", "Kod zawodu", "Rok szkolny", "Uruchomiono", "Nabór", "Przyczyna"]
    rows = [
        [900115, "343203", "2023/24", "nie", "", "brak nauczycieli i kandydatów"],
        [900115, "343203", "2024/25", "nie", "", "innowacja"],
    ]
    result = imports.preview(
        make_batch(ImportKind.OUTCOMES, "losy.xlsx", xlsx_bytes([header, *rows]))
    )
    reason = "– nieznana wartość (przyczyna nieuruchomienia); dozwolone: " + REASONS
    assert problems(result) == [
        (2, "Przyczyna", "„brak nauczycieli i kandydatów” " + reason),
        (3, "Przyczyna", "„innowacja” " + reason),
    ]


def test_unreadable_files_are_refused_with_a_message(tmp_path: Path):
    broken = tmp_path / "barometr.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really a workbook")
    with pytest.raises(InvalidFile, match="nie jest poprawnym plikiem XLSX"):
        imports.read_sheet(broken)
    bad_json = tmp_path / "rspo.json"
    bad_json.write_text('{"hydra:member": [1, 2]}')
    with pytest.raises(InvalidFile, match="listę rekordów"):
        imports.read_sheet(bad_json)
    not_json = tmp_path / "rspo2.json"
    not_json.write_text("{nie json")
    with pytest.raises(InvalidFile, match="Nie można odczytać pliku JSON") as error:
        imports.read_sheet(not_json)
    assert "w wierszu 1, kolumna 2" in str(error.value) and "Expecting" not in str(error.value)


def test_a_school_year_that_is_not_one_is_named_so():
    from lll.indicators.services.values import InvalidValue
    from lll.vet.services.school_years import parse_school_year

    with pytest.raises(InvalidValue) as error:
        parse_school_year("abc")
    assert str(error.value) == "„abc” nie jest rokiem szkolnym (np. 2025/26)."


def rspo_record(number: int, gmina: str, **extra: object) -> dict[str, object]:
    record: dict[str, object] = {
        "numerRspo": number,
        "nazwa": f"Technikum nr {number}",
        "typ": {"id": 16, "nazwa": "Technikum"},
        "wojewodztwoKodTERYT": "20",
        "powiatKodTERYT": gmina[:4],
        "gminaKodTERYT": gmina,
        "miejscowosc": "Sokółka",
        "ulica": "Kolejowa",
        "numerBudynku": "8",
        "podmiotProwadzacy": [{"nazwa": "Powiat Sokólski"}],
        "geolokalizacja": {"latitude": 53.4, "longitude": 23.5},
    }
    record.update(extra)
    return record


def test_rspo_json_in_the_api_fields_creates_schools_and_checks_territory(territory):
    records = [
        rspo_record(1001, "2011083"),
        rspo_record(1002, "2011083", typ={"id": 14, "nazwa": "Branżowa szkoła I stopnia"}),
        rspo_record(1003, "201108"),  # 6 digits: the gmina without its type digit
        rspo_record(1004, "2011083", powiatKodTERYT="2002"),
        rspo_record(1005, "9999999"),
        rspo_record(1006, "2011083", typ={"nazwa": "Przedszkole"}),
    ]
    content = json.dumps({"hydra:member": records}).encode()
    batch = make_batch(ImportKind.SCHOOLS, "rspo.json", content)
    result = imports.preview(batch)
    assert problems(result) == [
        (4, "powiatKodTERYT", "powiat 2002 nie obejmuje gminy 2011083."),
        (5, "gminaKodTERYT", "nieznany kod TERYT gminy „9999999”."),
        (6, "typ", "„Przedszkole” – nieznana wartość (typ szkoły); dozwolone: " + SCHOOL_TYPES),
    ]
    assert School.objects.count() == 0

    fixed = json.dumps(records[:3]).encode()
    batch = make_batch(ImportKind.SCHOOLS, "rspo.json", fixed)
    imports.commit(batch)
    school = School.objects.get(rspo=1002)
    assert school.school_type == "bs1" and school.powiat.code == "2011"
    assert school.governing_body == "Powiat Sokólski" and school.address == "Kolejowa 8"
    assert School.objects.get(rspo=1003).gmina.code == "2011083"


def test_forecast_lists_go_to_poland_or_the_voivodeship(occupations):
    content = (
        "rok,kod zawodu,lista,województwo\n"
        "2025,311410,szczególne znaczenie,\n"
        "2025,532102,istotne,20\n"
        "2025,512001,umiarkowane,\n"
        "2025,512001,umiarkowane,2011\n"
    ).encode()
    batch = make_batch(ImportKind.FORECAST, "prognoza.csv", content)
    result = imports.preview(batch)
    assert problems(result) == [
        (5, "województwo", "„2011” to powiat; oczekiwano: województwo."),
    ]
    fixed = content.rsplit(b"\n", 2)[0] + b"\n"
    imports.commit(make_batch(ImportKind.FORECAST, "prognoza.csv", fixed))
    entries = {e.occupation.code: e for e in ForecastEntry.objects.select_related("unit")}
    assert entries["311410"].demand == Demand.SPECIAL and entries["311410"].unit.code == "PL"
    assert entries["532102"].unit.code == "20" and entries["512001"].unit.code == "20"
    assert entries["512001"].demand == Demand.MODERATE


def test_outcomes_import_finds_the_opinion_and_rejects_contradictions(demo):
    header = ["Numer RSPO", "Kod zawodu", "Rok szkolny", "Uruchomiono", "Nabór", "Przyczyna"]
    rows = [
        [900114, "343404", "2023/2024", "tak", 15, ""],
        [900115, "343203", "2023/24", "nie", "", "brak kandydatów"],
        [900116, "314207", 2023, "tak", 14, ""],
        [900101, "514101", "2023/24", "tak", 20, ""],
        [900101, "351203", "2023/24", "nie", 12, ""],
        [900101, "311410", "2023/24", "może", "", ""],
        [900101, "311410", "2023/25", "tak", "", ""],
    ]
    before = Outcome.objects.count()
    batch = make_batch(ImportKind.OUTCOMES, "losy.xlsx", xlsx_bytes([header, *rows]))
    result = imports.preview(batch)
    assert problems(result) == [
        (
            5,
            "Numer RSPO",
            "brak pozytywnej opinii dla szkoły o numerze RSPO 900101 i zawodu 514101 z "
            "uruchomieniem do 2023/24.",
        ),
        (6, "Nabór", "nieuruchomiony kierunek nie ma naboru."),
        (7, "Uruchomiono", "wpisz „tak” albo „nie”."),
        (8, "Rok szkolny", "„2023/25”: rok szkolny obejmuje dwa kolejne lata."),
    ]
    assert Outcome.objects.count() == before

    batch = make_batch(ImportKind.OUTCOMES, "losy.xlsx", xlsx_bytes([header, *rows[:3]]))
    assert imports.commit(batch).inserted == 3
    outcome = Outcome.objects.get(request__school__rspo=900115, school_year="2023/24")
    assert not outcome.launched and outcome.reason == Reason.FEW_CANDIDATES
    assert Outcome.objects.get(request__school__rspo=900116).enrolment == 14
    again = make_batch(ImportKind.OUTCOMES, "losy.xlsx", xlsx_bytes([header, *rows[:3]]))
    assert imports.commit(again).as_dict() == {"inserted": 0, "updated": 0, "unchanged": 3}
    assert OpinionRequest.objects.filter(school__rspo=900116).count() == 1


def test_a_file_with_only_a_header_cannot_be_committed(occupations):
    batch = ImportBatch(kind=ImportKind.OCCUPATIONS)
    batch.keep_file("puste.csv", ContentFile(b"kod;nazwa\n"))
    batch.column_mapping = {"code": 0, "name": 1}
    batch.save()
    with pytest.raises(InvalidFile, match="tylko wiersz nagłówka"):
        imports.preview(batch)
    with pytest.raises(UserError):  # not previewed, and the file has no data either way
        imports.commit(batch)


def test_every_record_names_the_import_that_wrote_it(occupations):
    content = "rok;kod;lista\n2025;311410;szczególne\n".encode()
    first = make_batch(ImportKind.FORECAST, "prognoza-2025.csv", content)
    imports.commit(first)
    entry = ForecastEntry.objects.get()
    assert entry.import_batch == first
    # The same file again changes nothing, so the record keeps naming the first import.
    imports.commit(make_batch(ImportKind.FORECAST, "prognoza-2025.csv", content))
    entry.refresh_from_db()
    assert entry.import_batch == first
    changed = "rok;kod;lista;uwagi\n2025;311410;szczególne;korekta MP\n".encode()
    second = make_batch(ImportKind.FORECAST, "prognoza-2025-korekta.csv", changed)
    imports.commit(second)
    entry.refresh_from_db()
    assert entry.import_batch == second and entry.note == "korekta MP"
    assert entry.history.count() == 2


def test_unemployed_and_job_offers_by_occupation_reach_the_evidence_sheet(occupations):
    from lll.vet.models import OccupationStat

    content = xlsx_bytes(
        [
            ["Rok", "Powiat", "Kod zawodu", "Bezrobotni", "Oferty pracy"],
            [2024, "2011", "422402", 7, 2],
            [2024, "20", "422402", 95, "brak"],
            [2024, "2011083", "422402", 1, 1],
        ]
    )
    result = imports.preview(make_batch(ImportKind.STATS, "bezrobotni.xlsx", content))
    assert problems(result) == [
        (3, "Oferty pracy", "„brak” nie jest liczbą."),
        (4, "Powiat", "„2011083” to gmina; oczekiwano: powiat, województwo."),
    ]
    fixed = xlsx_bytes(
        [
            ["Rok", "Powiat", "Kod zawodu", "Bezrobotni", "Oferty pracy"],
            [2024, "2011", "422402", 7, 2],
        ]
    )
    imports.commit(make_batch(ImportKind.STATS, "bezrobotni.xlsx", fixed))
    stat = OccupationStat.objects.get()
    assert (stat.unit.code, stat.unemployed, stat.job_offers) == ("2011", 7, 2)


def test_an_auxiliary_occupation_names_its_parent(occupations):
    header = "kod;zawód nadrzędny;branża\n"
    wrong = header + "911205;999999;HGT\n"
    result = imports.preview(make_batch(ImportKind.OCCUPATIONS, "pomocnicze.csv", wrong.encode()))
    assert problems(result) == [(2, "zawód nadrzędny", "w słowniku nie ma zawodu o kodzie 999999.")]
    right = header + "911205;422402;hotelarsko-gastronomiczno-turystyczna (HGT)\n"
    imports.commit(make_batch(ImportKind.OCCUPATIONS, "pomocnicze.csv", right.encode()))
    auxiliary = Occupation.objects.get(code="911205")
    assert auxiliary.parent is not None and auxiliary.parent.code == "422402"


def test_a_batch_committed_twice_is_written_once(occupations):
    content = "rok,kod zawodu,lista,województwo\n2025,311410,szczególne znaczenie,\n".encode()
    batch = make_batch(ImportKind.FORECAST, "prognoza.csv", content)
    imports.commit(batch)
    ForecastEntry.objects.all().delete()  # had it written again, the entry would come back
    stale = ImportBatch.objects.get(pk=batch.pk)
    stale.status = ImportBatch.Status.PREVIEW  # the second tab still holds the preview
    with pytest.raises(imports.NotReady, match="już zaimportowano"):
        imports.commit(stale)
    assert not ForecastEntry.objects.exists()


@pytest.mark.parametrize("name", ["m. st. Warszawa", "Powiat m. st. Warszawa", "Warszawa"])
def test_every_spelling_of_a_powiat_name_finds_it_as_the_indicator_import_does(
    settings, territory, name
):
    from lll.indicators.services.fileimport import unit_lookup

    settings.LLL_HOME_REGION = "14"  # mazowieckie, where the capital is a powiat
    vet_unit = imports.Lookups().unit({"unit": name}, "unit", ("powiat",))
    assert vet_unit.code == "1465"
    assert unit_lookup("name")(name) == vet_unit
