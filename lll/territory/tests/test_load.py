import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from lll.territory.models import Kind, Level, Unit
from lll.territory.services import TerritoryDataError, load_territory

pytestmark = pytest.mark.django_db


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A writable copy of the shared data files, to break on purpose."""
    target = tmp_path / "data"
    shutil.copytree(settings.LLL_DATA_DIR, target)
    for path in target.iterdir():
        path.chmod(0o644)
    return target


def snapshot() -> list[tuple]:
    return list(
        Unit.objects.order_by("code").values_list(
            "code", "name", "kind", "parent__code", "subregion"
        )
    )


def test_loads_every_unit_with_codes_and_boundaries(territory):
    assert Unit.objects.filter(level=Level.COUNTRY).count() == 1
    assert Unit.objects.filter(level=Level.VOIVODESHIP).count() == 16
    assert Unit.objects.filter(level=Level.POWIAT).count() == 380
    assert Unit.objects.filter(level=Level.GMINA).count() == 2477
    podlaskie = Unit.objects.get(code="20")
    assert podlaskie.name == "podlaskie"
    assert podlaskie.nuts_code == "PL84"
    assert podlaskie.parent.code == "PL"
    assert podlaskie.geometry["type"] in ("Polygon", "MultiPolygon")
    powiats = podlaskie.children.all()
    assert powiats.count() == 17
    assert set(powiats.filter(kind=Kind.CITY_POWIAT).values_list("name", flat=True)) == {
        "Białystok",
        "Łomża",
        "Suwałki",
    }
    assert all(p.geometry for p in powiats)
    bialystok = Unit.objects.get(code="2061")
    assert bialystok.subregion == "białostocki"
    assert Unit.objects.get(code="1465").kind == Kind.CITY_POWIAT  # Warsaw
    choroszcz = Unit.objects.get(code="2002013")
    assert (choroszcz.name, choroszcz.kind, choroszcz.parent.code) == (
        "Choroszcz",
        Kind.URBAN_RURAL_GMINA,
        "2002",
    )
    # Parts of gminas (TERC RODZ 4 and 5) are not units of their own.
    assert not Unit.objects.filter(code__in=["2002014", "2002015"]).exists()


def test_boundaries_are_wound_as_d3_draws_them(territory):
    from lll.territory.services import ring_area

    for unit in Unit.objects.exclude(geometry=None):
        polygons = unit.geometry["coordinates"]
        if unit.geometry["type"] == "Polygon":
            polygons = [polygons]
        for polygon in polygons:
            assert ring_area(polygon[0]) < 0, unit.code
            assert all(ring_area(hole) > 0 for hole in polygon[1:]), unit.code


def test_loading_twice_changes_nothing(territory):
    before = snapshot()
    history_before = Unit.history.count()
    result = load_territory(settings.LLL_DATA_DIR)
    assert not result.changed
    assert sum(result.unchanged.values()) == len(before)
    assert snapshot() == before
    assert Unit.history.count() == history_before


def test_a_changed_name_is_updated_and_kept_in_history(territory, data_copy):
    path = data_copy / "teryt_powiaty.csv"
    path.write_text(
        path.read_text(encoding="utf-8").replace(",sejneński,", ",sejneński nowy,"),
        encoding="utf-8",
    )
    result = load_territory(data_copy)
    assert result.updated[Level.POWIAT] == 1
    unit = Unit.objects.get(code="2009")
    assert unit.name == "sejneński nowy"
    assert [h.name for h in unit.history.order_by("history_date")] == [
        "sejneński",
        "sejneński nowy",
    ]


def break_file(data_dir: Path, name: str, old: str, new: str) -> None:
    path = data_dir / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize(
    ("file", "old", "new", "row", "column", "phrase"),
    [
        ("teryt_powiaty.csv", "2061,20,", "20X1,20,", 232, "teryt", "20X1"),
        ("teryt_powiaty.csv", "2061,20,", "2061,99,", 232, "woj_teryt", "99"),
        ("teryt_powiaty.csv", "teryt,woj_teryt", "kod,woj_teryt", 1, None, "teryt"),
        ("teryt_gminy.csv", "2061011,20,2061", "2062011,20,2061", None, "teryt7", "2062011"),
        (
            "teryt_wojewodztwa.csv",
            "20,podlaskie,2020-01-01",
            "20,podlaskie,2020-13-01",
            11,
            "stan_na",
            "2020-13-01",
        ),
        ("powiaty.geojson", '"teryt":"2061"', '"teryt":"9961"', None, "teryt", "9961"),
        (
            "wojewodztwa.geojson",
            '"type":"FeatureCollection"',
            '"type":"Feature"',
            None,
            None,
            "FeatureCollection",
        ),
        ("wojewodztwa.geojson", '"features":[', '"features":[[', 1, None, "JSON"),
    ],
)
def test_a_broken_file_is_refused_and_the_database_stays_as_it_was(
    territory, data_copy, file, old, new, row, column, phrase
):
    before = snapshot()
    break_file(data_copy, file, old, new)
    with pytest.raises(TerritoryDataError) as error:
        load_territory(data_copy)
    assert error.value.file == file
    if row is not None:
        assert error.value.row == row
    assert error.value.column == column
    assert phrase in str(error.value)
    assert snapshot() == before


def test_a_missing_file_is_named(data_copy, no_territory):
    (data_copy / "teryt_gminy.csv").unlink()
    with pytest.raises(TerritoryDataError, match=r"teryt_gminy\.csv"):
        load_territory(data_copy)
    assert not Unit.objects.exists()


def test_a_failure_while_writing_rolls_everything_back(territory, data_copy, monkeypatch):
    """An error after the powiats were updated, while creating gminas, undoes the whole load."""
    from lll.territory import services

    before = snapshot()
    break_file(data_copy, "teryt_powiaty.csv", ",sejneński,", ",sejny,")
    with (data_copy / "teryt_gminy.csv").open("a", encoding="utf-8") as gminas:
        gminas.write("2061021,20,2061,02,1,Nowa,gmina miejska,Białystok,podlaskie,2020-01-01\n")

    def fail(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(services, "bulk_create_with_history", fail)
    with pytest.raises(RuntimeError):
        load_territory(data_copy)
    assert snapshot() == before


def test_command_reports_counts_and_polish_errors(no_territory, data_copy, capsys):
    call_command("load_territory", data_dir=data_copy)
    out = capsys.readouterr().out
    assert "380" in out and "2477" in out
    (data_copy / "powiaty.geojson").write_text("{not json", encoding="utf-8")
    with pytest.raises(CommandError) as error:
        call_command("load_territory", data_dir=data_copy)
    message = str(error.value)
    assert "powiaty.geojson" in message
    assert "baza danych jest bez zmian" in message
