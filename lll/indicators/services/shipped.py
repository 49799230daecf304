"""The real public data files shipped in the data folder (`../shared/data`, SOURCES.md section 6),
loaded by `lll import shipped` (part of `make setup`) through the analysts' own import code.

Each file (and, in a file holding several series, each series) becomes one import batch whose
source and reference name where the file comes from: the publisher (GUS BDL, GUS's SDG
platform, Eurostat), the variable and the repository the export was taken from, as the file's
own `source` column gives it. The BDL exports and the GUS files go through the file import an
analyst uses in the browser (`fileimport.commit` with a column mapping); the Eurostat files through
`lll import eurostat --file`. The powiat crosswalk fills `Unit.bdl_id`.
"""

import csv
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

from django.db import transaction
from simple_history.utils import bulk_update_with_history

from lll.core.imports import open_table
from lll.indicators.models import ImportBatch, Indicator, Source
from lll.territory.models import Level, Unit

from .eurostat import import_eurostat
from .fileimport import UNIT_BY_CODE, UNIT_BY_NAME, Mapping, commit

CROSSWALK = "teryt_bdl_unit_crosswalk_powiat.csv"
BDL = "GUS, Bank Danych Lokalnych"
SDG = "GUS, wskaźniki SDG – dane regionalne"


@dataclass(frozen=True)
class ShippedFile:
    """One series of a shipped file and the indicator it feeds."""

    file: str
    indicator: str
    source: str
    reference: str  # the publisher and the variable, as a statistician cites them
    unit_column: str = "teryt_code"
    unit_by: str = UNIT_BY_CODE
    value_column: str = "value"
    period_column: str = "year"
    flags_column: str = ""
    # Only the rows with these values (a file holding several series); a Eurostat file's rows
    # are chosen by the indicator's own filters, which say the same.
    where: tuple[tuple[str, str], ...] = ()


# The order matters where two files feed one indicator: the later file's value of a unit and
# year replaces the earlier one (the Eurostat file to 2023 after the one to 2019).
SHIPPED: tuple[ShippedFile, ...] = (
    ShippedFile(
        "bdl_powiat_unemployment_rate_2013_2023.csv",
        "lm-unemployment-rate",
        Source.GUS_BDL,
        f"{BDL}, zmienna 60270 (stopa bezrobocia rejestrowanego, stan 31 XII), powiaty",
    ),
    ShippedFile(
        "bdl_voivodeship_unemployment_rate_2004_2022.csv",
        "lm-unemployment-rate",
        Source.GUS_BDL,
        f"{BDL}, zmienna 60270 (stopa bezrobocia rejestrowanego, stan 31 XII), "
        "Polska i województwa",
    ),
    ShippedFile(
        "bdl_powiat_avg_gross_wage_2013_2023.csv",
        "lm-average-gross-wage",
        Source.GUS_BDL,
        f"{BDL}, zmienna 64428 (przeciętne miesięczne wynagrodzenie brutto), powiaty",
    ),
    ShippedFile(
        "bdl_voivodeship_avg_gross_wage_2002_2022.csv",
        "lm-average-gross-wage",
        Source.GUS_BDL,
        f"{BDL}, zmienna 64428 (przeciętne miesięczne wynagrodzenie brutto), Polska i województwa",
    ),
    ShippedFile(
        "bdl_voivodeship_wage_index_pl100_2015_2024.csv",
        "lm-wage-index",
        Source.GUS_BDL,
        f"{BDL}, zmienna 64429 (wynagrodzenie brutto, Polska = 100), województwa",
        unit_column="unit_name",
        unit_by=UNIT_BY_NAME,
    ),
    ShippedFile(
        "bdl_powiat_population_2013_2023.csv",
        "population-total",
        Source.GUS_BDL,
        f"{BDL}, zmienna 72305 (ludność ogółem, stan 31 XII), powiaty",
        where=(("variable", "ludność ogółem (stan 31 XII)"),),
    ),
    ShippedFile(
        "bdl_powiat_population_2013_2023.csv",
        "population-working-age",
        Source.GUS_BDL,
        f"{BDL}, ludność w wieku produkcyjnym (stan 31 XII), powiaty",
        where=(("variable", "ludność w wieku produkcyjnym, ogółem (stan 31 XII)"),),
    ),
    ShippedFile(
        "bdl_powiat_registered_unemployed_2002_2022.csv",
        "lm-unemployed",
        Source.GUS_BDL,
        f"{BDL}, zmienna 33507 (bezrobotni zarejestrowani ogółem, stan 31 XII), powiaty",
        unit_column="teryt_powiat",
    ),
    ShippedFile(
        "gus_sdg_voivodeship_adult_learning_25_64_2010_2023.csv",
        "al-participation-4-weeks-gus",
        Source.GUS_SDG,
        f"{SDG}, wskaźnik 1.F.1 (BAEL), Polska i województwa",
        unit_column="teryt_voivodeship",
    ),
    ShippedFile(
        "gus_sdg_voivodeship_vocational_school_indicators_2020_2024.csv",
        "vet-share-branzowa-graduates",
        Source.GUS_SDG,
        f"{SDG}, wskaźnik 4.a.1 (dane MEN), Polska i województwa",
        unit_column="teryt_voivodeship",
        where=(("indicator_code", "4-A-1-reg"),),
    ),
    ShippedFile(
        "gus_sdg_voivodeship_vocational_school_indicators_2020_2024.csv",
        "vet-share-technikum-graduates",
        Source.GUS_SDG,
        f"{SDG}, wskaźnik 4.a.2 (dane MEN), Polska i województwa",
        unit_column="teryt_voivodeship",
        where=(("indicator_code", "4-A-2-reg"),),
    ),
    ShippedFile(
        "gus_sdg_voivodeship_vocational_school_indicators_2020_2024.csv",
        "vet-pupils-per-teacher-branzowa",
        Source.GUS_SDG,
        f"{SDG}, wskaźnik 4.a.3 (dane MEN), Polska i województwa",
        unit_column="teryt_voivodeship",
        where=(("indicator_code", "4-A-3-reg"),),
    ),
    ShippedFile(
        "eurostat_trng_lfse_04_PL.csv",
        "al-participation-4-weeks",
        Source.EUROSTAT,
        "Eurostat, trng_lfse_04 (unit=PC, sex=T, age=Y25-64), NUTS 2, 2000-2019",
    ),
    ShippedFile(
        "eurostat_trng_lfse_04_PL_nuts2_2000_2023.csv",
        "al-participation-4-weeks",
        Source.EUROSTAT,
        "Eurostat, trng_lfse_04 (unit=PC, sex=T, age=Y25-64), NUTS 2, 2000-2023",
        where=(("sex", "T"),),
    ),
    ShippedFile(
        "eurostat_trng_lfse_04_PL_nuts2_2000_2023.csv",
        "al-participation-4-weeks-women",
        Source.EUROSTAT,
        "Eurostat, trng_lfse_04 (unit=PC, sex=F, age=Y25-64), Polska i PL84",
        where=(("sex", "F"),),
    ),
    ShippedFile(
        "eurostat_trng_lfse_04_PL_nuts2_2000_2023.csv",
        "al-participation-4-weeks-men",
        Source.EUROSTAT,
        "Eurostat, trng_lfse_04 (unit=PC, sex=M, age=Y25-64), Polska i PL84",
        where=(("sex", "M"),),
    ),
)

# The older Eurostat file has no source column: its origin as SOURCES.md (section 5) gives it.
ORIGINS = {
    "eurostat_trng_lfse_04_PL.csv": "github:datacommonsorg/data@"
    "7ef6ca0ee1d7dbf2a4109cbd12a207df81d2a5c6:scripts/eurostat/regional_statistics_by_nuts/education_enrollment/trng_lfse_04.tsv",
}


def origin(path: Path, where: tuple[tuple[str, str], ...] = ()) -> str:
    """The repository, commit and path the series was taken from (the `source` column of its
    first row: one file may gather series from several files of a repository)."""
    if path.name in ORIGINS:
        return ORIGINS[path.name]
    with path.open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            if all(row.get(column) == value for column, value in where):
                return row.get("source", "")
    return ""


def reference(spec: ShippedFile, path: Path) -> str:
    return f"{spec.reference}; plik {path.name} z {origin(path, spec.where)}"[:500]


def _column(header: list[str], name: str) -> int:
    return header.index(name)


def _load(spec: ShippedFile, data_dir: Path) -> ImportBatch | None:
    """One series into its indicator; None when the same file and series were loaded before."""
    path = data_dir / spec.file
    indicator = Indicator.objects.get(code=spec.indicator)
    cited = reference(spec, path)
    done = ImportBatch.objects.filter(
        indicator=indicator,
        original_file_name=path.name,
        source_reference=cited,
        status=ImportBatch.Status.DONE,
    )
    if done.exists():
        return None
    if spec.source == Source.EUROSTAT:
        return import_eurostat(indicator, file=path, reference=cited)
    table = open_table(path)
    header = table.header
    mapping = Mapping(
        unit_column=_column(header, spec.unit_column),
        unit_by=spec.unit_by,
        value_column=_column(header, spec.value_column),
        period_column=_column(header, spec.period_column),
        flags_column=_column(header, spec.flags_column) if spec.flags_column else None,
        where=[[_column(header, column), value] for column, value in spec.where],
    )
    batch = ImportBatch.objects.create(
        source=spec.source,
        indicator=indicator,
        status=ImportBatch.Status.RUNNING,
        original_file_name=path.name,
        column_mapping=asdict(mapping),
        description=f"{path.name}: {indicator.code}",
        source_reference=cited,
    )
    commit(batch, table)
    return batch


def fill_bdl_ids(data_dir: Path) -> int:
    """Unit.bdl_id of every powiat from the crosswalk (BDL unit id <-> TERYT); how many changed."""
    with (data_dir / CROSSWALK).open(encoding="utf-8-sig", newline="") as handle:
        ids = {row["teryt_powiat"]: row["bdl_unit_id"] for row in csv.DictReader(handle)}
    changed = []
    for unit in Unit.objects.filter(level=Level.POWIAT, code__in=ids).defer("geometry"):
        if unit.bdl_id != ids[unit.code]:
            unit.bdl_id = ids[unit.code]
            changed.append(unit)
    if changed:
        bulk_update_with_history(changed, Unit, ["bdl_id"], batch_size=500)
    return len(changed)


def load_shipped(data_dir: Path) -> Iterator[ImportBatch]:
    """Every shipped file into its indicators, one batch per file and series (skipping those
    already loaded), after the crosswalk's BDL ids. Needs the territory and the catalogue."""
    with transaction.atomic():
        fill_bdl_ids(data_dir)
    for spec in SHIPPED:
        batch = _load(spec, data_dir)
        if batch is not None:
            yield batch
