"""A task worker killed during a commit (issue 19): the batch does not stay "running" for ever.

A real `lll db_worker` (the django-tasks database backend, on PostgreSQL) takes the commit and is
killed with SIGKILL while it reads the rows. Its lease stops being renewed; the batch page then
marks the batch failed with a message, nothing is written, and the page offers to run the import
again (which then writes it) or to cancel it.
"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.core.files.base import ContentFile
from django.db import connection
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from lll.core import leases
from lll.indicators.models import ImportBatch, Indicator, Observation, Source
from lll.indicators.services import fileimport, progress
from lll.indicators.tasks import commit_file_import
from lll.territory.models import Level, Unit
from lll.testing import make_user

WAIT = 60  # seconds; reached only when something is broken

on_postgresql = pytest.mark.skipif(
    "postgresql" not in django_settings.DATABASES["default"]["ENGINE"],
    reason="the worker needs a database another process can reach (PostgreSQL)",
)


def _until(condition: Any, what: str, explain: Any = lambda: "") -> None:
    deadline = time.monotonic() + WAIT
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"waited {WAIT} s for {what}: {explain()}")
        time.sleep(0.05)


def start_worker(environment: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "lll", "db_worker", "--interval", "0.1", "--no-startup-delay"],
        env=environment,
        cwd=Path(__file__).resolve().parents[3],
        stdout=subprocess.DEVNULL,
        stderr=log.open("wb"),
    )


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_a_killed_worker_leaves_a_failed_batch_that_can_be_run_again(
    client, settings, tmp_path, progress_cache
):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.LLL_TASK_LEASE_SECONDS = 2
    indicator = Indicator.objects.create(
        code="test-killed",
        name_pl="Test",
        name_en="Test",
        unit_of_measure="%",
        periodicity="month",
        source=Source.OFFICE,
        levels=["gmina"],
    )
    gminas = list(Unit.objects.filter(level=Level.GMINA).values_list("code", flat=True))
    lines = ["Kod;Miesiąc;Wartość"]
    for month in range(1, 13):
        lines += [f"{code};2023-{month:02d};{month},5" for code in gminas]
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
    batch.keep_file("gminy.csv", ContentFile("\n".join(lines).encode()))
    batch.save()
    fileimport.preview(batch)
    user = make_user("analityk-zabity", "analyst")
    client.force_login(user)

    # Committed as the page does, into the database queue the worker reads.
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    batch.status = ImportBatch.Status.RUNNING
    batch.save(update_fields=["status"])
    commit_file_import.enqueue(batch.pk)
    assert DBTaskResult.objects.count() == 1
    database = connection.settings_dict
    environment = {
        **os.environ,
        "DATABASE_URL": (
            f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/"
            f"{database['NAME']}"
        ),
        "LLL_TASKS": "database",  # the worker's "default" backend is the database
        "MEDIA_ROOT": settings.MEDIA_ROOT,
        "LLL_PROGRESS_CACHE_URL": f"filecache://{progress_cache}",
        "DEBUG": "0",  # as in production; with DEBUG the worker would run under the reloader
        "SECRET_KEY": "a-key-for-the-worker-of-this-test-only-0123456789",
    }
    worker = start_worker(environment, tmp_path / "worker.log")
    try:
        _until(
            lambda: progress.read(batch.pk) is not None or worker.poll() is not None,
            "the worker to start the commit",
            lambda: (tmp_path / "worker.log").read_text()[-3000:],
        )
        assert worker.poll() is None, (tmp_path / "worker.log").read_text()
        os.kill(worker.pid, signal.SIGKILL)  # in the middle of reading and checking the rows
    finally:
        worker.kill()
        worker.wait()

    # The page, polled as the browser does, marks the batch failed once the lease has run out.
    _until(lambda: leases.expired(fileimport.lease_name(batch.pk)), "the lease to run out")
    page = client.get(reverse("indicators:batch", args=[batch.pk])).content.decode()
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.FAILED, page[-1500:]
    assert "Proces zadań przerwał pracę w trakcie importu" in page
    assert "Uruchom import ponownie" in page and "Anuluj import" in page
    assert not Observation.objects.filter(indicator=indicator).exists()

    client.post(reverse("indicators:import_retry", args=[batch.pk]))
    worker = start_worker(environment, tmp_path / "worker-again.log")  # a restarted worker
    try:
        _until(
            lambda: ImportBatch.objects.get(pk=batch.pk).status != ImportBatch.Status.RUNNING,
            "the retried import to end",
            lambda: (tmp_path / "worker-again.log").read_text()[-3000:],
        )
    finally:
        worker.kill()
        worker.wait()
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.DONE
    assert Observation.objects.filter(indicator=indicator).count() == len(lines) - 1


def test_a_batch_no_worker_has_taken_can_be_cancelled(client, settings, tmp_path, territory):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    batch = ImportBatch(source=Source.OFFICE, status=ImportBatch.Status.RUNNING)
    batch.keep_file("czeka.csv", ContentFile(b"Kod;Wartosc\n02;1\n"))
    batch.column_mapping = {"unit_column": 0}
    batch.save()
    client.force_login(make_user("analityk-czeka", "analyst"))
    page = client.get(reverse("indicators:batch", args=[batch.pk])).content.decode()
    assert "Anuluj import" in page
    client.post(reverse("indicators:import_abandon", args=[batch.pk]))
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.FAILED and not batch.original_file
    assert list((tmp_path / "media").rglob("*.csv")) == []
