"""Row snapshots of the test database: what a loader wrote, replayed in a few milliseconds.

The reference data many tests need (Poland's territory, the indicator catalogue with the Eurostat
series, the occupation classification, the demo registers) takes 0.1-3.7 s to load through its
loader, which parses the shared files and saves row by row. A `Snapshot` records the rows a loader
inserted, updated or deleted, once per session, and `apply` writes the same rows back with a few
multi-row INSERTs on the test's own connection, so a test's transaction rolls them back as usual.

`apply` only replays onto the state the snapshot was taken from: when a table it touches has
other rows (a test created its own before asking for the data), it writes nothing and says so,
and the caller runs the real loader instead.
"""

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, transaction
from pytest_django.plugin import DjangoDbBlocker

Row = tuple[Any, ...]

# Above this many rows, PostgreSQL gets them by COPY.
COPY_FROM = 2000

# PostgreSQL type codes of json and jsonb: psycopg reads them as dicts and lists, and must be
# told to write them back as JSON (a list would otherwise become an array).
_JSON_TYPES = {114, 3802}


@dataclass
class Table:
    name: str
    columns: list[str]
    pk: str
    json_columns: set[int]
    rows: dict[Any, Row]


@dataclass
class Change:
    """What a loader did to one table, and the table's size before it (count, max pk)."""

    table: str
    columns: list[str]
    pk: str
    json_columns: set[int]
    before: tuple[int, Any]
    inserted: list[Row] = field(default_factory=list)
    updated: list[Row] = field(default_factory=list)
    deleted: list[Any] = field(default_factory=list)


def _quote(name: str) -> str:
    return connection.ops.quote_name(name)


def dump(tables: Iterable[str] | None = None) -> dict[str, Table]:
    """Every row of these tables (all of the database's by default), by primary key."""
    result = {}
    with connection.cursor() as cursor:
        names = list(tables) if tables is not None else connection.introspection.table_names()
        for name in names:
            pk = connection.introspection.get_primary_key_column(cursor, name)
            if pk is None:  # no Django model table lacks one; skip anything else
                continue
            cursor.execute(f"SELECT * FROM {_quote(name)}")  # noqa: S608 - table names only
            description = cursor.description
            columns = [d[0] for d in description]
            json_columns = (
                {i for i, d in enumerate(description) if d[1] in _JSON_TYPES}
                if connection.vendor == "postgresql"
                else set()
            )
            index = columns.index(pk)
            rows = {row[index]: tuple(row) for row in cursor.fetchall()}
            result[name] = Table(name, columns, pk, json_columns, rows)
    return result


def diff(before: dict[str, Table], after: dict[str, Table]) -> list[Change]:
    changes = []
    for name, table in after.items():
        old = before[name].rows if name in before else {}
        inserted = [row for key, row in table.rows.items() if key not in old]
        updated = [row for key, row in table.rows.items() if key in old and old[key] != row]
        deleted = [key for key in old if key not in table.rows]
        if inserted or updated or deleted:
            changes.append(
                Change(
                    name,
                    table.columns,
                    table.pk,
                    table.json_columns,
                    (len(old), max(old, default=None)),
                    inserted,
                    updated,
                    deleted,
                )
            )
    return changes


@dataclass
class Snapshot:
    name: str
    changes: list[Change]

    @property
    def rows(self) -> int:
        return sum(len(c.inserted) + len(c.updated) + len(c.deleted) for c in self.changes)


def capture(name: str, loader: Callable[[], object]) -> Snapshot:
    """Run the loader and record what it changed; the caller decides whether to keep the rows."""
    before = dump()
    loader()
    return Snapshot(name, diff(before, dump()))


def _size(cursor: Any, change: Change) -> tuple[int, Any]:
    cursor.execute(f"SELECT COUNT(*), MAX({_quote(change.pk)}) FROM {_quote(change.table)}")  # noqa: S608
    count, biggest = cursor.fetchone()
    return int(count), biggest


def _values(change: Change, row: Row) -> list[Any]:
    if not change.json_columns:
        return list(row)
    from psycopg.types.json import Jsonb

    # Django's PostgreSQL backend reads json/jsonb as text (its JSONField parses it): write
    # that text back as the document it holds, not as a JSON string containing it.
    return [
        Jsonb(json.loads(value) if isinstance(value, str) else value)
        if i in change.json_columns and value is not None
        else value
        for i, value in enumerate(row)
    ]


def _insert(cursor: Any, change: Change, rows: Sequence[Row]) -> None:
    columns = ", ".join(_quote(c) for c in change.columns)
    if connection.vendor == "postgresql" and len(rows) > COPY_FROM and not change.json_columns:
        # Many rows (the real data's 26,000 observations): COPY takes 1/10 of the time of
        # multi-row INSERTs with thousands of parameters each.
        with cursor.cursor.copy(f"COPY {_quote(change.table)} ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        return
    one = "(" + ", ".join(["%s"] * len(change.columns)) + ")"
    # SQLite takes up to 32,766 parameters in one statement, PostgreSQL 65,535.
    chunk = max(1, min(500, 30_000 // len(change.columns)))
    for start in range(0, len(rows), chunk):
        part = rows[start : start + chunk]
        params = [value for row in part for value in _values(change, row)]
        cursor.execute(
            f"INSERT INTO {_quote(change.table)} ({columns}) VALUES "  # noqa: S608
            + ", ".join([one] * len(part)),
            params,
        )


def _update(cursor: Any, change: Change, row: Row) -> None:
    values = _values(change, row)
    pk_index = change.columns.index(change.pk)
    sets = ", ".join(f"{_quote(c)} = %s" for i, c in enumerate(change.columns) if i != pk_index)
    cursor.execute(
        f"UPDATE {_quote(change.table)} SET {sets} WHERE {_quote(change.pk)} = %s",  # noqa: S608
        [v for i, v in enumerate(values) if i != pk_index] + [values[pk_index]],
    )


def apply(snapshot: Snapshot) -> bool:
    """Write the snapshot's rows; False (and nothing written) when the tables it touches are not
    in the state it was taken from."""
    with connection.cursor() as cursor:
        if any(_size(cursor, change) != change.before for change in snapshot.changes):
            return False
        # Django's foreign keys are deferred on both databases: one transaction (or savepoint)
        # makes the order of the tables irrelevant.
        with transaction.atomic():
            for change in snapshot.changes:
                if change.deleted:
                    cursor.execute(
                        f"DELETE FROM {_quote(change.table)} WHERE {_quote(change.pk)} IN ("  # noqa: S608
                        + ", ".join(["%s"] * len(change.deleted))
                        + ")",
                        change.deleted,
                    )
                for row in change.updated:
                    _update(cursor, change, row)
                _insert(cursor, change, change.inserted)
            if connection.vendor == "postgresql":
                # Rows written with their own ids leave the id sequence behind: move it on, or
                # the next row the test creates would take an id already used.
                for change in snapshot.changes:
                    pk_index = change.columns.index(change.pk)
                    if change.inserted and isinstance(change.inserted[0][pk_index], int):
                        biggest = f"SELECT MAX({_quote(change.pk)}) FROM {_quote(change.table)}"  # noqa: S608
                        cursor.execute(
                            f"SELECT setval(pg_get_serial_sequence(%s, %s), ({biggest}))",
                            [change.table, change.pk],
                        )
    return True


def snapshot_once(
    name: str,
    loader: Callable[[], object],
    blocker: DjangoDbBlocker,
    on_top_of: Sequence[Snapshot] = (),
) -> Snapshot:
    """Run the loader once in a transaction that is rolled back, keeping the rows it wrote.

    `on_top_of`: the snapshots the data set's fixture asks for first (the vet demo is taken
    with the occupation classification already there, as its fixture replays them in turn)."""
    with blocker.unblock(), transaction.atomic():
        for earlier in on_top_of:
            if not apply(earlier):
                raise RuntimeError(f"{earlier.name} does not fit the session's database")
        snapshot = capture(name, loader)
        transaction.set_rollback(True)
    return snapshot


def use(snapshot: Snapshot, loader: Callable[[], object]) -> None:
    """The snapshot's rows in this test's database, or the loader's when the tables it touches
    already hold the test's own rows."""
    if not apply(snapshot):
        loader()
