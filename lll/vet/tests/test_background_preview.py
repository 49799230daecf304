"""A large vet file is read and previewed in the task worker (issue 19); a worker killed while
it reads leaves the preview failed with a message, and reading it again works."""

import time
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import caches
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lll.core import leases
from lll.core.imports import background
from lll.vet.models import ForecastEntry, ImportBatch, ImportKind

from .conftest import make_batch

pytestmark = pytest.mark.django_db

FORECAST = "rok,kod zawodu,lista\n2025,311410,szczególne\n2025,351203,szczególne\n"


@pytest.fixture(autouse=True)
def large(settings: Any, tmp_path: Path) -> None:
    """Every file counts as large; the progress and leases in a cache both processes share."""
    settings.LLL_IMPORT_LIMITS = {"background_mb": 0}
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.CACHES = {
        **settings.CACHES,
        "progress": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path / "progress"),
        },
    }


def test_a_large_upload_is_read_by_the_worker_and_its_columns_guessed(
    client, occupations, secretary
):
    client.force_login(secretary)
    response = client.post(
        reverse("vet:import_upload"),
        {
            "kind": ImportKind.FORECAST,
            "file": SimpleUploadedFile("prognoza.csv", FORECAST.encode()),
        },
    )
    batch = ImportBatch.objects.get()
    assert response["Location"] == reverse("vet:import_mapping", args=[batch.pk])
    assert batch.stored["read"]["header"] == ["rok", "kod zawodu", "lista"]  # by the worker
    assert batch.column_mapping["code"] == 1  # guessed there, as the upload does
    page = client.get(response["Location"]).content.decode()
    assert "kod zawodu" in page and "311410" in page


def test_a_preview_whose_worker_died_is_failed_then_read_again(client, occupations, secretary):
    client.force_login(secretary)
    batch = make_batch(ImportKind.FORECAST, "prognoza.csv", FORECAST.encode())
    ImportBatch.objects.filter(pk=batch.pk).update(
        created_by=secretary, background_step="preview", background_state=background.RUNNING
    )
    # The worker took it and renewed its lease last 2 minutes ago: then it was killed.
    caches[leases.CACHE].set(f"lll:lease:{background.lease_name(batch)}", time.time() - 120)
    preview = reverse("vet:import_preview", args=[batch.pk])
    page = client.get(preview).content.decode()
    assert "Proces zadań przerwał pracę w trakcie czytania pliku" in page
    assert "Przeczytaj plik ponownie" in page and "Anuluj import" in page
    assert ImportBatch.objects.get(pk=batch.pk).background_state == background.FAILED
    assert not ForecastEntry.objects.exists()
    response = client.post(reverse("vet:import_read_again", args=[batch.pk]))  # runs it now
    assert response["Location"] == preview
    page = client.get(preview)
    assert page.context["result"]["rows"] == 2 and page.context["result"]["problem_count"] == 0
    assert ImportBatch.objects.get(pk=batch.pk).stored["preview"]["rows"] == 2
    assert not ForecastEntry.objects.exists()  # a preview writes nothing
