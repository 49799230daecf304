"""Peak memory and time of the worst uploads: the zip bomb of 1,000,000 rows and the 80 MB cell.

Run:  .venv/bin/python -m benchmarks.hostile_uploads [--skip-before]

Each measurement runs in a fresh process (its peak resident memory, `ru_maxrss`, is its own):

- baseline: an ordinary workbook of 1,000 rows read whole through `open_table` (as an upload is
  checked before it is kept); every other figure is also given as a ratio to it;
- after: the zip bomb and the 80 MB cell through `open_table`, refused by the limits
  (`lll.core.imports.limits`) while the XML streams;
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
from pathlib import Path
from typing import Any

MODES = ("after", "before")


def child(mode: str, path: str) -> None:
    """Read one file as `mode` says and print the seconds, peak memory and outcome as JSON."""
    import django

    django.setup()
    from django.utils import translation
    from openpyxl import load_workbook

    from lll.core.imports import InvalidFile, open_table

    translation.activate("pl")
    start = time.perf_counter()
    outcome = "read"
    if mode == "after":
        try:
            open_table(Path(path), whole=True)
        except InvalidFile as error:
            outcome = f"refused: {error.message}"
    else:
        workbook = load_workbook(path, read_only=True, data_only=True)
        rows = sum(1 for _row in workbook.worksheets[0].iter_rows(values_only=True))
        workbook.close()
        outcome = f"read {rows:,} rows"
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    print(json.dumps({"seconds": seconds, "peak": peak, "outcome": outcome}))


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
        baseline = measure("after", paths["baseline: 1,000 ordinary rows"])
        base_seconds, base_peak = float(baseline["seconds"]), int(baseline["peak"])
        print("| file | packed | reading | time | ratio | peak memory | ratio | outcome |")
        print("|---|---|---|---|---|---|---|---|")
        for label, path in paths.items():
            for mode in MODES:
                if mode == "before" and (arguments.skip_before or label.startswith("baseline")):
                    continue
                result = baseline if label.startswith("baseline") else measure(mode, path)
                seconds, peak = float(result["seconds"]), int(result["peak"])
                print(
                    f"| {label} | {path.stat().st_size / 1024:,.0f} KB | {mode} | {seconds:.2f} s "
                    f"| {seconds / base_seconds:.1f} | {peak / 2**20:.0f} MiB "
                    f"| {peak / base_peak:.2f} | {str(result['outcome'])[:70]} |",
                    flush=True,
                )


if __name__ == "__main__":
    main()
