"""The real data files `make setup` loads: every stored value equals its source row, each file is
a batch citing its origin, and the home region, its powiats and the other voivodeships have data."""

import csv
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from lll.core.text import place_key
from lll.indicators.models import ImportBatch, Observation, Source
from lll.indicators.services.fileimport import UNIT_BY_CODE, unit_lookup
from lll.indicators.services.shipped import SHIPPED, ShippedFile, load_shipped
from lll.territory.models import Level, Unit

DATA = Path(settings.LLL_DATA_DIR)
Key = tuple[str, str, str]  # indicator code, unit code, period


def _rows(spec: ShippedFile) -> Iterator[dict[str, str]]:
    with (DATA / spec.file).open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            if all(row[column] == value for column, value in spec.where):
                yield row


def _unit_code(spec: ShippedFile, row: dict[str, str], names: dict[str, str]) -> str | None:
    """The TERYT code of the row's unit, read here without the import's own lookup."""
    if spec.source == Source.EUROSTAT:
        return names.get("nuts:" + row["geo"])
    if spec.unit_column == "unit_name":
        return names.get(place_key(row["unit_name"]))
    if spec.unit_column in ("teryt_voivodeship", "teryt_powiat"):
        code = row[spec.unit_column]
    elif row["teryt_powiat"]:
        code = row["teryt_powiat"]
    else:
        code = row["teryt_voivodeship"]
    return None if not code else "PL" if code == "00" else code


def expected_values() -> dict[Key, tuple[float, str]]:
    """Every value of every shipped file by indicator, unit and year; a later file's value
    replaces an earlier one's (the Eurostat file to 2023 after the one to 2019)."""
    names = {}
    for unit in Unit.objects.filter(level__in=[Level.COUNTRY, Level.VOIVODESHIP]):
        names[place_key(unit.name)] = unit.code
        if unit.nuts_code:
            names["nuts:" + unit.nuts_code] = unit.code
    expected: dict[Key, tuple[float, str]] = {}
    for spec in SHIPPED:
        for row in _rows(spec):
            code = _unit_code(spec, row, names)
            if code is None or row["value"] == "":
                continue
            flags = row.get("flag", "") if spec.source == Source.EUROSTAT else ""
            expected[(spec.indicator, code, row["year"])] = (float(row["value"]), flags)
    return expected


def stored_values() -> dict[Key, tuple[float, str]]:
    return {
        (code, unit, period): (value, flags)
        for code, unit, period, value, flags in Observation.objects.filter(
            indicator__code__in={s.indicator for s in SHIPPED}
        ).values_list("indicator__code", "unit__code", "period", "value", "source_flags")
    }


def test_every_stored_value_equals_its_source_row(real_data):
    expected, stored = expected_values(), stored_values()
    assert stored == expected
    assert len(stored) > 26_000
    # The spot checks of SOURCES.md.
    assert stored[("lm-unemployment-rate", "2061", "2022")] == (5.2, "")
    assert stored[("al-participation-4-weeks-gus", "20", "2023")] == (11.1, "")
    assert stored[("al-participation-4-weeks", "20", "2023")] == (11.1, "")
    assert stored[("al-participation-4-weeks", "20", "2021")] == (3.7, "b")
    assert stored[("al-participation-4-weeks-women", "20", "2023")] == (11.8, "")
    assert stored[("lm-average-gross-wage", "2061", "2022")] == (6183.98, "")
    assert stored[("lm-average-gross-wage", "PL", "2022")] == (6705.62, "")
    assert stored[("lm-wage-index", "20", "2024")] == (91.0, "")
    assert stored[("population-total", "2061", "2023")] == (291688.0, "")
    assert stored[("lm-unemployed", "2061", "2015")] == (13204.0, "")
    assert stored[("vet-share-branzowa-graduates", "20", "2024")] == (12.3, "")
    assert stored[("vet-pupils-per-teacher-branzowa", "20", "2024")] == (13.0, "")


def test_the_region_its_powiats_and_the_other_voivodeships_have_real_values(real_data):
    podlaskie = Unit.objects.get(code="20")
    powiats = list(podlaskie.children.values_list("code", flat=True))
    assert len(powiats) == 17  # 14 land powiats and the cities Białystok, Łomża, Suwałki
    with_values = set(
        Observation.objects.filter(unit__in=[podlaskie, *podlaskie.children.all()]).values_list(
            "indicator__code", flat=True
        )
    )
    assert len(with_values) >= 12, sorted(with_values)
    for code in ["lm-unemployment-rate", "lm-average-gross-wage", "population-working-age"]:
        covered = Observation.objects.filter(indicator__code=code, unit__code__in=powiats)
        assert set(covered.values_list("unit__code", flat=True)) == set(powiats)
    voivodeships = Observation.objects.filter(
        indicator__code="al-participation-4-weeks-gus", unit__level=Level.VOIVODESHIP
    )
    assert voivodeships.values("unit").distinct().count() == 16


def test_each_file_is_a_batch_citing_its_origin_and_the_crosswalk_fills_bdl_ids(real_data):
    batches = ImportBatch.objects.filter(original_file_name__in={s.file for s in SHIPPED})
    assert batches.count() == len(SHIPPED)
    assert all(b.status == ImportBatch.Status.DONE for b in batches)
    wage = batches.get(original_file_name="bdl_powiat_avg_gross_wage_2013_2023.csv")
    assert wage.source == Source.GUS_BDL
    assert "zmienna 64428" in wage.source_text
    assert "github:mbekala/cdv@9069e900bb8a6dae03f4ad348b0c92ee6eea2183" in wage.source_text
    technikum = batches.get(indicator__code="vet-share-technikum-graduates")
    assert technikum.source == Source.GUS_SDG
    assert "indicator_4-a-2-reg.csv" in technikum.source_text
    eurostat = batches.filter(source=Source.EUROSTAT)
    assert eurostat.count() == 4
    # One row of the unemployed file has no TERYT code (Wałbrzych before 2002): rejected.
    unemployed = batches.get(indicator__code="lm-unemployed")
    assert unemployed.rejected == 1
    assert Unit.objects.get(code="2061").bdl_id == "062013761000"
    assert Unit.objects.get(code="2001").bdl_id == "062013901000"
    assert Unit.objects.filter(level=Level.POWIAT, bdl_id="").count() == 0
    # Loading again adds nothing.
    assert list(load_shipped(DATA)) == []


def test_unit_codes_of_bdl_exports_and_gus_files(territory):
    lookup = unit_lookup(UNIT_BY_CODE)
    assert lookup("2061000").code == "2061"
    assert lookup("2000000").code == "20"
    assert lookup("0000000").code == "PL"
    assert lookup("00").code == "PL"
    assert lookup("2002013").code == "2002013"  # a gmina
    assert lookup("") is None


def test_the_command_names_missing_files(monitoring, tmp_path):
    with pytest.raises(CommandError, match=r"bdl_powiat_unemployment_rate_2013_2023\.csv"):
        call_command("import", "shipped", "--data-dir", str(tmp_path))
