"""How fast is the territory load compared with the plainest bulk insert of the same rows?

Run: .venv/bin/python -m benchmarks.territory_load   (DATABASE_URL picks SQLite or PostgreSQL)

Baseline, in the same run and on the same database: the same rows written into a bare table
with one statement per batch (PostgreSQL: COPY; SQLite: executemany). Our load also validates
every file, writes history rows and resolves parents; the ratio shows what that costs.
"""

import json
import os
import time
import tracemalloc
from collections.abc import Callable

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lll.settings")
django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from lll.territory.models import Unit  # noqa: E402
from lll.territory.services import load_territory, read_territory  # noqa: E402

COLUMNS = "code, name, level, kind, parent_code, subregion, geometry"


def best_of(runs: int, setup: Callable[[], object], work: Callable[[], object]) -> float:
    times = []
    for _ in range(runs):
        setup()
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0)
    try:
        data_dir = settings.LLL_DATA_DIR
        tracemalloc.start()
        records = read_territory(data_dir)
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        rows = [
            (
                r.code,
                r.name,
                r.level,
                r.kind,
                r.parent_code or "",
                r.subregion,
                json.dumps(r.geometry) if r.geometry else None,
            )
            for r in records
        ]
        vendor = connection.vendor
        with connection.cursor() as cursor:
            cursor.execute(f"CREATE TABLE bench_units ({COLUMNS.replace(',', ' text,')} text)")

        def clear_baseline() -> None:
            with connection.cursor() as cursor:
                cursor.execute("DELETE FROM bench_units")

        def baseline() -> None:
            with transaction.atomic(), connection.cursor() as cursor:
                if vendor == "postgresql":
                    with cursor.copy(f"COPY bench_units ({COLUMNS}) FROM STDIN") as copy:
                        for row in rows:
                            copy.write_row(row)
                else:
                    cursor.executemany(
                        f"INSERT INTO bench_units ({COLUMNS}) VALUES (%s, %s, %s, %s, %s, %s, %s)",
                        rows,
                    )

        def clear_units() -> None:
            Unit.history.all().delete()
            Unit.objects.filter(level="gmina").delete()
            Unit.objects.filter(level="powiat").delete()
            Unit.objects.filter(level="voivodeship").delete()
            Unit.objects.all().delete()

        base = best_of(3, clear_baseline, baseline)
        ours = best_of(3, clear_units, lambda: load_territory(data_dir))
        again = best_of(3, lambda: None, lambda: load_territory(data_dir))
        reading = best_of(3, lambda: None, lambda: read_territory(data_dir))
        print(f"database: {vendor}; units: {len(rows)}")
        print(
            f"baseline bulk insert ({'COPY' if vendor == 'postgresql' else 'executemany'}): "
            f"{base * 1000:.0f} ms"
        )
        print(
            f"load_territory into an empty database: {ours * 1000:.0f} ms "
            f"(ratio to baseline {ours / base:.1f}x)"
        )
        print(f"  of which reading and checking the files: {reading * 1000:.0f} ms")
        print(
            f"load_territory again, nothing changed: {again * 1000:.0f} ms "
            f"(ratio to baseline {again / base:.1f}x)"
        )
        print(f"peak memory while reading and checking the files: {peak / 2**20:.1f} MiB")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
