"""Importing a partner's report of N activity rows against the indicator import of N rows.

Run:  .venv/bin/python -m benchmarks.activity_import [--rows 10000]
      DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python -m ...

Both files are CSV as a person uploads them. The activity import reads and checks every row
(cells, codes, the validation rules), then writes the activities with their territory and
priority links in batches under ALL_OR_NOTHING (`workbook.import_report`); the baseline is the
indicator file import of the same number of rows (`fileimport.commit`: stage, upsert), in the
same run. Then the report is submitted and returned, and the same rows are imported again with
their IDs and one value changed each: every row an update with a change-log entry.
"""

import argparse
import csv
import datetime
import tempfile
from pathlib import Path

from django.conf import settings

from benchmarks._setup import benchmark_database, timed
from benchmarks.observation_import import run_import, write_file
from lll.accounts.roles import sync_roles
from lll.activities.services import reporting, workbook
from lll.activities.services.columns import COLUMNS
from lll.coordination.models import Institution, InstitutionKind
from lll.indicators.models import Indicator, Source
from lll.territory.models import Unit
from lll.territory.services import load_territory


def write_activities(path: Path, rows: int, ids: list[int] | None = None) -> None:
    powiats = [u.code for u in Unit.objects.filter(parent__code="20").order_by("code")]
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow([str(c.label) for c in COLUMNS])
        for number in range(rows):
            participants = 10 + number % 40
            women = number % participants
            cells = {
                "title": f"Kurs {number}",
                "activity_type": "kkz" if number % 3 == 0 else "training",
                "priorities": "1;3",
                "target_groups": "adults",
                "units": powiats[number % len(powiats)],
                "starts_on": "2025-02-01",
                "ends_on": "2025-06-30",
                "funding": "kfs",
                "amount": "12 500,00",
                "qualification_code": "MOT.05",
                "participants": participants,
                "women": women,
                "men": participants - women,
                "hours": 120,
                "completions": participants - 1,
                "passed_exam": participants - 2,
            }
            if ids is not None:  # the same activities again, one value changed in each
                cells["id"] = ids[number]
                cells["hours"] = 121
            writer.writerow([cells.get(c.key, "") for c in COLUMNS])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000)
    rows = parser.parse_args().rows
    with benchmark_database() as vendor, tempfile.TemporaryDirectory() as folder:
        settings.MEDIA_ROOT = folder
        load_territory(settings.LLL_DATA_DIR)
        sync_roles()
        institution = Institution.objects.create(
            name="Centrum Kształcenia Zawodowego (benchmark)", kind=InstitutionKind.SCHOOL
        )
        cycle = reporting.open_cycle(
            "Rok 2025",
            datetime.date(2025, 1, 1),
            datetime.date(2025, 12, 31),
            datetime.date(2026, 1, 31),
            [institution],
        )
        report = cycle.reports.get()
        activities_file = Path(folder) / "activities.csv"
        write_activities(activities_file, rows)
        indicator = Indicator.objects.create(
            code="bench-monthly",
            name_pl="Benchmark",
            name_en="Benchmark",
            unit_of_measure="%",
            periodicity="month",
            source=Source.OFFICE,
            levels=["country", "voivodeship", "powiat", "gmina"],
        )
        indicator_file = Path(folder) / "observations.csv"
        write_file(indicator_file, list(Unit.objects.order_by("code")), rows)

        baseline = timed(lambda: run_import(indicator_file, indicator))
        ours = timed(lambda: workbook.import_report(report, activities_file, None))
        assert report.activities.count() == rows
        print(f"database: {vendor}; rows: {rows:,}")
        print(f"indicator file import (baseline): {baseline:8.2f} s")
        print(f"activity report import:           {ours:8.2f} s")
        print(f"ratio activity / indicator import: {ours / baseline:.1f}x", flush=True)
        # The report submitted and returned: every row again with its ID and one value changed,
        # so each is an update and each change goes into the change log.
        reporting.submit(report)
        reporting.return_report(report, "Proszę poprawić godziny.")
        ids = list(report.activities.order_by("title").values_list("pk", flat=True))
        titles = list(report.activities.order_by("title").values_list("title", flat=True))
        by_title = dict(zip(titles, ids, strict=True))
        write_activities(activities_file, rows, [by_title[f"Kurs {n}"] for n in range(rows)])
        again = timed(lambda: workbook.import_report(report, activities_file, None))
        print(f"re-import as updates, change log:  {again:8.2f} s ({again / baseline:.1f}x)")
        assert report.changes.count() == rows, report.changes.count()


if __name__ == "__main__":
    main()
