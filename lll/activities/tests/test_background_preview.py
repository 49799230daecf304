"""A large report file is checked by the task worker (issue 19): the upload returns at once,
the result kept by the worker is shown, then written or given up (the file deleted)."""

from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lll.activities.models import Activity, ImportBatch
from lll.activities.services import workbook
from lll.core.imports import background
from lll.testing import logged_in

from .conftest import World, add_activity

pytestmark = pytest.mark.django_db


def files_in(folder: Path) -> list[Path]:
    return [path for path in folder.rglob("*") if path.is_file()] if folder.exists() else []


@pytest.fixture(autouse=True)
def large(settings: Any) -> None:
    settings.LLL_IMPORT_LIMITS = {"background_mb": 0}  # every file counts as large


def test_a_large_report_file_is_checked_in_the_background_then_written(
    world: World, media: Path
) -> None:
    activity = add_activity(world.ckz_report)
    content = workbook.prefilled(world.ckz_report)
    client = logged_in(world.ckz_reporter)
    response = client.post(
        reverse("activities:report_upload", args=[world.ckz_report.pk]),
        {"file": SimpleUploadedFile("sprawozdanie.xlsx", content)},
    )
    batch = ImportBatch.objects.get()
    assert response["Location"] == reverse("activities:report_import", args=[batch.pk])
    assert batch.stored["preview"] == {
        "rows": 1,
        "inserted": 0,
        "updated": 1,
        "problems": [],
        "problem_count": 0,
    }
    page = client.get(response["Location"]).content.decode()
    assert "Plik sprawdzono: dodaje działania (0) i zmienia istniejące (1)." in page
    client.post(reverse("activities:report_import_commit", args=[batch.pk]))
    batch.refresh_from_db()
    assert (batch.status, batch.updated) == ("done", 1)
    assert files_in(media) == []  # the report keeps the activities, not the file
    assert Activity.objects.get() == activity


def test_a_large_report_file_can_be_cancelled_while_it_waits(
    world: World, media: Path, settings: Any
) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    add_activity(world.ckz_report)
    client = logged_in(world.ckz_reporter)
    response = client.post(
        reverse("activities:report_upload", args=[world.ckz_report.pk]),
        {"file": SimpleUploadedFile("sprawozdanie.xlsx", workbook.prefilled(world.ckz_report))},
    )
    batch = ImportBatch.objects.get()
    assert batch.background_state == background.QUEUED and len(files_in(media)) == 1
    assert "Czekam, aż proces zadań w tle" in client.get(response["Location"]).content.decode()
    client.post(reverse("activities:report_import_commit", args=[batch.pk]))  # not checked yet
    assert ImportBatch.objects.get().status == "preview"
    stranger = logged_in(world.pup_reporter)  # another institution's reporter
    assert stranger.get(response["Location"]).status_code == 404
    cancel = reverse("activities:report_import_cancel", args=[batch.pk])
    assert stranger.post(cancel).status_code == 404
    client.post(reverse("activities:report_import_cancel", args=[batch.pk]))
    assert files_in(media) == [] and not ImportBatch.objects.exists()
