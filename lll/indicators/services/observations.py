"""Writing observations: an upsert on (indicator, unit, period) that counts what it did.

Rows go into a temporary staging table first (COPY on PostgreSQL, executemany on SQLite). There
the rows that repeat a natural key are found and set aside (the first one stays), then two
set-based statements update the changed observations and insert the new ones. The same statements
run on both databases, a whole import is one transaction, and nothing is held per row in Python,
so memory stays flat however large the file.
"""

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import islice
from typing import TypeVar

from django.db import connection, transaction
from django.db.backends.utils import CursorWrapper

from lll.core.imports import Problem
from lll.indicators.models import ImportBatch, Indicator, Observation

# Table and column names below are constants of this module, never user input; values always
# go as query parameters. (Hence the S608 exemptions.)
STAGE = "lll_observation_stage"
CHUNK = 20_000
FIELDS = (
    "indicator_id",
    "unit_id",
    "period",
    "value",
    "provisional",
    "estimated",
    "confidential",
    "source_flags",
)
# The fields above and, last, the row's number in its source (for messages about duplicates).
ObservationRow = tuple[int, int, str, float, bool, bool, bool, str, int]
T = TypeVar("T")


@dataclass
class UpsertCounts:
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    # (row, first row with the same unit and period) for each repeated row, which was skipped
    duplicates: list[tuple[int, int]] = field(default_factory=list)


def _chunks(rows: Iterable[T], size: int) -> Iterator[list[T]]:
    iterator = iter(rows)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _create_stage(cursor: CursorWrapper) -> None:
    cursor.execute(f"DROP TABLE IF EXISTS {STAGE}")
    cursor.execute(
        f"CREATE TEMPORARY TABLE {STAGE} (indicator_id bigint NOT NULL, unit_id bigint NOT NULL, "
        "period varchar(10) NOT NULL, value double precision NOT NULL, provisional boolean NOT "
        "NULL, estimated boolean NOT NULL, confidential boolean NOT NULL, "
        "source_flags varchar(8) NOT NULL, row_number bigint NOT NULL)"
    )


def _fill_stage(cursor: CursorWrapper, rows: Iterable[ObservationRow]) -> int:
    count = 0
    if connection.vendor == "postgresql":
        with cursor.cursor.copy(f"COPY {STAGE} FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
                count += 1
        return count
    insert = f"INSERT INTO {STAGE} VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)"  # noqa: S608
    for chunk in _chunks(rows, CHUNK):
        cursor.executemany(insert, chunk)
        count += len(chunk)
    return count


def _set_aside_duplicates(cursor: CursorWrapper) -> list[tuple[int, int]]:
    cursor.execute(
        f"SELECT s.row_number, f.first_row FROM {STAGE} AS s JOIN ("  # noqa: S608
        f"SELECT indicator_id, unit_id, period, MIN(row_number) AS first_row FROM {STAGE} "
        "GROUP BY indicator_id, unit_id, period HAVING COUNT(*) > 1) AS f "
        "ON s.indicator_id = f.indicator_id AND s.unit_id = f.unit_id AND s.period = f.period "
        "WHERE s.row_number <> f.first_row ORDER BY s.row_number"
    )
    duplicates = [(int(row), int(first)) for row, first in cursor.fetchall()]
    for chunk in _chunks([row for row, _first in duplicates], 500):
        marks = ", ".join(["%s"] * len(chunk))
        cursor.execute(f"DELETE FROM {STAGE} WHERE row_number IN ({marks})", chunk)  # noqa: S608
    return duplicates


SAME_KEY = "o.indicator_id = s.indicator_id AND o.unit_id = s.unit_id AND o.period = s.period"
DIFFERS = (
    "(o.value <> s.value OR o.provisional <> s.provisional OR o.estimated <> s.estimated "
    "OR o.confidential <> s.confidential OR o.source_flags <> s.source_flags)"
)


def preview_counts(rows: Iterable[ObservationRow]) -> UpsertCounts:
    """What an upsert of `rows` would do (new, changed, unchanged, duplicates), writing nothing."""
    table = Observation._meta.db_table
    with transaction.atomic(), connection.cursor() as cursor:
        _create_stage(cursor)
        total = _fill_stage(cursor, rows)
        duplicates = _set_aside_duplicates(cursor)
        cursor.execute(
            f"SELECT COUNT(*) FROM {STAGE} AS s JOIN {table} AS o ON {SAME_KEY} "  # noqa: S608
            f"WHERE {DIFFERS}"
        )
        changed = int(cursor.fetchone()[0])
        cursor.execute(
            f"SELECT COUNT(*) FROM {STAGE} AS s WHERE NOT EXISTS "  # noqa: S608
            f"(SELECT 1 FROM {table} AS o WHERE {SAME_KEY})"
        )
        new = int(cursor.fetchone()[0])
        cursor.execute(f"DROP TABLE {STAGE}")
    unchanged = total - len(duplicates) - new - changed
    return UpsertCounts(new, changed, unchanged, duplicates)


def upsert_observations(rows: Iterable[ObservationRow], batch: ImportBatch | None) -> UpsertCounts:
    """Insert new observations, update changed ones, count unchanged ones; one transaction.

    A row that repeats the unit and period of an earlier row is skipped and reported.
    """
    table = Observation._meta.db_table
    same_key, differs = SAME_KEY, DIFFERS
    batch_id = batch.pk if batch else None
    with transaction.atomic(), connection.cursor() as cursor:
        _create_stage(cursor)
        total = _fill_stage(cursor, rows)
        duplicates = _set_aside_duplicates(cursor)
        total -= len(duplicates)
        cursor.execute(
            f"UPDATE {table} AS o SET value = s.value, provisional = s.provisional, "  # noqa: S608
            f"estimated = s.estimated, confidential = s.confidential, "
            f"source_flags = s.source_flags, batch_id = %s "
            f"FROM {STAGE} AS s WHERE {same_key} AND {differs}",
            [batch_id],
        )
        updated = cursor.rowcount
        cursor.execute(
            f"INSERT INTO {table} ({', '.join(FIELDS)}, batch_id) "  # noqa: S608
            f"SELECT {', '.join('s.' + f for f in FIELDS)}, %s FROM {STAGE} AS s "
            f"WHERE NOT EXISTS (SELECT 1 FROM {table} AS o WHERE {same_key})",
            [batch_id],
        )
        inserted = cursor.rowcount
        cursor.execute(f"DROP TABLE {STAGE}")
    return UpsertCounts(inserted, updated, total - inserted - updated, duplicates)


def record_counts(batch: ImportBatch, counts: UpsertCounts, problems: Sequence[Problem]) -> None:
    """The batch done (its `rows_total` already set): what its rows did, the rejected ones."""
    batch.record_done(batch.rows_total, counts.inserted, counts.updated, counts.unchanged, problems)


def recompute_derived(
    changed: Iterable[Indicator], batch: ImportBatch | None
) -> dict[str, UpsertCounts]:
    """Recompute every derived indicator whose numerator or denominator is among `changed`.

    A value exists for each unit and period where both inputs exist, neither is confidential
    (a derived value would disclose it) and the denominator is not zero; a value whose inputs
    disappeared is removed.
    """
    changed_ids = {indicator.pk for indicator in changed}
    results: dict[str, UpsertCounts] = {}
    derived = Indicator.objects.filter(numerator__isnull=False, denominator__isnull=False)
    for indicator in derived:
        if (
            indicator.numerator_id not in changed_ids
            and indicator.denominator_id not in changed_ids
        ):
            continue
        numerators = _values(indicator.numerator_id)
        denominators = _values(indicator.denominator_id)
        rows: list[ObservationRow] = []
        for key, (numerator, n_flags) in numerators.items():
            denominator = denominators.get(key)
            if denominator is None or denominator[0] == 0:
                continue
            d_flags = denominator[1]
            if n_flags[2] or d_flags[2]:
                continue  # confidential input: left out of derived values
            provisional = n_flags[0] or d_flags[0]
            estimated = n_flags[1] or d_flags[1]
            confidential = False
            value = numerator / denominator[0] * indicator.factor
            source_flags = "".join(sorted(set(n_flags[3] + d_flags[3])))
            rows.append(
                (
                    indicator.pk,
                    key[0],
                    key[1],
                    value,
                    provisional,
                    estimated,
                    confidential,
                    source_flags,
                    len(rows) + 1,
                )
            )
        with transaction.atomic():
            keys = {(row[1], row[2]) for row in rows}
            stale = [
                pk
                for pk, unit_id, period in Observation.objects.filter(
                    indicator=indicator
                ).values_list("pk", "unit_id", "period")
                if (unit_id, period) not in keys
            ]
            Observation.objects.filter(pk__in=stale).delete()
            results[indicator.code] = upsert_observations(rows, batch)
    return results


Flags = tuple[bool, bool, bool, str]


def _values(indicator_id: int | None) -> dict[tuple[int, str], tuple[float, Flags]]:
    observations = Observation.objects.filter(indicator_id=indicator_id or 0).values_list(
        "unit_id", "period", "value", "provisional", "estimated", "confidential", "source_flags"
    )
    return {
        (unit, period): (value, (provisional, estimated, confidential, source_flags))
        for unit, period, value, provisional, estimated, confidential, source_flags in observations
    }
