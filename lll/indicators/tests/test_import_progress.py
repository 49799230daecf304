"""A file import's progress, read from another connection while the commit runs in a thread.

The commit is one transaction, so the batch page learns how far it has got from the progress
cache; the observations stay invisible until the end (all or nothing).
"""

import threading
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.urls import reverse

from lll.accounts.models import User
from lll.indicators.models import ImportBatch, Indicator, Observation, Source
from lll.indicators.services import fileimport, progress
from lll.territory.models import Level, Unit

WAIT = 60  # seconds; only reached when something is broken


def text(response: Any) -> str:
    return " ".join(response.content.decode().split())


@pytest.fixture
def setup(settings: Any, tmp_path: Any, territory: None) -> ImportBatch:
    settings.MEDIA_ROOT = str(tmp_path / "media")
    indicator = Indicator.objects.create(
        code="test-monthly",
        name_pl="Test",
        name_en="Test",
        unit_of_measure="%",
        periodicity="month",
        source=Source.OFFICE,
        levels=["powiat"],
    )
    powiats = list(Unit.objects.filter(level=Level.POWIAT).order_by("code"))
    lines = ["Kod;Miesiąc;Wartość"]
    for month in range(1, 13):
        lines += [f"{unit.code};2023-{month:02d};{month},5" for unit in powiats]
    lines.append("9999;2023-01;1")  # one bad row, rejected with its row number
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
    batch.keep_file("miesieczne.csv", ContentFile("\n".join(lines).encode()))
    batch.save()
    fileimport.preview(batch)  # counts the rows, as the browser's preview step does
    batch.refresh_from_db()
    assert batch.rows_total == len(lines) - 1
    return batch


def test_counted_reports_rows_read_then_the_writing_phase(monkeypatch):
    monkeypatch.setattr(progress, "CHECK_EVERY", 2)
    monkeypatch.setattr(progress, "INTERVAL", 0)
    seen = []
    for number in progress.counted(range(5), 7, 5):
        seen.append((number, progress.read(7)))
    assert seen[0] == (0, progress.Progress(progress.READING, 0, 5))
    assert seen[2] == (2, progress.Progress(progress.READING, 2, 5))
    assert progress.read(7) == progress.Progress(progress.WRITING, 5, 5)
    progress.clear(7)
    assert progress.read(7) is None


class Paused:
    """Stops the import's thread at a chosen point until the test lets it go on."""

    def __init__(self) -> None:
        self.reached = threading.Event()
        self.resume = threading.Event()

    def wait_here(self) -> None:
        self.reached.set()
        assert self.resume.wait(WAIT)

    def until_reached(self) -> None:
        assert self.reached.wait(WAIT), "the import never got there"
        self.reached.clear()

    def go_on(self) -> None:
        self.resume.set()


def run_in_thread(batch: ImportBatch, errors: list[BaseException]) -> threading.Thread:
    def work() -> None:
        try:
            fileimport.commit(ImportBatch.objects.get(pk=batch.pk))
        except BaseException as exc:  # reported to the test
            errors.append(exc)
        finally:
            connection.close()

    thread = threading.Thread(target=work)
    thread.start()
    return thread


@pytest.fixture
def office(client: Any, setup: ImportBatch) -> Any:
    from django.contrib.auth.models import Group

    user = User.objects.create_user("analityk", password="x-Pass-1234")
    user.groups.add(Group.objects.get(name="analyst"))
    client.force_login(user)
    return client


@pytest.mark.django_db(transaction=True)
def test_the_batch_page_follows_a_running_commit(monkeypatch, setup, office):
    batch = setup
    total = batch.rows_total
    monkeypatch.setattr(progress, "CHECK_EVERY", 1)
    monkeypatch.setattr(progress, "INTERVAL", 0)
    reading, deriving = Paused(), Paused()
    stop_at = 2000
    real_records = fileimport.records

    def records(*args: Any) -> Iterator[fileimport.SourceRecord]:
        for record in real_records(*args):
            if record.row - 1 == stop_at:  # row 1 is the header
                reading.wait_here()
            yield record

    real_report = progress.report

    def report(batch_id: int, phase: str, done: int, rows_total: int) -> None:
        real_report(batch_id, phase, done, rows_total)
        if phase == progress.DERIVED:
            deriving.wait_here()

    monkeypatch.setattr(fileimport, "records", records)
    monkeypatch.setattr(progress, "report", report)
    errors: list[BaseException] = []
    batch.status = ImportBatch.Status.RUNNING
    batch.save(update_fields=["status"])
    thread = run_in_thread(batch, errors)
    url = reverse("indicators:batch", args=[batch.pk])
    try:
        reading.until_reached()
        # This test's own connection is not the import's: it sees only what is committed.
        assert progress.read(batch.pk) == progress.Progress(progress.READING, stop_at - 1, total)
        page = text(office.get(url, headers={"HX-Request": "true"}))
        assert "Krok 1 z 3: odczytywanie i sprawdzanie wierszy." in page
        shown = f"Wiersze odczytane i sprawdzone: {stop_at - 1:,} z {total:,}.".replace(",", " ")
        assert shown in page
        bar = f'<progress id="batch-progress" class="w-100" value="{stop_at - 1}" max="{total}">'
        assert bar in page
        assert not Observation.objects.filter(indicator=batch.indicator).exists()
        reading.go_on()

        deriving.until_reached()
        page = text(office.get(url, headers={"HX-Request": "true"}))
        assert "Krok 3 z 3: przeliczanie wskaźników pochodnych." in page
        assert f"Wszystkie wiersze ({total:,})".replace(",", " ") in page
        assert ImportBatch.objects.get(pk=batch.pk).status == ImportBatch.Status.RUNNING
        if connection.vendor == "postgresql":
            # The rows are written, but only inside the import's transaction. (SQLite's test
            # database is shared in memory, where reading a table another connection is
            # writing fails instead of seeing the last commit; a WAL file behaves like this.)
            assert not Observation.objects.filter(indicator=batch.indicator).exists()
        deriving.go_on()
    finally:
        reading.go_on()
        deriving.go_on()
        thread.join(WAIT)
    assert not errors
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.DONE
    assert (batch.inserted, batch.rejected, batch.rows_total) == (total - 1, 1, total)
    assert progress.read(batch.pk) is None
    page = text(office.get(url))
    assert f"Gotowe: {total - 1} wstawiono, 0 zmieniono, 0 bez zmian, 1 odrzucono." in page
    assert "<progress" not in page


@pytest.mark.django_db(transaction=True)
def test_a_commit_that_fails_midway_leaves_nothing_and_no_progress(monkeypatch, setup, office):
    batch = setup
    real_records = fileimport.records

    def records(*args: Any) -> Iterator[fileimport.SourceRecord]:
        for record in real_records(*args):
            if record.row == 3000:
                raise OSError("the disk went away")
            yield record

    monkeypatch.setattr(fileimport, "records", records)
    errors: list[BaseException] = []
    run_in_thread(batch, errors).join(WAIT)
    assert [str(e) for e in errors] == ["the disk went away"]
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.FAILED
    assert progress.read(batch.pk) is None
    assert not Observation.objects.filter(indicator=batch.indicator).exists()
    page = text(office.get(reverse("indicators:batch", args=[batch.pk])))
    # In Polish, naming the kind of error: not Python's English text (issue 19).
    assert (
        "Import nie powiódł się i nic nie zapisano. "
        "Import przerwał nieoczekiwany błąd (OSError)." in page
    )
    assert "the disk went away" not in page
