"""Eurostat: the dissemination API's JSON-stat 2.0 answers and the long CSV in shared/data.

NUTS 2 codes map to voivodeships by `Unit.nuts_code` (Mazowieckie is the NUTS 1 region PL9, its
NUTS 2 halves PL91/PL92 are not units of their own); "PL" is Poland. Other NUTS 1 macroregions
are not units of the system and are skipped.
"""

import csv
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import timezone

from lll.indicators.models import ImportBatch, Indicator, Source
from lll.territory.models import Level, Unit

from .http import ApiError, CachedJsonClient
from .imports import CheckResult, SourceRecord, commit_rows, iter_checked
from .observations import record_counts

API_URL = "https://ec.europa.eu/eurostat/api/dissemination/statistics/1.0/data"


def nuts_lookup() -> dict[str, Unit]:
    return {
        unit.nuts_code: unit
        for unit in Unit.objects.filter(level__in=[Level.COUNTRY, Level.VOIVODESHIP]).defer(
            "geometry"
        )
        if unit.nuts_code
    }


def jsonstat_records(data: dict[str, Any], filters: dict[str, str]) -> Iterator[SourceRecord]:
    """(geo, time, value, status) cells of a JSON-stat 2.0 dataset that match `filters`."""
    ids: list[str] = data["id"]
    sizes: list[int] = data["size"]
    categories = [data["dimension"][dim]["category"]["index"] for dim in ids]
    # An index may be a list of codes or a mapping code -> position.
    positions = [
        {code: i for i, code in enumerate(index)} if isinstance(index, list) else index
        for index in categories
    ]
    strides = [1] * len(ids)
    for i in range(len(ids) - 2, -1, -1):
        strides[i] = strides[i + 1] * sizes[i + 1]
    values, statuses = data.get("value", {}), data.get("status", {})
    fixed = {}
    for i, dim in enumerate(ids):
        if dim in ("geo", "time"):
            continue
        wanted = filters.get(dim)
        if wanted is None:
            if sizes[i] != 1:
                raise ValueError(f"dimension {dim} has {sizes[i]} categories and no filter")
            wanted = next(iter(positions[i]))
        fixed[i] = positions[i][wanted]
    geo_i, time_i = ids.index("geo"), ids.index("time")
    row = 0
    for geo, geo_pos in positions[geo_i].items():
        for period, time_pos in positions[time_i].items():
            row += 1
            flat = geo_pos * strides[geo_i] + time_pos * strides[time_i]
            flat += sum(pos * strides[i] for i, pos in fixed.items())
            value = values[flat] if isinstance(values, list) else values.get(str(flat))
            status = statuses[flat] if isinstance(statuses, list) else statuses.get(str(flat), "")
            yield SourceRecord(row, geo, period, value, status or "")


def csv_records(path: Path, filters: dict[str, str]) -> Iterator[SourceRecord]:
    """Rows of the long CSV (geo, unit, sex, age, year, value, flag) that match `filters`."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        for row in reader:
            if all(row.get(key) == value for key, value in filters.items() if key in row):
                yield SourceRecord(
                    reader.line_num, row["geo"], row["year"], row["value"], row.get("flag", "")
                )


def _available(
    records: Iterator[SourceRecord], units: dict[str, Unit], result: CheckResult
) -> Iterator[SourceRecord]:
    for record in records:
        if record.unit not in units or record.value in (None, "", ":"):
            result.skipped += 1  # another country's region, a macroregion, or "not available"
            continue
        yield record


def import_eurostat(
    indicator: Indicator,
    *,
    file: Path | None = None,
    live: bool = False,
    user: Any = None,
    base_url: str = API_URL,
    reference: str = "",
) -> ImportBatch:
    """Import an indicator's series from a file (JSON-stat .json or long .csv) or the live API.

    `reference`: where the file comes from, kept on the batch as the values' source."""
    filters = {str(k): str(v) for k, v in indicator.eurostat_filters.items()}
    selection = ", ".join(f"{key}={value}" for key, value in sorted(filters.items()))
    batch = ImportBatch.objects.create(
        source=Source.EUROSTAT,
        indicator=indicator,
        created_by=user,
        description=f"Eurostat {indicator.eurostat_dataset}",
        source_reference=reference
        or f"Eurostat, {indicator.eurostat_dataset} ({selection})"
        + (f", {file.name}" if file is not None else ", API"),
    )
    records: Iterator[SourceRecord]
    if file is not None:
        batch.original_file_name = file.name
    if file is not None and file.suffix.lower() == ".csv":
        records = csv_records(file, filters)
        batch.description += f" ({file.name})"
    else:
        if file is not None:
            data = json.loads(file.read_text(encoding="utf-8"))
            batch.description += f" ({file.name})"
        elif live:
            client = CachedJsonClient(base_url, Path(settings.VAR_DIR) / "cache" / "eurostat")
            params = [("format", "JSON"), ("lang", "EN"), *filters.items()]
            batch.url = f"{base_url}/{indicator.eurostat_dataset}"
            try:
                data = client.get(indicator.eurostat_dataset, params)
            except ApiError as exc:
                batch.status, batch.error = ImportBatch.Status.FAILED, str(exc)[:2000]
                batch.finished_at = timezone.now()
                batch.save()
                raise
            finally:
                client.close()
        else:
            raise ValueError("import_eurostat needs a file or live=True")
        records = jsonstat_records(data, filters)
    units = nuts_lookup()
    result = CheckResult()
    rows = iter_checked(
        _available(records, units, result),
        indicator,
        units.get,
        result,
        {"unit": "geo", "period": "time"},
    )
    counts = commit_rows(batch, indicator, rows, result)
    batch.rows_total = batch.rows_done = result.seen
    record_counts(batch, counts, result.problems)
    batch.finished_at = timezone.now()
    batch.save()
    return batch
