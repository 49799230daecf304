"""A vet import whose worker died (issue 19): its lease runs out, the page marks it failed and
offers to run it again or cancel it. (The indicator import's test kills a real worker.)"""

import time
from typing import Any

import pytest
from django.core.cache import caches
from django.urls import reverse

from lll.core import leases
from lll.vet.models import ForecastEntry, ImportBatch, ImportKind
from lll.vet.tasks import lease_name

from .conftest import make_batch

pytestmark = pytest.mark.django_db

FORECAST = "rok,kod zawodu,lista\n2025,311410,szczególne\n2025,351203,szczególne\n"


def test_a_commit_whose_lease_ran_out_is_failed_then_run_again(
    client, occupations, secretary, settings: Any, tmp_path
):
    settings.CACHES = {
        **settings.CACHES,
        "progress": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path / "progress"),
        },
    }
    client.force_login(secretary)
    batch = make_batch(ImportKind.FORECAST, "prognoza.csv", FORECAST.encode())
    ImportBatch.objects.filter(pk=batch.pk).update(status=ImportBatch.Status.RUNNING)
    # The worker took it and renewed its lease last 2 minutes ago: then it was killed.
    caches[leases.CACHE].set(f"lll:lease:{lease_name(batch.pk)}", time.time() - 120)
    page = client.get(reverse("vet:import_batch", args=[batch.pk])).content.decode()
    assert "Proces zadań przerwał pracę w trakcie importu" in page
    assert "Uruchom import ponownie" in page and "Anuluj import" in page
    assert ImportBatch.objects.get(pk=batch.pk).status == ImportBatch.Status.FAILED
    assert not ForecastEntry.objects.exists()
    client.post(reverse("vet:import_retry", args=[batch.pk]))  # the immediate backend runs it
    assert ImportBatch.objects.get(pk=batch.pk).status == ImportBatch.Status.DONE
    assert ForecastEntry.objects.count() == 2


def test_a_live_lease_keeps_the_commit_running(client, occupations, secretary):
    client.force_login(secretary)
    batch = make_batch(ImportKind.FORECAST, "prognoza.csv", FORECAST.encode())
    ImportBatch.objects.filter(pk=batch.pk).update(status=ImportBatch.Status.RUNNING)
    with leases.held(lease_name(batch.pk)):
        client.get(reverse("vet:import_batch", args=[batch.pk]))
        assert ImportBatch.objects.get(pk=batch.pk).status == ImportBatch.Status.RUNNING


def test_a_queued_import_can_be_cancelled(client, occupations, secretary):
    client.force_login(secretary)
    batch = make_batch(ImportKind.FORECAST, "prognoza.csv", FORECAST.encode())
    ImportBatch.objects.filter(pk=batch.pk).update(status=ImportBatch.Status.QUEUED)
    client.post(reverse("vet:import_abandon", args=[batch.pk]))
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.FAILED and not batch.original_file
