"""Memory and time of a vet file import's commit (the background task's work).

Run:  .venv/bin/python -m benchmarks.vet_import_memory [--rows 200000]
      DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python -m ...

The file is Barometr-like: a year, a TERYT code, an occupation group, a category and the group's
6-digit codes, for every powiat of the home region and the region itself over the years. Each
measurement runs on a tenth of the rows and on all of them under tracemalloc: what streams keeps
its peak nearly flat; what holds the file's records grows with the rows. Measured: the records
the commit held before it streamed (the old way), the streamed reading and checking, and the
full streamed commit with its writes (on fewer rows by default: each row is an upsert with its
history record). The limit of rows a file may have (`imports.records.MAX_ROWS`) is lifted for
the run.
"""

import argparse
import csv
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

from django.conf import settings

from benchmarks._setup import benchmark_database
from lll.territory.models import Unit
from lll.territory.services import load_territory
from lll.vet.models import BarometerEntry, ImportBatch, ImportKind, Occupation
from lll.vet.services import imports
from lll.vet.services.occupations import load_kzis

CATEGORIES = ("deficyt", "równowaga", "nadwyżka")


def write_file(path: Path, units: list[str], codes: list[str], rows: int) -> None:
    per_group = len(units) * 29  # years 2000-2028
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(["Rok", "Kod TERYT", "Grupa zawodów", "Kategoria", "Kody KZiS"])
        for n in range(rows):
            group, rest = divmod(n, per_group)
            year, unit = divmod(rest, len(units))
            picked = " ".join(codes[(group * 3 + i) % len(codes)] for i in range(2))
            writer.writerow(
                [
                    2000 + year,
                    units[unit],
                    f"Grupa zawodów nr {group:04d} (technicy i pracownicy pokrewni)",
                    CATEGORIES[(n * 7 + group) % 3],
                    picked,
                ]
            )


def _batch(path: Path) -> ImportBatch:
    batch = ImportBatch(kind=ImportKind.BAROMETER, original_file_name=path.name)
    batch.original_file.name = str(path)
    sheet = imports.read_sheet(path)
    batch.column_mapping = imports.guess_mapping(ImportKind.BAROMETER, sheet.header)
    batch.save()
    return batch


def measure(work: Callable[[], object]) -> tuple[float, int]:
    tracemalloc.start()
    start = time.perf_counter()
    work()
    seconds = time.perf_counter() - start
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return seconds, peak


def held(path: Path) -> tuple[float, int]:
    """What the commit held before it streamed: every checked record of the file in a list,
    written only once all were read (the writes add no memory that grows with the rows)."""
    batch = _batch(path)
    return measure(lambda: list(imports._records(batch, imports.Preview())))


def streamed_reading(path: Path) -> tuple[float, int]:
    """The streamed commit's reading and checking alone: each record dropped once taken."""
    batch = _batch(path)

    def read() -> None:
        for _record in imports._records(batch, imports.Preview()):
            pass

    return measure(read)


def streamed(path: Path) -> tuple[float, int]:
    """The commit as the background task runs it: rows written as they are read."""
    batch = _batch(path)
    BarometerEntry.objects.all().delete()
    return measure(lambda: imports.commit(batch))


def report(label: str, rows: int, seconds: float, peak: int) -> None:
    print(f"{label}, {rows:,} rows: {seconds:.1f} s, peak {peak / 2**20:.1f} MiB", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument(
        "--commit-rows",
        type=int,
        default=20_000,
        help="rows of the full commit with its writes (about 3 ms a row on a free core)",
    )
    arguments = parser.parse_args()
    rows, commit_rows = arguments.rows, arguments.commit_rows
    imports.records.MAX_ROWS = max(imports.records.MAX_ROWS, rows, commit_rows)
    settings.DEBUG = False  # as the worker runs: no log of every query kept in memory
    with benchmark_database() as vendor, tempfile.TemporaryDirectory() as folder:
        settings.MEDIA_ROOT = folder
        load_territory(settings.LLL_DATA_DIR)
        load_kzis(settings.LLL_DATA_DIR)
        home = settings.LLL_HOME_REGION
        units = [home, *Unit.objects.filter(parent__code=home).values_list("code", flat=True)]
        codes = list(Occupation.objects.values_list("code", flat=True)[:500])
        files = {}
        for size in {rows, rows // 10, commit_rows, commit_rows // 10}:
            files[size] = Path(folder) / f"barometr-{size}.csv"
            write_file(files[size], units, codes, size)
        print(f"database: {vendor}; Barometr-like CSV", flush=True)
        for label, work, size in (
            ("before: the commit's records held in a list", held, rows),
            ("after: the commit's reading and checking, streamed", streamed_reading, rows),
            ("after: the streamed commit with its writes", streamed, commit_rows),
        ):
            small_time, small_peak = work(files[size // 10])
            report(label, size // 10, small_time, small_peak)
            big_time, big_peak = work(files[size])
            report(label, size, big_time, big_peak)
            print(f"  ratio of peaks for 10x the rows: {big_peak / small_peak:.2f}", flush=True)


if __name__ == "__main__":
    main()
