"""The reporting cycle: invitations, the report's file, submit, return, approve, the change log,
completeness and reminders."""

import datetime
import io
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.urls import reverse

from lll.activities.models import Activity, ActivityChange, ReportStatus
from lll.activities.services import reporting, workbook
from lll.core.imports import BadRows
from lll.testing import logged_in

from .conftest import World, add_activity


def test_the_invitation_goes_by_smtp_with_the_password_link(world: World, mailbox: Any) -> None:
    client = logged_in(world.office)
    response = client.post(
        reverse("activities:invite"),
        {"institution": world.pup.pk, "email": "Ewa.Lis@example.org", "first_name": "Ewa"},
    )
    assert response.status_code == 302
    (message,) = mailbox.messages
    assert message["X-Rcpt-To"] == "Ewa.Lis@example.org"
    assert "/konto/" in mailbox.bodies()[0]
    again = client.post(
        reverse("activities:invite"), {"institution": world.pup.pk, "email": "ewa.lis@example.org"}
    )
    assert "Konto z tym adresem e-mail już istnieje" in again.content.decode()


def sheet_rows(content: bytes) -> list[list[Any]]:
    book = openpyxl.load_workbook(io.BytesIO(content))
    return [list(row) for row in book.worksheets[0].iter_rows(values_only=True)]


def write_rows(path: Path, rows: list[list[Any]]) -> Path:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


def test_the_prefilled_file_round_trips_and_a_bad_row_stores_nothing(
    world: World, tmp_path: Path
) -> None:
    first = add_activity(world.ckz_report)
    rows = sheet_rows(workbook.prefilled(world.ckz_report))
    header = rows[0]
    assert rows[1][0] == first.pk and rows[1][header.index("typ")] == "kkz"
    new = list(rows[1])
    new[0] = None
    new[header.index("tytuł")] = "Kurs spawania"
    new[header.index("ukończyło")] = 30  # more than the 18 participants
    path = write_rows(tmp_path / "raport.xlsx", [header, rows[1], new])
    with pytest.raises(BadRows) as caught:
        workbook.import_report(world.ckz_report, path, world.ckz_reporter)
    (problem,) = caught.value.problems
    assert problem.row == 3 and problem.column == "ukończyło"
    assert "Ukończyło (30) nie może przekraczać liczby uczestników (18)" in problem.reason
    assert world.ckz_report.activities.count() == 1
    new[header.index("ukończyło")] = 16
    write_rows(path, [header, rows[1], new])
    batch = workbook.import_report(world.ckz_report, path, world.ckz_reporter)
    assert (batch.inserted, batch.updated) == (1, 1)
    assert world.ckz_report.activities.get(title="Kurs spawania").completions == 16


def test_every_problem_of_every_row_is_listed_by_row_and_field(
    world: World, tmp_path: Path
) -> None:
    """Fails on the code before: only the first broken rule of a row was shown."""
    add_activity(world.ckz_report)
    rows = sheet_rows(workbook.prefilled(world.ckz_report))
    header = rows[0]
    good = [None, *rows[1][1:]]

    def row(**cells: Any) -> list[Any]:
        changed = list(good)
        for name, value in cells.items():
            changed[header.index(name)] = value
        return changed

    many = row(
        **{
            "ukończyło": 30,  # more than the 18 participants
            "w tym kobiety": 2,  # 2 + 13 is not 18
            "kwota (zł)": -5,
            "koniec": datetime.date(2025, 1, 15),  # before the start
        }
    )
    cell_and_rules = row(**{"typ": "wycieczka", "ukończyło": 30, "zdało egzamin": 31})
    path = write_rows(tmp_path / "r.xlsx", [header, good, many, cell_and_rules])
    with pytest.raises(BadRows) as caught:
        workbook.import_report(world.ckz_report, path, world.ckz_reporter)
    found = [(p.row, p.column, p.reason) for p in caught.value.problems]
    assert found == [
        (3, "koniec", "Koniec nie może być przed początkiem."),
        (3, "kwota (zł)", "Kwota nie może być ujemna."),
        (
            3,
            "w tym kobiety",
            "Kobiety (2) i mężczyźni (13) muszą sumować się do liczby uczestników (18).",
        ),
        (3, "ukończyło", "Ukończyło (30) nie może przekraczać liczby uczestników (18)."),
        (4, "typ", found[4][2]),
        (4, "ukończyło", "Ukończyło (30) nie może przekraczać liczby uczestników (18)."),
        (
            4,
            "zdało egzamin",
            "Zdało egzamin (31) nie może przekraczać liczby tych, którzy ukończyli (30).",
        ),
    ]
    assert "„wycieczka” nie jest żadną z wartości" in found[4][2]
    assert world.ckz_report.activities.count() == 1


def test_unknown_codes_and_foreign_ids_are_named_by_row_and_field(
    world: World, tmp_path: Path
) -> None:
    other = add_activity(world.pup_report, title="Cudze")
    header = sheet_rows(workbook.prefilled(world.ckz_report))[0]
    row: list[Any] = [None] * len(header)
    good = dict(zip(header, sheet_rows(workbook.prefilled(world.pup_report))[1], strict=True))
    row = [good[h] for h in header]
    row[header.index(header[0])] = other.pk
    bad_type = list(row)
    bad_type[0] = None
    bad_type[header.index("typ")] = "wycieczka"
    bad_teryt = list(bad_type)
    bad_teryt[header.index("typ")] = "kkz"
    bad_teryt[header.index("kody TERYT powiatów lub gmin")] = "1465"
    path = write_rows(tmp_path / "r.xlsx", [header, row, bad_type, bad_teryt])
    with pytest.raises(BadRows) as caught:
        workbook.import_report(world.ckz_report, path, world.ckz_reporter)
    found = [(p.row, p.column) for p in caught.value.problems]
    assert found == [
        (2, header[0]),
        (3, "typ"),
        (4, "kody TERYT powiatów lub gmin"),
    ]
    assert Activity.objects.filter(report=world.ckz_report).count() == 0


def test_submit_return_correct_approve_and_the_change_log(world: World) -> None:
    activity = add_activity(world.ckz_report)
    add_activity(world.ckz_report, title="Zła", completions=40)
    with pytest.raises(reporting.CannotReport, match="nie może przekraczać"):
        reporting.submit(world.ckz_report)
    world.ckz_report.activities.get(title="Zła").delete()
    reporting.submit(world.ckz_report)
    assert world.ckz_report.status == ReportStatus.SUBMITTED
    with pytest.raises(reporting.CannotReport):
        reporting.return_report(world.ckz_report, "  ")
    reporting.return_report(world.ckz_report, "Proszę poprawić liczbę uczestników.")
    stored = Activity.objects.get(pk=activity.pk)
    reporting.save_activity(
        stored,
        {"participants": 20, "women": 7, "men": 13},
        world.ckz_reporter,
    )
    changes = {c.field: (c.old_value, c.new_value) for c in ActivityChange.objects.all()}
    assert changes == {
        "uczestnicy (zapisani)": ("18", "20"),
        "w tym kobiety": ("5", "7"),
    }
    assert ActivityChange.objects.first().changed_by == world.ckz_reporter
    reporting.submit(world.ckz_report)
    reporting.approve(world.ckz_report)
    assert world.ckz_report.status == ReportStatus.APPROVED
    reporting.withdraw_approval(world.ckz_report)
    assert world.ckz_report.status == ReportStatus.SUBMITTED


def test_no_change_log_before_the_first_submission(world: World) -> None:
    activity = add_activity(world.ckz_report)
    reporting.save_activity(activity, {"hours": 320}, world.ckz_reporter)
    assert not ActivityChange.objects.exists()


def test_completeness_and_reminders_before_and_after_the_deadline(
    world: World, mailbox: Any
) -> None:
    add_activity(world.ckz_report)
    reporting.submit(world.ckz_report)
    before = datetime.date(2026, 1, 28)
    assert reporting.completeness(world.cycle, before) == {
        "submitted": 1,
        "late": 0,
        "in_progress": 0,
        "not_started": 1,
        "total": 2,
    }
    assert reporting.send_reminders(world.cycle, datetime.date(2026, 1, 2), "http://x/") == (0, 0)
    assert reporting.send_reminders(world.cycle, before, "http://x/") == (1, 0)
    assert mailbox.messages[0]["X-Rcpt-To"] == "pup@example.org"
    assert "Przypomnienie" in str(mailbox.messages[0]["Subject"]) or "Przypomnienie" in str(
        mailbox.messages[0]["Subject"].encode()
    )
    after = datetime.date(2026, 2, 3)
    assert reporting.completeness(world.cycle, after)["late"] == 1
    assert reporting.send_reminders(world.cycle, after, "http://x/") == (1, 0)
    assert "31 stycznia 2026 r." in mailbox.bodies()[1]
    world.pup_report.refresh_from_db()
    assert world.pup_report.reminded_at is not None


def test_the_command_sends_the_reminders(world: World, mailbox: Any) -> None:
    from django.core.management import call_command

    call_command("send_activity_reminders", "--today", "2026-02-03")
    assert [m["X-Rcpt-To"] for m in mailbox.messages] == ["ckz@example.org", "pup@example.org"]


def test_many_new_rows_are_never_taken_for_duplicates_but_a_repeated_id_is(
    world: World, tmp_path: Path
) -> None:
    first = add_activity(world.ckz_report)
    rows = sheet_rows(workbook.prefilled(world.ckz_report))
    header, row = rows[0], rows[1]
    new = [None, *row[1:]]
    path = write_rows(tmp_path / "r.xlsx", [header, *[list(new) for _ in range(300)]])
    assert workbook.import_report(world.ckz_report, path, None).inserted == 300
    write_rows(path, [header, row, row])
    with pytest.raises(BadRows) as caught:
        workbook.import_report(world.ckz_report, path, None)
    assert [(p.row, p.reason) for p in caught.value.problems] == [
        (3, "ten sam rekord co w wierszu 2.")
    ]
    assert first.pk


def test_a_large_file_written_in_batches_is_still_all_or_nothing(
    world: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from lll.activities.services import bulk

    monkeypatch.setattr(bulk, "BATCH", 40)  # several batches are written before the bad row
    add_activity(world.ckz_report)
    rows = sheet_rows(workbook.prefilled(world.ckz_report))
    header, row = rows[0], rows[1]
    new = [None, *row[1:]]
    bad = list(new)
    bad[header.index("ukończyło")] = 99
    path = write_rows(tmp_path / "r.xlsx", [header, row, *[list(new) for _ in range(130)], bad])
    with pytest.raises(BadRows) as caught:
        workbook.import_report(world.ckz_report, path, None)
    assert [p.row for p in caught.value.problems] == [133]
    assert world.ckz_report.activities.count() == 1
    write_rows(path, [header, row, *[list(new) for _ in range(130)]])
    batch = workbook.import_report(world.ckz_report, path, None)
    assert (batch.inserted, batch.updated) == (130, 1)
    assert world.ckz_report.activities.count() == 131
    assert world.ckz_report.activities.filter(units__code="2061").count() == 131


def test_an_upload_after_submission_logs_every_changed_value(world: World, tmp_path: Path) -> None:
    activity = add_activity(world.ckz_report)
    reporting.submit(world.ckz_report)
    reporting.return_report(world.ckz_report, "Proszę poprawić.")
    rows = sheet_rows(workbook.prefilled(world.ckz_report))
    header, row = rows[0], list(rows[1])
    row[header.index("godziny")] = 320
    row[header.index("kody TERYT powiatów lub gmin")] = "2061;2001"
    row[header.index("instytucje partnerskie (nazwy rozdzielone średnikami)")] = (
        "Powiatowy Urząd Pracy w Augustowie"
    )
    path = write_rows(tmp_path / "r.xlsx", [header, row])
    workbook.import_report(world.ckz_report, path, world.ckz_reporter)
    changes = {c.field: (c.old_value, c.new_value) for c in ActivityChange.objects.all()}
    assert changes == {
        "godziny": ("300", "320"),
        "kody TERYT powiatów lub gmin": ("2061", "2001; 2061"),
        "instytucje partnerskie (nazwy rozdzielone średnikami)": (
            "",
            "Powiatowy Urząd Pracy w Augustowie",
        ),
    }
    assert {c.changed_by for c in ActivityChange.objects.all()} == {world.ckz_reporter}
    stored = Activity.objects.get(pk=activity.pk)
    assert stored.hours == 320 and {u.code for u in stored.units.all()} == {"2061", "2001"}
    assert list(stored.partners.all()) == [world.pup]
