"""Bulk import of observations: the project's file-import path against two baselines.

Run:  .venv/bin/python -m benchmarks.observation_import [--rows 1000000]
      DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python -m ...

The file is a CSV as an analyst would upload it (TERYT code; month; value with a decimal comma).
Our path is the web commit path: read, check every row, stage, upsert, recompute derived data.
Baselines in the same run, with the same rows already parsed in memory:
  - PostgreSQL: COPY into a bare table without indexes (the physical floor);
    SQLite: executemany into a bare table;
  - Django bulk_create of Observation objects into the real (empty) table.
Peak Python memory of the import is measured at a tenth of the rows and at all of them: a
streaming import keeps it flat.
"""

import argparse
import csv
import tempfile
import tracemalloc
from functools import partial
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction

from benchmarks._setup import benchmark_database, timed
from lll.indicators.models import ImportBatch, Indicator, Observation, Source
from lll.indicators.services import fileimport
from lll.territory.models import Unit
from lll.territory.services import load_territory


def months(count: int) -> list[str]:
    return [f"{1990 + i // 12}-{i % 12 + 1:02d}" for i in range(count)]


def write_file(path: Path, units: list[Unit], rows: int) -> list[tuple[int, str, float]]:
    periods = months(rows // len(units) + 1)
    written: list[tuple[int, str, float]] = []
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(["Kod TERYT", "Miesiąc", "Wartość"])
        for period in periods:
            for unit in units:
                if len(written) == rows:
                    return written
                value = (unit.pk * 7 + len(written)) % 10000 / 10
                writer.writerow([unit.code, period, f"{value:.1f}".replace(".", ",")])
                written.append((unit.pk, period, value))
    return written


def clear(table: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table}")


def run_import(path: Path, indicator: Indicator) -> ImportBatch:
    batch = ImportBatch.objects.create(
        source=Source.OFFICE,
        indicator=indicator,
        status=ImportBatch.Status.PREVIEW,
        column_mapping={
            "unit_column": 0,
            "unit_by": "code",
            "period_column": 1,
            "value_column": 2,
            "fixed_period": "",
            "flags_column": None,
        },
    )
    batch.original_file.name = str(path)
    fileimport.commit(batch)
    return batch


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    rows = parser.parse_args().rows
    with benchmark_database() as vendor, tempfile.TemporaryDirectory() as folder:
        settings.MEDIA_ROOT = folder
        load_territory(settings.LLL_DATA_DIR)
        units = list(Unit.objects.order_by("code"))
        indicator = Indicator.objects.create(
            code="bench-monthly",
            name_pl="Benchmark",
            name_en="Benchmark",
            unit_of_measure="%",
            periodicity="month",
            source=Source.OFFICE,
            levels=["country", "voivodeship", "powiat", "gmina"],
        )
        small, big = Path(folder) / "small.csv", Path(folder) / "big.csv"
        write_file(small, units, rows // 10)
        parsed = write_file(big, units, rows)
        typed = [
            (indicator.pk, unit, period, value, False, False, False, "")
            for unit, period, value in parsed
        ]
        table = Observation._meta.db_table

        def read_and_check() -> None:
            mapping = fileimport.Mapping(
                unit_column=0, unit_by="code", value_column=2, period_column=1
            )
            table = fileimport.open_table(big)
            for _row in fileimport.iter_checked(
                fileimport.records(table, mapping),
                indicator,
                fileimport.unit_lookup("code"),
                fileimport.CheckResult(),
            ):
                pass

        reading = timed(read_and_check)
        ours = timed(lambda: run_import(big, indicator))
        batch = ImportBatch.objects.latest("pk")
        assert batch.inserted == rows, (batch.inserted, batch.rejected_rows[:3])
        again = timed(lambda: run_import(big, indicator))
        assert ImportBatch.objects.latest("pk").unchanged == rows

        with connection.cursor() as cursor:
            cursor.execute(
                "CREATE TABLE bench_bare (indicator_id bigint, unit_id bigint, "
                "period varchar(10), value double precision, provisional boolean, "
                "estimated boolean, confidential boolean, source_flags varchar(8))"
            )

        def baseline(into: str) -> None:
            columns = (
                "indicator_id, unit_id, period, value, provisional, estimated, confidential, "
                "source_flags"
            )
            with transaction.atomic(), connection.cursor() as cursor:
                if vendor == "postgresql":
                    with cursor.cursor.copy(f"COPY {into} ({columns}) FROM STDIN") as copy:
                        for row in typed:
                            copy.write_row(row)
                else:
                    cursor.executemany(
                        f"INSERT INTO {into} ({columns}) VALUES (%s, %s, %s, %s, %s, %s, %s, %s)",
                        typed,
                    )

        floor = timed(lambda: baseline("bench_bare"))
        # Between the bare table and the real one: what a primary key alone and the natural key
        # cost, so the ratios show where the time of any import into a keyed table goes.
        structure: dict[str, float] = {}
        if vendor == "postgresql":
            columns = (
                "indicator_id bigint NOT NULL, unit_id bigint NOT NULL, period varchar(10) NOT "
                "NULL, value double precision NOT NULL, provisional boolean NOT NULL, estimated "
                "boolean NOT NULL, confidential boolean NOT NULL, source_flags varchar(8) NOT NULL"
            )
            tables = {
                "a table with a primary key only": (
                    f"bench_pk (id bigserial PRIMARY KEY, {columns})"
                ),
                "a table with a primary key and the natural key": (
                    f"bench_keys (id bigserial PRIMARY KEY, {columns}, "
                    "UNIQUE (indicator_id, unit_id, period))"
                ),
            }
            for label, definition in tables.items():
                with connection.cursor() as cursor:
                    cursor.execute(f"CREATE TABLE {definition}")
                structure[label] = timed(partial(baseline, definition.split()[0]))
        clear(table)
        # The same bulk write into the real table: its unique key, index and foreign keys
        # are what any import into it has to maintain.
        floor_real = timed(lambda: baseline(table))

        def bulk_create() -> None:
            Observation.objects.bulk_create(
                (
                    Observation(indicator_id=i, unit_id=u, period=p, value=v)
                    for i, u, p, v, *_flags in typed
                ),
                batch_size=5000,
            )

        clear(table)
        django_bulk = timed(bulk_create)

        clear(table)
        tracemalloc.start()
        run_import(small, indicator)
        small_peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.reset_peak()
        clear(table)
        run_import(big, indicator)
        big_peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()

        floor_name = (
            "COPY into a bare table" if vendor == "postgresql" else "executemany into a bare table"
        )
        print(f"database: {vendor}; rows: {rows:,}")
        print(
            f"our import (CSV file -> checked -> upserted): {ours:.1f} s, {rows / ours:,.0f} rows/s"
        )
        print(f"  of which reading and checking the file in Python: {reading:.1f} s")
        print(f"  re-import of the same file (all unchanged): {again:.1f} s")
        print(
            f"baseline {floor_name} (rows parsed in memory): {floor:.1f} s "
            f"-> ours / baseline = {ours / floor:.2f}x"
        )
        for label, seconds in structure.items():
            print(
                f"baseline COPY into {label}: {seconds:.1f} s ({seconds / floor:.1f}x the bare "
                f"COPY) -> ours / baseline = {ours / seconds:.2f}x"
            )
        real_name = floor_name.replace("a bare table", "the real table")
        ratio = ours / floor_real
        print(f"baseline {real_name}: {floor_real:.1f} s -> ours / baseline = {ratio:.2f}x")
        print(
            f"baseline Django bulk_create: {django_bulk:.1f} s "
            f"-> ours / bulk_create = {ours / django_bulk:.2f}x"
        )
        print(
            f"peak Python memory of the import: {small_peak / 2**20:.1f} MiB at {rows // 10:,} "
            f"rows, {big_peak / 2**20:.1f} MiB at {rows:,} rows "
            f"(ratio {big_peak / small_peak:.2f} for 10x the rows)"
        )


if __name__ == "__main__":
    main()
