"""A large report file is WRITTEN by the task worker too (issue 19): "Import" queues the step
"commit" (`lll.core.imports.background`), the page shows its progress, then the report with what
was written; all or nothing; the file deleted once written. A worker that died mid-write leaves
the import failed with a Polish message, to run again or cancel. The task runs as the worker
runs it (`run_step.call`); the dummy backend only queues it."""

import re
import time
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import caches
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from lll.activities.models import Activity, ImportBatch
from lll.activities.services import workbook
from lll.activities.services.columns import COLUMNS
from lll.core import leases
from lll.core.imports import background, open_table, progress
from lll.testing import logged_in

from .conftest import World, add_activity

pytestmark = pytest.mark.django_db

DUMMY = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
NEW_ROWS = 1200


@pytest.fixture(autouse=True)
def large(settings: Any, tmp_path: Path) -> None:
    """Every file counts as large; tasks queued, not run; progress and leases in a cache the
    worker and the web process share."""
    settings.LLL_IMPORT_LIMITS = {"background_mb": 0}
    settings.TASKS = DUMMY
    settings.CACHES = {
        **settings.CACHES,
        "progress": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path / "progress"),
        },
    }


def files_in(folder: Path) -> list[Path]:
    return [path for path in folder.rglob("*") if path.is_file()] if folder.exists() else []


def report_file(world: World) -> bytes:
    """The pre-filled file of a report with one activity, plus NEW_ROWS new ones (no ID)."""
    book = load_workbook(BytesIO(workbook.prefilled(world.ckz_report)))
    sheet = book.worksheets[0]
    row = [cell.value for cell in sheet[2]]
    row[[c.key for c in COLUMNS].index("id")] = None
    for number in range(NEW_ROWS):
        sheet.append([f"Kurs {number}" if value == row[1] else value for value in row])
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def checked_upload(world: World) -> tuple[Client, ImportBatch, str]:
    """Uploaded, checked by the worker (no problem), not written."""
    client = logged_in(world.ckz_reporter)
    response = client.post(
        reverse("activities:report_upload", args=[world.ckz_report.pk]),
        {"file": SimpleUploadedFile("sprawozdanie.xlsx", report_file(world))},
    )
    batch = ImportBatch.objects.get()
    background.run_step.call("activities.ImportBatch", batch.pk, "preview")
    assert batch.stored == {} and ImportBatch.objects.get().stored["preview"]["inserted"] == 1200
    return client, batch, response["Location"]


def test_a_large_file_is_written_by_the_worker_with_its_progress_then_the_result(
    world: World, media: Path, monkeypatch: Any
) -> None:
    monkeypatch.setattr(progress, "INTERVAL", 0)  # report every 1,000 rows
    add_activity(world.ckz_report)
    client, batch, page_url = checked_upload(world)
    assert "Zaimportuj działania" in client.get(page_url).content.decode()

    response = client.post(reverse("activities:report_import_commit", args=[batch.pk]))
    assert response["Location"] == page_url
    batch.refresh_from_db()
    assert (batch.background_step, batch.background_state) == ("commit", background.QUEUED)
    client.post(reverse("activities:report_import_commit", args=[batch.pk]))  # a second click
    assert ImportBatch.objects.get().background_state == background.QUEUED
    page = client.get(page_url).content.decode()
    assert "Plik czeka na zapisanie" in page and "Anuluj import" in page
    assert Activity.objects.count() == 1  # nothing written while it waits

    # The worker halfway through: the poll shows the rows so far; no cancel mid-write.
    name = background.lease_name(batch)
    ImportBatch.objects.filter(pk=batch.pk).update(background_state=background.RUNNING)
    with leases.held(name), progress.counting(name):
        for _row in open_table(Path(batch.original_file.path)).rows():
            pass
        polled = client.get(page_url, HTTP_HX_REQUEST="true").content.decode()
    assert re.search(
        r"Sprawdzanie i zapisywanie wierszy: dotąd \d \d{3} wierszy", polled.replace("\xa0", " ")
    )
    assert "Plik jest zapisywany" in polled and "Anuluj import" not in polled
    client.post(reverse("activities:report_import_cancel", args=[batch.pk]))  # refused
    assert ImportBatch.objects.filter(pk=batch.pk).exists() and len(files_in(media)) == 1

    ImportBatch.objects.filter(pk=batch.pk).update(background_state=background.QUEUED)
    background.run_step.call("activities.ImportBatch", batch.pk, "commit")
    assert client.get(page_url, HTTP_HX_REQUEST="true")["HX-Refresh"] == "true"
    done = client.get(page_url, follow=True)
    assert done.redirect_chain[-1][0] == reverse("activities:report_detail", args=[batch.report_id])
    assert "nowe działania: 1200, zaktualizowane: 1" in done.content.decode()
    batch.refresh_from_db()
    assert (batch.status, batch.inserted, batch.updated, batch.rows_total) == (
        "done",
        1200,
        1,
        1201,
    )
    assert batch.background_state == background.READY and not batch.original_file
    assert Activity.objects.count() == 1201 and files_in(media) == []


def test_a_worker_that_died_while_writing_leaves_it_failed_to_run_again(
    world: World, media: Path, settings: Any
) -> None:
    add_activity(world.ckz_report)
    client, batch, page_url = checked_upload(world)
    client.post(reverse("activities:report_import_commit", args=[batch.pk]))
    ImportBatch.objects.filter(pk=batch.pk).update(background_state=background.RUNNING)
    # The worker took it and renewed its lease last 2 minutes ago: then it was killed.
    caches[leases.CACHE].set(f"lll:lease:{background.lease_name(batch)}", time.time() - 120)
    page = client.get(page_url).content.decode()
    assert "Proces zadań przerwał pracę w trakcie importu" in page
    assert "Import się nie powiódł; niczego nie zapisano." in page
    assert "Uruchom import ponownie" in page and "Anuluj import" in page
    batch.refresh_from_db()
    assert (batch.background_step, batch.background_state) == ("commit", background.FAILED)
    assert Activity.objects.count() == 1 and len(files_in(media)) == 1

    settings.TASKS = IMMEDIATE  # "run it again" runs it now
    client.post(reverse("activities:report_import_again", args=[batch.pk]))
    assert ImportBatch.objects.get().status == "done"
    assert Activity.objects.count() == 1201 and files_in(media) == []


def test_a_write_refused_by_the_worker_leaves_nothing_and_cancel_deletes_the_file(
    world: World, media: Path
) -> None:
    activity = add_activity(world.ckz_report)
    client, batch, page_url = checked_upload(world)
    gone = activity.pk
    activity.delete()  # after the check: its row now names an activity not in the report
    client.post(reverse("activities:report_import_commit", args=[batch.pk]))
    background.run_step.call("activities.ImportBatch", batch.pk, "commit")
    page = client.get(page_url).content.decode()
    assert "Import się nie powiódł; niczego nie zapisano." in page
    assert f"W tym sprawozdaniu nie ma działania {gone}." in page
    assert not Activity.objects.exists()  # all or nothing: not one of the 1,200 new rows
    assert ImportBatch.objects.get().background_state == background.FAILED
    assert len(files_in(media)) == 1
    client.post(reverse("activities:report_import_cancel", args=[batch.pk]))
    assert files_in(media) == [] and not ImportBatch.objects.exists()
