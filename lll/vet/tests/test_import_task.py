"""The commit of a vet file import runs as a background task, all rows or none."""

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lll.vet.models import BarometerEntry, BarometerGroup, ForecastEntry, ImportBatch, ImportKind
from lll.vet.services import imports
from lll.vet.tasks import commit_import

from .conftest import make_batch

pytestmark = pytest.mark.django_db

FORECAST = "rok,kod zawodu,lista\n2025,311410,szczególne\n2025,351203,szczególne\n"


@pytest.fixture
def queued_only(settings: Any) -> None:
    """A task backend that only records what was enqueued (no worker runs it)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def test_the_commit_is_queued_then_written_by_the_task(client, occupations, secretary, queued_only):
    client.force_login(secretary)
    batch = make_batch(ImportKind.FORECAST, "prognoza.csv", FORECAST.encode())
    ImportBatch.objects.filter(pk=batch.pk).update(created_by=secretary)
    response = client.post(reverse("vet:import_commit", args=[batch.pk]))
    page = reverse("vet:import_batch", args=[batch.pk])
    assert response["Location"] == page
    assert ImportBatch.objects.get(pk=batch.pk).status == ImportBatch.Status.QUEUED
    assert not ForecastEntry.objects.exists()
    # A second click (another tab) queues nothing more: the batch is no longer in preview.
    assert client.post(reverse("vet:import_commit", args=[batch.pk])).status_code == 404

    html = client.get(page).content.decode()
    assert "Plik czeka na zapisanie" in html and f'hx-get="{page}"' in html
    partial = client.get(page, headers={"HX-Request": "true"}).content.decode()
    assert partial.lstrip().startswith('<div id="task-status"') and "<html" not in partial

    ImportBatch.objects.filter(pk=batch.pk).update(status=ImportBatch.Status.RUNNING)
    assert "Plik jest zapisywany" in client.get(page).content.decode()
    ImportBatch.objects.filter(pk=batch.pk).update(status=ImportBatch.Status.QUEUED)

    commit_import.call(batch.pk)  # what the worker does
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.DONE and batch.inserted == 2
    assert ForecastEntry.objects.count() == 2
    html = client.get(page).content.decode()
    assert "Zaimportowano: dodano 2" in html and "hx-get" not in html
    # The worker may see the same task twice: the second run writes nothing.
    commit_import.call(batch.pk)
    assert ImportBatch.objects.get(pk=batch.pk).inserted == 2


def test_a_failed_commit_writes_nothing_and_says_why(client, occupations, secretary):
    """A file changed after its preview: its last row is broken, so the rows written before
    it are rolled back and the batch page shows the failure (immediate backend, as in dev)."""
    client.force_login(secretary)
    batch = make_batch(ImportKind.FORECAST, "prognoza.csv", FORECAST.encode())
    ImportBatch.objects.filter(pk=batch.pk).update(created_by=secretary)
    with open(batch.original_file.path, "a", encoding="utf-8") as handle:
        handle.write("2025,999999,szczególne\n")
    response = client.post(reverse("vet:import_commit", args=[batch.pk]), follow=True)
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.FAILED and batch.finished_at is not None
    assert batch.error.startswith("Wiersz 4, kolumna „kod zawodu”:")
    # The problems are kept on the batch, by row and column.
    assert batch.rejected == 1
    assert [(p["row"], p["column"], p["value"]) for p in batch.rejected_rows] == [
        (4, "kod zawodu", "999999")
    ]
    html = response.content.decode()
    assert "Import się nie powiódł; niczego nie zapisano." in html and batch.error in html
    assert html.count("niczego nie zapisano") == 1 and "niczego nie zaimportowano" not in html
    # The page lists the rows with problems, and downloads them as the file to fix from.
    assert "Wiersze z problemami" in html and "<td>999999</td>" in html
    page = reverse("vet:import_batch", args=[batch.pk])
    problems = client.get(page, {"export": "csv"}).content.decode().lstrip("\ufeff")
    assert problems.splitlines()[1].startswith("4;kod zawodu;999999;")
    assert not ForecastEntry.objects.exists()
    # The poll that sees the failure swaps in the way to start again, without a reload.
    page = reverse("vet:import_batch", args=[batch.pk])
    partial = client.get(page, headers={"HX-Request": "true"}).content.decode()
    upload = reverse("vet:import_upload") + "?kind=" + ImportKind.FORECAST
    assert f'href="{upload}"' in partial and "hx-get" not in partial


def test_the_commit_streams_and_stops_at_the_first_problem(occupations):
    """Rows are written as they are read; a bad row in the middle undoes those before it."""
    rows = ["rok;kod teryt;grupa zawodów;kategoria;kody"]
    rows += [f"2024;20;Grupa {n};deficyt;311410" for n in range(30)]
    rows.insert(20, "2024;20;Grupa zła;deficyt mocny;311410")
    batch = make_batch(ImportKind.BAROMETER, "barometr.csv", "\n".join(rows).encode())
    assert [(p.row, p.column) for p in imports.preview(batch).problems] == [(21, "kategoria")]
    with pytest.raises(imports.NotReady):
        imports.commit(batch)
    assert not BarometerEntry.objects.exists() and not BarometerGroup.objects.exists()
    assert ImportBatch.objects.get(pk=batch.pk).status == ImportBatch.Status.PREVIEW

    del rows[20]
    good = make_batch(ImportKind.BAROMETER, "barometr.csv", "\n".join(rows).encode())
    assert imports.commit(good).inserted == 30
    group = BarometerGroup.objects.get(name="Grupa 7")
    assert list(group.occupations.values_list("code", flat=True)) == ["311410"]


def test_each_row_is_looked_up_by_its_key_alone(occupations):
    """A real Barometr file has ~3,000 rows: the lookup of each row's existing entry is one
    plain query on the unique key, without the list's ordering (which joins two tables)."""
    rows = ["rok;kod teryt;grupa zawodów;kategoria;kody"]
    rows += [f"2024;20;Grupa {n};deficyt;311410" for n in range(5)]
    batch = make_batch(ImportKind.BAROMETER, "barometr.csv", "\n".join(rows).encode())
    with CaptureQueriesContext(connection) as queries:
        assert imports.commit(batch).inserted == 5
    lookups = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].startswith("SELECT") and 'FROM "vet_barometerentry"' in q["sql"]
    ]
    assert len(lookups) == 5
    assert not any("JOIN" in sql or "ORDER BY" in sql for sql in lookups)
