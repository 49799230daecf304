"""Importing an uploaded CSV/XLSX into one indicator: map columns, preview problems, commit."""

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from lll.core import leases
from lll.core.errors import failure_message
from lll.core.imports import Table, open_table, sample
from lll.core.models import KEPT_PROBLEMS
from lll.core.numbers import decimal_comma
from lll.core.text import place_key
from lll.indicators.models import ImportBatch, Indicator, RuleRun
from lll.territory.models import Level, Unit

from . import progress
from .imports import (
    CheckResult,
    SourceRecord,
    UnitLookup,
    commit_rows,
    iter_checked,
    reject_duplicates,
)
from .observations import ObservationRow, UpsertCounts, preview_counts, record_counts
from .rules import record_runs

UNIT_BY_CODE, UNIT_BY_NAME = "code", "name"
PREVIEW_PROBLEMS = 500


@dataclass
class Mapping:
    unit_column: int
    unit_by: str  # UNIT_BY_CODE or UNIT_BY_NAME
    value_column: int
    period_column: int | None = None
    fixed_period: str = ""
    flags_column: int | None = None
    # Only the rows whose cells hold these values ([column, value] pairs): one indicator out of a
    # long file that holds several (a "variable" or "sex" column).
    where: list[list[Any]] = field(default_factory=list)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "Mapping":
        return cls(**data)


def unit_lookup(unit_by: str) -> UnitLookup:
    """By TERYT code: any unit. By name: Poland, the voivodeships and the home region's powiats
    (powiat names repeat across voivodeships, so names are read within the home region)."""
    if unit_by == UNIT_BY_CODE:
        units = {unit.code: unit for unit in Unit.objects.only("id", "code", "name", "level")}
        if "PL" in units:
            units["00"] = units["PL"]  # GUS writes Poland as 00 (0000000 in BDL exports)

        def by_code(text: str) -> Unit | None:
            code = str(text).strip()
            if code.endswith(".0"):  # Excel turned 2061 into 2061.0
                code = code[:-2]
            if not code:
                return None
            if len(code) == 7 and code.endswith("000"):
                # A BDL export's 7-digit "Kod": 2061000 is the powiat 2061, 2000000 the
                # voivodeship 20 (a gmina's code ends in its type, 1-9, never 0).
                code = code[:2] if code[2:] == "00000" else code[:4]
            return units.get(code) or units.get(
                code.zfill(2 if len(code) < 2 else 4 if len(code) < 4 else 7)
            )

        return by_code
    home = settings.LLL_HOME_REGION
    names: dict[str, Unit] = {}
    for unit in Unit.objects.filter(level__in=[Level.COUNTRY, Level.VOIVODESHIP]).defer("geometry"):
        names[place_key(unit.name)] = unit
    for unit in Unit.objects.filter(level=Level.POWIAT, code__startswith=home).defer("geometry"):
        names.setdefault(place_key(unit.name), unit)
    return lambda text: names.get(place_key(str(text or "")))


def _cell(cells: list[Any], index: int | None) -> Any:
    return cells[index] if index is not None and index < len(cells) else None


def records(table: Table, mapping: Mapping) -> Iterator[SourceRecord]:
    wanted = [(int(column), str(value)) for column, value in mapping.where]
    for number, cells in table.rows():
        if any(str(_cell(cells, column) or "") != value for column, value in wanted):
            continue
        period = (
            mapping.fixed_period
            if mapping.period_column is None
            else _cell(cells, mapping.period_column)
        )
        yield SourceRecord(
            number,
            str(_cell(cells, mapping.unit_column) or ""),
            period,
            _cell(cells, mapping.value_column),
            _cell(cells, mapping.flags_column) or "",
        )


def value_convention(table: Table, mapping: Mapping) -> bool | None:
    """Whether the value column's typed numbers use a decimal comma (read once, before the
    rows are checked, so "1.234" among "12,5"s is caught wherever it stands)."""
    return decimal_comma(_cell(cells, mapping.value_column) for _number, cells in table.rows())


def column_names(table: Table, mapping: Mapping) -> dict[str, str]:
    names = {"unit": table.header[mapping.unit_column], "value": table.header[mapping.value_column]}
    if mapping.period_column is not None:
        names["period"] = table.header[mapping.period_column]
    if mapping.flags_column is not None:
        names["flags"] = table.header[mapping.flags_column]
    return names


def preview(batch: ImportBatch) -> tuple[CheckResult, list[tuple[Any, ...]], UpsertCounts]:
    """Check the whole file without writing; return the problems and the first good rows."""
    assert batch.indicator is not None  # noqa: S101 - a file batch always has its indicator
    table = open_table(Path(batch.original_file.path))
    mapping = Mapping.from_json(batch.column_mapping)
    result = CheckResult()
    good: list[tuple[Any, ...]] = []

    def sampled(rows: Iterator[ObservationRow]) -> Iterator[ObservationRow]:
        for row in rows:
            if len(good) < 10:
                good.append(row)
            yield row

    checked = iter_checked(
        records(table, mapping),
        batch.indicator,
        unit_lookup(mapping.unit_by),
        result,
        column_names(table, mapping),
        value_convention(table, mapping),
    )
    counts = preview_counts(sampled(checked))
    reject_duplicates(result, counts.duplicates)
    record_runs(batch, result.rules, RuleRun.Stage.PREVIEW)
    repeated = {row for row, _first in counts.duplicates}
    good[:] = [row for row in good if row[-1] not in repeated]
    batch.rows_total = result.seen
    batch.rejected = len(result.problems)
    batch.save(update_fields=["rows_total", "rejected"])
    return result, good, counts


# ---------------------------------------------------------------------------------------------
# The steps of a large file's preview in the task worker (`ImportBatch.BACKGROUND_STEPS`); what
# they return is kept on the batch and the pages render from it


def read_file(batch: ImportBatch) -> dict[str, Any]:
    """The upload read whole against every limit: its header and first rows (the column page)."""
    table = open_table(Path(batch.original_file.path), whole=True)
    return {"header": table.header, "sample": sample(table)}


def stored_preview(batch: ImportBatch) -> dict[str, Any]:
    """The preview kept on the batch: the first problems, with their count."""
    return summary(batch, KEPT_PROBLEMS)


def summary(batch: ImportBatch, keep: int | None = None) -> dict[str, Any]:
    """`preview` as the preview page shows it (`keep`: the first so many problems)."""
    result, good, counts = preview(batch)
    return {
        "seen": result.seen,
        "rejected": result.rejected[:keep],
        "rejected_count": len(result.problems),
        "good": [[row[1], row[2], row[3]] for row in good],
        "counts": {
            "inserted": counts.inserted,
            "updated": counts.updated,
            "unchanged": counts.unchanged,
        },
    }


def commit(batch: ImportBatch, table: Table | None = None) -> UpsertCounts:
    """Write the file's good rows in one transaction; rejected rows are kept on the batch.

    `table`: the file already opened, when it is not the batch's stored upload (the data files
    `make setup` loads are read where they lie)."""
    indicator: Indicator = batch.indicator  # type: ignore[assignment]
    if table is None:
        table = open_table(Path(batch.original_file.path))
    mapping = Mapping.from_json(batch.column_mapping)
    result = CheckResult()
    batch.status = ImportBatch.Status.RUNNING
    batch.save(update_fields=["status"])
    # The progress goes to the cache, not the batch: the batch row's changes would stay
    # invisible until the transaction ends (see services/progress.py).
    total = batch.rows_total  # counted by the preview
    rows = iter_checked(
        progress.counted(records(table, mapping), batch.pk, total),
        indicator,
        unit_lookup(mapping.unit_by),
        result,
        column_names(table, mapping),
        value_convention(table, mapping),
    )

    def before_derived() -> None:
        progress.report(batch.pk, progress.DERIVED, result.seen, max(total, result.seen))

    try:
        try:
            counts = commit_rows(batch, indicator, rows, result, before_derived)
        except Exception as exc:
            batch.status, batch.error = ImportBatch.Status.FAILED, failure_message(exc)[:2000]
            batch.finished_at = timezone.now()
            batch.save()
            raise
        batch.rows_total = batch.rows_done = result.seen
        record_counts(batch, counts, result.problems)
    finally:
        progress.clear(batch.pk)  # after the batch's final status is saved
    return counts


# ---------------------------------------------------------------------------------------------
# A commit whose worker died: found by its lease, then retried or given up


def lease_name(batch_id: int) -> str:
    return f"indicators-import-{batch_id}"


def reap(batch: ImportBatch) -> bool:
    """Mark a running commit failed when its worker stopped renewing its lease (the process was
    killed: its transaction was rolled back, nothing was written). True when it was marked."""
    if batch.status != ImportBatch.Status.RUNNING or not leases.expired(lease_name(batch.pk)):
        return False
    marked = ImportBatch.objects.filter(pk=batch.pk, status=ImportBatch.Status.RUNNING).update(
        status=ImportBatch.Status.FAILED,
        error=_(
            "The task worker stopped during the import (its process ended) and nothing was "
            "written. Run the import again, or cancel it."
        ),
        finished_at=timezone.now(),
    )
    leases.release(lease_name(batch.pk))
    progress.clear(batch.pk)
    batch.refresh_from_db()
    return bool(marked)


def can_retry(batch: ImportBatch) -> bool:
    return (
        batch.status == ImportBatch.Status.FAILED
        and bool(batch.original_file)
        and bool(batch.column_mapping)
    )


def can_abandon(batch: ImportBatch) -> bool:
    """A failed import with its file, or one no worker has taken yet (no lease held)."""
    if batch.status == ImportBatch.Status.RUNNING:
        return progress.read(batch.pk) is None and not leases.is_held(lease_name(batch.pk))
    return can_retry(batch)


def reopen(batch: ImportBatch) -> bool:
    """Set a failed import running again, True if this call did it: a second click (another
    tab) finds it running already, and the caller queues the commit only once."""
    return bool(
        ImportBatch.objects.filter(pk=batch.pk, status=ImportBatch.Status.FAILED).update(
            status=ImportBatch.Status.RUNNING, error="", finished_at=None
        )
    )
