"""Peak memory and time of the worst uploads: the zip bomb of 1,000,000 rows and the 80 MB cell.

Run:  .venv/bin/python -m benchmarks.hostile_uploads [--skip-before] [--upload]

Each measurement runs in a fresh process (its peak resident memory, `ru_maxrss`, is its own):

- baseline: an ordinary workbook of 1,000 rows read whole through `open_table` (as an upload is
  checked before it is kept); every other figure is also given as a ratio to it;
- request: what the upload's web request does with the file now: `background.is_large` reads
  the zip directory only, and a large file is kept unread for the task worker (a small one is
  read whole in the request, as the baseline);
- worker: the zip bomb and the 80 MB cell through `open_table` as the background task reads
  them (counting its progress), refused by the limits (`lll.core.imports.limits`) while the XML
  streams;
- upload (with `--upload`): the indicator import's upload page posted whole (Django's test
  client, a throwaway database, the tasks queued for a worker): the web request as the user
  waits for it;
- before: the same files read the old way, openpyxl's read-only workbook row by row with no
  check (what the indicator import did on the column and preview pages).

No file is kept: they are made in a temporary folder (tests/hostile.py makes them).
"""

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from typing import Any

MODES = ("request", "upload", "worker", "before")


def child(mode: str, path: str) -> None:
    """Read one file as `mode` says and print the seconds, peak memory and outcome as JSON."""
    import django

    django.setup()
    from django.utils import translation
    from openpyxl import load_workbook

    from lll.core.imports import InvalidFile, background, open_table, progress

    translation.activate("pl")
    start = time.perf_counter()
    outcome = "read"
    if mode == "request" and background.is_large(Path(path)):
        outcome = "kept unread for the task worker"
    elif mode == "upload":
        request_seconds, outcome = upload_page(path).split("|")
    elif mode in ("request", "worker"):
        try:
            with progress.counting("benchmark"):
                open_table(Path(path), whole=True)
        except InvalidFile as error:
            outcome = f"refused: {error.message}"
    else:
        workbook = load_workbook(path, read_only=True, data_only=True)
        rows = sum(1 for _row in workbook.worksheets[0].iter_rows(values_only=True))
        workbook.close()
        outcome = f"read {rows:,} rows"
    seconds = time.perf_counter() - start
    if mode == "upload":
        seconds = float(request_seconds)  # the request alone, not the database's creation
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    print(json.dumps({"seconds": seconds, "peak": peak, "outcome": outcome}))


def upload_page(path: str) -> str:
    """Post the file to the indicator import's upload page; the request's outcome."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client, override_settings
    from django.urls import reverse

    from benchmarks._setup import benchmark_database
    from lll.accounts.roles import sync_roles
    from lll.indicators.models import ImportBatch, Indicator, Source
    from lll.testing import make_user

    with benchmark_database():
        sync_roles()
        indicator = Indicator.objects.create(
            code="bench", name_pl="Test", name_en="Test", unit_of_measure="%",
            periodicity="year", source=Source.OFFICE, levels=["powiat"],
        )  # fmt: skip
        client = Client()
        client.force_login(make_user("analityk", "analyst"))
        content = Path(path).read_bytes()
        dummy = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
        client.get(reverse("indicators:import_upload"))  # warm: templates, catalogues, URLs
        with override_settings(TASKS=dummy):
            tracemalloc.start()
            start = time.perf_counter()
            response = client.post(
                reverse("indicators:import_upload"),
                {"indicator": indicator.pk, "file": SimpleUploadedFile("plik.xlsx", content)},
            )
            seconds = time.perf_counter() - start
            allocated = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
        batch = ImportBatch.objects.first()
        state = batch.background_state if batch else "no batch"
        if batch:
            batch.drop()
        return (
            f"{seconds:.3f}|HTTP {response.status_code}, background step {state or '-'}, "
            f"the request allocated at most {allocated / 2**20:.1f} MiB"
        )


def measure(mode: str, path: Path) -> dict[str, Any]:
    answer = subprocess.run(
        [sys.executable, "-m", "benchmarks.hostile_uploads", "--child", mode, str(path)],
        check=True,
        capture_output=True,
        text=True,
        env={"DJANGO_SETTINGS_MODULE": "lll.settings", **_environment()},
    )
    result: dict[str, Any] = json.loads(answer.stdout.strip().splitlines()[-1])
    return result


def _environment() -> dict[str, str]:
    import os

    return dict(os.environ)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--child", nargs=2, metavar=("MODE", "PATH"))
    parser.add_argument("--skip-before", action="store_true", help="only the limited reading")
    parser.add_argument("--upload", action="store_true", help="also post the upload page")
    arguments = parser.parse_args()
    if arguments.child:
        child(*arguments.child)
        return
    from tests import hostile

    with tempfile.TemporaryDirectory() as folder:
        files = {
            "baseline: 1,000 ordinary rows": hostile.workbook(
                [["Kod", "Wartosc"], *[["2061", n] for n in range(1000)]]
            ),
            "zip bomb, 1,000,000 rows": hostile.zip_bomb(),
            "one cell of 80 MB": hostile.big_cell(),
        }
        paths = {}
        for number, (label, content) in enumerate(files.items()):
            paths[label] = Path(folder) / f"file{number}.xlsx"
            paths[label].write_bytes(content)
        baseline = measure("worker", paths["baseline: 1,000 ordinary rows"])
        base_seconds, base_peak = float(baseline["seconds"]), int(baseline["peak"])
        print("| file | packed | reading | time | ratio | peak memory | ratio | outcome |")
        print("|---|---|---|---|---|---|---|---|")
        for label, path in paths.items():
            for mode in MODES:
                if mode != "worker" and label.startswith("baseline"):
                    continue
                if mode == "before" and arguments.skip_before:
                    continue
                if mode == "upload" and not arguments.upload:
                    continue
                result = baseline if label.startswith("baseline") else measure(mode, path)
                seconds, peak = float(result["seconds"]), int(result["peak"])
                print(
                    f"| {label} | {path.stat().st_size / 1024:,.0f} KB | {mode} | {seconds:.3f} s "
                    f"| {seconds / base_seconds:.1f} | {peak / 2**20:.0f} MiB "
                    f"| {peak / base_peak:.2f} | {str(result['outcome'])[:110]} |",
                    flush=True,
                )


if __name__ == "__main__":
    main()
