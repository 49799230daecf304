"""GUS Local Data Bank (BDL) API: /data/by-variable/{id}, paged, within the published quotas.

Quotas (requests): anonymous 5 per second and 100 per 15 minutes; with a client id (X-ClientId)
10 per second and 500 per 15 minutes. HTTP 429 and 5xx are retried with backoff; every answer is
cached under var/cache/bdl, so importing the same variable again spends no quota.

BDL unit ids (12 characters) are matched to TERYT units by level and name within the voivodeship
whose TERYT code stands at characters 3-4 of the id; a match is remembered in `Unit.bdl_id`.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from lll.core.text import place_key, search_key
from lll.indicators.models import ImportBatch, Indicator, Source
from lll.territory.models import Level, Unit

from .http import ApiError, CachedJsonClient, RateLimiter
from .imports import CheckResult, SourceRecord, commit_rows, iter_checked
from .observations import record_counts

API_URL = "https://bdl.stat.gov.pl/api/v1"
PAGE_SIZE = 100
# BDL unit levels: 0 Poland, 2 voivodeship, 5 powiat, 6 gmina.
BDL_LEVELS = {Level.COUNTRY: 0, Level.VOIVODESHIP: 2, Level.POWIAT: 5, Level.GMINA: 6}
ANONYMOUS_LIMITS = [(5, 1.0), (100, 15 * 60.0)]
KEY_LIMITS = [(10, 1.0), (500, 15 * 60.0)]
# Told after each page: how many results have arrived, of how many.
Progress = Callable[[int, int], None]


def bdl_client(base_url: str = API_URL, client_id: str = "", **kwargs: Any) -> CachedJsonClient:
    headers = {"X-ClientId": client_id} if client_id else {}
    limiter = RateLimiter(KEY_LIMITS if client_id else ANONYMOUS_LIMITS)
    cache = kwargs.pop("cache_dir", Path(settings.VAR_DIR) / "cache" / "bdl")
    kwargs.setdefault("max_retries", settings.LLL_HTTP_MAX_RETRIES)
    return CachedJsonClient(base_url, cache, headers=headers, limiter=limiter, **kwargs)


def data_by_variable(
    client: CachedJsonClient,
    variable_id: str,
    unit_level: int,
    years: list[int],
    unit_parent_id: str = "",
    page_size: int = PAGE_SIZE,
    progress: Progress | None = None,
) -> Iterator[dict[str, Any]]:
    """Every result ({id, name, values: [{year, val, attrId}]}) across all pages.

    `progress(done, total)` hears after each page how many results of how many have arrived."""
    page = 0
    done = 0
    while True:
        params = [
            ("unit-level", str(unit_level)),
            ("page", str(page)),
            ("page-size", str(page_size)),
            ("format", "json"),
            ("lang", "pl"),
        ]
        if unit_parent_id:
            params.append(("unit-parent-id", unit_parent_id))
        params += [("year", str(year)) for year in years]
        data = client.get(f"data/by-variable/{variable_id}", params)
        results = data.get("results") or []
        yield from results
        total = int(data.get("totalRecords") or 0)
        done += len(results)
        if progress is not None:
            progress(done, total)
        if not results or (page + 1) * page_size >= total:
            return
        page += 1


class BdlUnits:
    """Matches BDL unit ids to TERYT units, remembering matches in Unit.bdl_id."""

    def __init__(self) -> None:
        units = list(Unit.objects.exclude(level=Level.GMINA).defer("geometry"))
        self.by_id = {u.bdl_id: u for u in units if u.bdl_id}
        self.by_name: dict[tuple[str, str, str], Unit] = {}
        for unit in units:
            voivodeship = unit.code[:2] if unit.level != Level.COUNTRY else ""
            self.by_name[(unit.level, voivodeship, search_key(unit.name))] = unit
        self.names: dict[str, str] = {}

    def remember(self, bdl_id: str, name: str) -> None:
        self.names[bdl_id] = name

    def __call__(self, bdl_id: str) -> Unit | None:
        if bdl_id in self.by_id:
            return self.by_id[bdl_id]
        name = self.names.get(bdl_id, "")
        if len(bdl_id) != 12:
            return None
        if bdl_id == "0" * 12 or search_key(name) == "polska":
            unit = self.by_name.get((Level.COUNTRY, "", "polska"))
        elif bdl_id[4:] == "00000000":
            unit = self.by_name.get((Level.VOIVODESHIP, bdl_id[2:4], search_key(name)))
        else:
            unit = self.by_name.get((Level.POWIAT, bdl_id[2:4], place_key(name)))
        if unit is not None:
            unit.bdl_id = bdl_id
            unit.save(update_fields=["bdl_id"])
            self.by_id[bdl_id] = unit
        return unit


def bdl_records(results: Iterator[dict[str, Any]], units: BdlUnits) -> Iterator[SourceRecord]:
    row = 0
    for result in results:
        units.remember(result["id"], result.get("name", ""))
        for value in result.get("values") or []:
            row += 1
            yield SourceRecord(row, result["id"], value.get("year"), value.get("val"), "")


def import_bdl(
    indicator: Indicator,
    client: CachedJsonClient,
    years: list[int],
    unit_level: int,
    unit_parent_id: str = "",
    user: Any = None,
    page_size: int = PAGE_SIZE,
    progress: Progress | None = None,
) -> ImportBatch:
    """Import one level of a BDL variable; all pages are fetched before the database is touched.

    While the pages arrive (slowly: the API allows 100 requests per 15 minutes without a key),
    the batch shows how many units of how many have arrived, for the page that watches it."""
    batch = ImportBatch.objects.create(
        source=Source.GUS_BDL,
        indicator=indicator,
        created_by=user,
        url=f"{client.base_url}/data/by-variable/{indicator.bdl_variable_id}",
        source_reference=f"GUS, Bank Danych Lokalnych, zmienna {indicator.bdl_variable_id} "
        f"(API {client.base_url})",
        description=f"BDL {indicator.bdl_variable_id}, poziom {unit_level}, lata "
        f"{min(years)}-{max(years)}",
    )
    units = BdlUnits()
    result = CheckResult()

    def fetched(done: int, total: int) -> None:
        batch.rows_done, batch.rows_total = done, total
        batch.save(update_fields=["rows_done", "rows_total"])
        if progress is not None:
            progress(done, total)

    try:
        results = list(
            data_by_variable(
                client,
                indicator.bdl_variable_id,
                unit_level,
                years,
                unit_parent_id,
                page_size,
                fetched,
            )
        )
    except ApiError as exc:
        batch.status, batch.error = ImportBatch.Status.FAILED, str(exc)
        batch.save()
        raise
    # Match (and remember) every unit now: nothing may query the database while the rows
    # stream into the staging table (a COPY holds the connection on PostgreSQL).
    for found in results:
        units.remember(found["id"], found.get("name", ""))
        units(found["id"])
    rows = iter_checked(
        bdl_records(iter(results), units),
        indicator,
        units,
        result,
        {"unit": "id", "period": "year", "value": "val"},
    )
    counts = commit_rows(batch, indicator, rows, result)
    batch.rows_total = batch.rows_done = result.seen
    record_counts(batch, counts, result.problems)
    return batch


def import_bdl_levels(
    indicator: Indicator,
    client: CachedJsonClient,
    years: list[int],
    region: Unit,
    user: Any = None,
    progress: Callable[[str], Progress] | None = None,
) -> list[ImportBatch]:
    """Poland and the voivodeships (which also teaches the region's BDL id), then the region's
    powiats: one batch per level the indicator exists for."""
    batches = []
    for level in (Level.COUNTRY, Level.VOIVODESHIP):
        if level in indicator.levels:
            batches.append(
                import_bdl(
                    indicator,
                    client,
                    years,
                    BDL_LEVELS[level],
                    user=user,
                    progress=progress(level) if progress else None,
                )
            )
    region.refresh_from_db()
    if Level.POWIAT in indicator.levels:
        if not region.bdl_id:
            raise ApiError(
                _("The BDL id of %(unit)s is unknown; import the voivodeship level first.")
                % {"unit": region}
            )
        batches.append(
            import_bdl(
                indicator,
                client,
                years,
                BDL_LEVELS[Level.POWIAT],
                unit_parent_id=region.bdl_id,
                user=user,
                progress=progress(Level.POWIAT) if progress else None,
            )
        )
    return batches


@dataclass
class VariableInfo:
    """What the BDL says a variable is: its subject's name, its dimension values (n1..n5),
    the measure unit and the lowest level with data."""

    id: str
    subject_id: str
    subject: str
    dimensions: list[str]
    measure: str
    level: int | None

    @property
    def name(self) -> str:
        return (
            ", ".join([self.subject, *self.dimensions])
            if self.subject
            else ", ".join(self.dimensions)
        )


def describe_variable(client: CachedJsonClient, variable_id: str) -> VariableInfo:
    """Ask `/variables/{id}` and its subject `/subjects/{subjectId}` (both cached like data)."""
    params = [("format", "json"), ("lang", "pl")]
    data = client.get(f"variables/{variable_id}", params)
    subject_id = str(data.get("subjectId") or "")
    subject = ""
    if subject_id:
        subject = str(client.get(f"subjects/{subject_id}", params).get("name") or "")
    dimensions = [str(data[key]) for key in ("n1", "n2", "n3", "n4", "n5") if data.get(key)]
    level = data.get("level")
    return VariableInfo(
        id=str(data.get("id") or variable_id),
        subject_id=subject_id,
        subject=subject,
        dimensions=dimensions,
        measure=str(data.get("measureUnitName") or ""),
        level=int(level) if isinstance(level, int) else None,
    )
