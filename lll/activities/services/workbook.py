"""The report as a file: the pre-filled XLSX a partner downloads, and its upload.

The upload goes through `lll.core.imports` under ALL_OR_NOTHING: every row is read and checked
(cells, then the validation rules), every problem is listed by row and field, and nothing is
written unless every row is good.
"""

import itertools
from collections.abc import Iterator
from io import BytesIO
from pathlib import Path
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from lll.core.imports import (
    InvalidFile,
    Policy,
    RowError,
    Tally,
    check_rows,
    open_table,
    write_checked,
)
from lll.core.models import DONE, KEPT_PROBLEMS
from lll.territory.services import home_region

from ..models import (
    Activity,
    ActivityType,
    Funding,
    ImportBatch,
    Priority,
    ProviderType,
    Report,
    TargetGroup,
)
from . import rules
from .columns import BY_KEY, COLUMNS, Lookups, cell_of, header_map, read_cell
from .reporting import save_activity

MAX_ROWS = 20_000


def unit_codes(activity: Activity) -> str:
    return ";".join(u.code for u in activity.units.all())


def prefilled(report: Report) -> bytes:
    """The report's activities in the import's columns, with a sheet of the allowed codes."""
    book = Workbook()
    sheet = book.active
    sheet.title = _("activities")[:31]
    sheet.append([str(c.label) for c in COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    activities = report.activities.prefetch_related("units", "occupations").order_by("pk")
    for activity in activities:
        sheet.append([cell_of(activity, c, unit_codes) for c in COLUMNS])
    sheet.freeze_panes = "A2"
    codes = book.create_sheet(_("codes")[:31])
    codes.append([_("column"), _("code"), _("meaning")])
    for key, choices in (
        ("activity_type", ActivityType),
        ("priorities", Priority),
        ("target_groups", TargetGroup),
        ("funding", Funding),
        ("provider_type", ProviderType),
    ):
        for value, label in choices.choices:
            codes.append([str(BY_KEY[key].label), str(value), str(label)])
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


Record = tuple[int | None, dict[str, Any]]


def check_file(report: Report, path: Path, tally: Tally) -> Iterator[Record]:
    table = open_table(path, max_rows=MAX_ROWS)
    positions = header_map(table.header)
    missing = [str(c.label) for c in COLUMNS if c.required and c.key not in positions]
    if missing:
        raise InvalidFile(
            _("The file has no column “%(column)s”. Download the pre-filled file again.")
            % {"column": missing[0]}
        )
    lookups = Lookups(home_region())
    own = set(report.activities.values_list("pk", flat=True))

    def check(cells: list[Any]) -> Record:
        values: dict[str, Any] = {}
        for column in COLUMNS:
            position = positions.get(column.key)
            raw = cells[position] if position is not None and position < len(cells) else None
            values[column.key] = read_cell(column, raw, lookups)
        pk = values.pop("id")
        if pk is not None and pk not in own:
            raise RowError("id", _("There is no activity %(id)s in this report.") % {"id": pk}, pk)
        broken = rules.check(values, report.cycle)
        if broken:
            field, message = broken[0]
            raise RowError(field, message, values.get(field, ""))
        return pk, values

    def locate(error: RowError, cells: list[Any]) -> tuple[str, Any]:
        column = BY_KEY.get(error.key)
        return (str(column.label) if column else error.key), error.value

    new_rows = itertools.count()

    def natural_key(record: Record) -> tuple[str, int]:
        """An activity listed twice (the same ID) is a problem; new rows never collide."""
        return ("id", record[0]) if record[0] is not None else ("new", next(new_rows))

    return check_rows(table.rows(), check, tally, locate, Policy.ALL_OR_NOTHING, key=natural_key)


def stored_preview(batch: ImportBatch) -> dict[str, Any]:
    """A large file checked by the task worker (`ImportBatch.BACKGROUND_STEPS`), nothing
    written: the rows, how many activities it adds and changes, and its problems."""
    assert batch.report is not None  # noqa: S101 - an upload's batch always has its report
    tally = Tally()
    new = changed = 0
    for pk, _values in check_file(batch.report, Path(batch.original_file.path), tally):
        if pk:
            changed += 1
        else:
            new += 1
    return {
        "rows": tally.rows,
        "inserted": new,
        "updated": changed,
        "problems": [str(problem) for problem in tally.problems[:KEPT_PROBLEMS]],
        "problem_count": len(tally.problems),
    }


def import_report(
    report: Report,
    path: Path,
    user: Any,
    file_name: str = "",
    batch: ImportBatch | None = None,
) -> ImportBatch:
    """Write the file's activities into the report, all or nothing (`BadRows` lists every
    problem by row and field; `InvalidFile` when the file cannot be read). `batch`: the one a
    large file was previewed on (it records the import and its file is deleted)."""
    tally = Tally()
    records = check_file(report, path, tally)

    def write(items: Iterator[Record]) -> tuple[int, int]:
        inserted = updated = 0
        for pk, values in items:
            activity = report.activities.get(pk=pk) if pk else Activity(report=report)
            save_activity(activity, values, user, report)
            if pk:
                updated += 1
            else:
                inserted += 1
        return inserted, updated

    inserted, updated = write_checked(records, write, tally, Policy.ALL_OR_NOTHING)
    if batch is None:
        batch = ImportBatch(
            created_by=user if getattr(user, "is_authenticated", False) else None,
            original_file_name=file_name or path.name,
            report=report,
        )
    elif batch.original_file:
        batch.original_file.delete(save=False)  # the report keeps the activities, not the file
    batch.finished_at, batch.status = timezone.now(), DONE
    batch.rows_total, batch.inserted, batch.updated = tally.rows, inserted, updated
    batch.save()
    return batch
