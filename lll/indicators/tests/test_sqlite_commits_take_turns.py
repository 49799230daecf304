"""On SQLite two import commits started at the same moment take turns (issue 19).

Before, both read inside a deferred transaction and then tried to write: the second failed at
once with the raw "database is locked". With IMMEDIATE transactions (settings) a commit takes
the write lock when it begins, so the other waits for it (up to LLL_SQLITE_BUSY_SECONDS).

Real processes, as the web process and the task worker are, on a real SQLite file: the test's
database (migrated, with the territory) is copied to a file, and two processes run the worker's
commit task on two previewed files at once.
"""

import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import connection

from lll.indicators.models import ImportBatch, Indicator, Source
from lll.indicators.services import fileimport
from lll.territory.models import Level, Unit

pytestmark = pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3",
    reason="SQLite's single writer; PostgreSQL's commits run side by side",
)

WORKER = """
import sys, time
from pathlib import Path
import django
django.setup()
from lll.indicators.tasks import commit_file_import
print("ready", flush=True)
go = Path(sys.argv[2])
while not go.exists():
    time.sleep(0.005)
commit_file_import.call(int(sys.argv[1]))
"""


def previewed_batch(code: str) -> ImportBatch:
    indicator = Indicator.objects.create(
        code=code,
        name_pl=code,
        name_en=code,
        unit_of_measure="%",
        periodicity="month",
        source=Source.OFFICE,
        levels=["powiat"],
    )
    lines = ["Kod;Miesiąc;Wartość"]
    for unit in Unit.objects.filter(level=Level.POWIAT).order_by("code"):
        lines += [f"{unit.code};2023-{month:02d};{month},5" for month in range(1, 13)]
    batch = ImportBatch(
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
    batch.keep_file(f"{code}.csv", ContentFile("\n".join(lines).encode()))
    batch.save()
    fileimport.preview(batch)
    # The batch page's "Commit" sets it running and queues the task.
    ImportBatch.objects.filter(pk=batch.pk).update(status=ImportBatch.Status.RUNNING)
    return batch


@pytest.mark.django_db(transaction=True)
def test_two_commits_at_once_both_succeed(settings: Any, tmp_path: Path, territory: None) -> None:
    settings.MEDIA_ROOT = str(tmp_path / "media")
    batches = [previewed_batch("test-kolejka-a"), previewed_batch("test-kolejka-b")]
    database = tmp_path / "lll.sqlite3"
    connection.ensure_connection()
    with sqlite3.connect(database) as copy:
        connection.connection.backup(copy)
    go = tmp_path / "go"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "lll.settings",
        "DATABASE_URL": f"sqlite:///{database}",
        "MEDIA_ROOT": settings.MEDIA_ROOT,
        "LLL_VAR_DIR": str(tmp_path / "var"),
        "LLL_TASKS": "immediate",
    }
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, str(batch.pk), str(go)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for batch in batches
    ]
    for worker in workers:  # both loaded and waiting: then both start at once
        assert worker.stdout is not None and worker.stdout.readline().strip() == "ready"
    go.touch()
    outputs = [worker.communicate(timeout=300) for worker in workers]
    for worker, (_out, errors) in zip(workers, outputs, strict=True):
        assert "database is locked" not in errors
        assert worker.returncode == 0, errors
    with sqlite3.connect(database) as result:
        rows = result.execute(
            "SELECT status, error, rows_done FROM indicators_importbatch WHERE id IN (?, ?)",
            [batch.pk for batch in batches],
        ).fetchall()
        observations = result.execute(
            "SELECT COUNT(*) FROM indicators_observation WHERE batch_id IN (?, ?)",
            [batch.pk for batch in batches],
        ).fetchone()[0]
    assert rows == [("done", "", batches[0].rows_total), ("done", "", batches[1].rows_total)]
    assert observations == sum(batch.rows_total for batch in batches)
