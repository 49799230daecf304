"""A large file's preview runs in the task worker (issue 19): the upload returns at once, the
pages show how far the reading got, then render what the worker kept; cancelling deletes the
file. The task runs as the worker runs it (`run_step.call`), the dummy backend only queues it.
"""

from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from lll.core import leases
from lll.core.imports import background, open_table, progress
from lll.indicators.models import ImportBatch, Observation

from .test_fileimport import analyst, upload  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db

DUMMY = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
LINES = ["Kod TERYT;Rok szkolny;Liczba uczestników"] + [
    f"{code};2023/24;{n}" for n in range(500) for code in ("2061", "2062", "2063")
]


@pytest.fixture
def large(settings: Any, tmp_path: Path) -> Path:
    """Every file counts as large; tasks are queued, not run, until the test runs them."""
    settings.LLL_IMPORT_LIMITS = {"background_mb": 0}
    settings.TASKS = DUMMY
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def files_in(folder: Path) -> list[Path]:
    return [path for path in folder.rglob("*") if path.is_file()] if folder.exists() else []


@pytest.mark.usefixtures("analyst")
def test_a_large_file_shows_its_progress_then_the_preview_kept_by_the_worker(
    client, large, monkeypatch
):
    monkeypatch.setattr(progress, "INTERVAL", 0)  # report every 1,000 rows
    response = upload(client, "duzy.csv", "\n".join(LINES).encode())
    batch = ImportBatch.objects.get()
    mapping = reverse("indicators:import_mapping", args=[batch.pk])
    assert response["Location"] == mapping
    assert (batch.background_step, batch.background_state) == ("read", background.QUEUED)
    page = client.get(mapping).content.decode()
    assert "Czekam, aż proces zadań w tle zacznie pracę." in page and "Anuluj import" in page

    # The worker halfway through the file: the page (and its htmx poll) shows the rows read.
    name = background.lease_name(batch)
    ImportBatch.objects.filter(pk=batch.pk).update(background_state=background.RUNNING)
    with leases.held(name), progress.counting(name):
        for _row in open_table(Path(batch.original_file.path)).rows():
            pass
        polled = client.get(mapping, HTTP_HX_REQUEST="true").content.decode()
    assert "dotąd 1 000 wierszy" in polled.replace("\xa0", " ")
    assert "Czytanie i sprawdzanie wierszy (przebieg 1)" in polled

    ImportBatch.objects.filter(pk=batch.pk).update(background_state=background.QUEUED)
    background.run_step.call("indicators.ImportBatch", batch.pk, "read")
    assert client.get(mapping, HTTP_HX_REQUEST="true")["HX-Refresh"] == "true"
    page = client.get(mapping).content.decode()
    assert "Liczba uczestników" in page and "2062" in page  # the header and first rows kept

    response = client.post(
        mapping, {"unit_column": 0, "unit_by": "code", "period_column": 1, "value_column": 2}
    )
    preview = reverse("indicators:import_preview", args=[batch.pk])
    assert response["Location"] == preview
    assert "Czekam, aż proces zadań w tle" in client.get(preview).content.decode()
    background.run_step.call("indicators.ImportBatch", batch.pk, "preview")
    # The page renders what the worker kept, not the file read again.
    Path(ImportBatch.objects.get().original_file.path).write_text("zepsuty plik")
    page = client.get(preview)
    assert page.context["seen"] == 1500
    assert page.context["good_count"] == 3 and page.context["counts"].inserted == 3
    assert page.context["rejected_count"] == 1497  # the same unit and school year again
    assert not Observation.objects.exists()


@pytest.mark.usefixtures("analyst")
def test_cancelling_a_preview_in_the_background_deletes_the_file(client, large):
    upload(client, "duzy.csv", "\n".join(LINES).encode())
    batch = ImportBatch.objects.get()
    assert len(files_in(large)) == 1
    client.post(reverse("indicators:import_cancel", args=[batch.pk]))
    assert files_in(large) == [] and not ImportBatch.objects.exists()
    background.run_step.call("indicators.ImportBatch", batch.pk, "read")  # the queued task
    assert files_in(large) == [] and not ImportBatch.objects.exists()
