"""Column layout, preview, commit."""

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from django.db import OperationalError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lll.core.imports import NotImported, Policy, RowError, check_rows, write_checked
from lll.core.imports.reader import limited
from lll.core.text import search_key

from ...models import (
    ImportBatch,
)
from . import records
from .kinds import KINDS
from .lookups import Lookups
from .reading import read_sheet
from .records import Counts, Preview, Record


def guess_mapping(kind: str, header: list[str]) -> dict[str, int | None]:
    """Match columns to fields by their names (without case and Polish letters): exact names
    first for every field, then names contained in a column's name."""
    keys = [search_key(h).replace("_", " ") for h in header]
    fields = KINDS[kind].fields
    names = {f.key: [search_key(str(f.label)), f.key.replace("_", " "), *f.aliases] for f in fields}
    mapping: dict[str, int | None] = dict.fromkeys(names)
    taken: set[int] = set()
    for exact in (True, False):
        for f in fields:
            if mapping[f.key] is not None:
                continue
            for index, key in enumerate(keys):
                if index not in taken and any(
                    (key == n) if exact else (n in key) for n in names[f.key]
                ):
                    mapping[f.key] = index
                    taken.add(index)
                    break
    return mapping


def remembered_layout(kind: str, header: list[str]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The column layout chosen last time for a file of this kind with the same header (a
    corrected file, or next year's file from the same source); otherwise the guess."""
    for batch in ImportBatch.objects.filter(kind=kind).order_by("-created_at")[:50]:
        if batch.options.get("header") == header and batch.options.get("chosen"):
            return dict(batch.column_mapping), {"year": batch.options.get("year"), "header": header}
    return guess_mapping(kind, header), {"header": header}


def missing_fields(kind: str, mapping: dict[str, Any], options: dict[str, Any]) -> list[str]:
    spec = KINDS[kind]
    return [
        str(f.label)
        for f in spec.required
        if mapping.get(f.key) is None and not (f.key == "year" and options.get("year"))
    ]


def _records(batch: ImportBatch, preview: Preview) -> Iterator[Record]:
    """The file's good records, checked one by one; problems go to `preview` (all or nothing:
    after the first problem no record comes, but every row is still checked)."""
    spec = KINDS[batch.kind]
    sheet = read_sheet(Path(batch.original_file.path))
    mapping = {k: v for k, v in batch.column_mapping.items() if v is not None}
    labels = {f.key: f for f in spec.fields}
    lookups = Lookups()

    def check(cells: list[Any]) -> tuple[Record, dict[str, Any]]:
        values = {k: (cells[i] if i < len(cells) else None) for k, i in mapping.items()}
        return spec.read(values, lookups, batch.options), values

    def locate(error: RowError, cells: list[Any]) -> tuple[str, Any]:
        index = mapping.get(error.key)
        if index is None:
            return str(labels[error.key].label), error.value
        cell = cells[index] if index < len(cells) else None
        return sheet.header[index], error.value if error.value != "" else cell

    checked = check_rows(
        limited(sheet.rows(), records.MAX_ROWS),
        check,
        preview,
        locate,
        Policy.ALL_OR_NOTHING,
        key=lambda checked: spec.key(checked[0]),
        value_width=80,
    )
    for record, values in checked:
        if len(preview.sample) < 10:
            preview.sample.append(["" if v is None else str(v) for v in values.values()])
        yield record


def _write(batch: ImportBatch, result: Preview) -> Callable[[Iterator[Record]], Counts]:
    spec = KINDS[batch.kind]
    result.counts.batch = batch

    def write(records: Iterator[Record]) -> Counts:
        for record in records:
            spec.write(record, result.counts)
        return result.counts

    return write


def preview(batch: ImportBatch) -> Preview:
    """Check every row and count what the import would do; nothing stays written.

    Rows are written as they are read (inside a transaction that is rolled back), so the file
    is never held in memory; after the first problem the rest is only checked."""
    result = Preview()
    write_checked(
        _records(batch, result), _write(batch, result), result, Policy.ALL_OR_NOTHING, dry_run=True
    )
    return result


NotReady = NotImported  # the name the views and tasks know


def commit(batch: ImportBatch) -> Counts:
    """Write every row in one transaction, or nothing when any row has a problem.

    The file streams: each row is written as soon as it is read and checked, and any problem
    rolls the whole transaction back (`BadRows`, naming the first), so memory stays flat
    whatever the file's length (only the natural keys seen, to find repeated rows, grow)."""
    result = Preview()
    try:
        with transaction.atomic():
            _lock(batch)
            write_checked(
                _records(batch, result), _write(batch, result), result, Policy.ALL_OR_NOTHING
            )
            if not result.rows:
                raise NotReady(_("The file has no rows. Fix it and upload it again."))
            batch.status = ImportBatch.Status.DONE
            batch.rows_total = result.rows
            batch.inserted = result.counts.inserted
            batch.updated = result.counts.updated
            batch.unchanged = result.counts.unchanged
            batch.error = ""
            batch.finished_at = timezone.now()
            batch.save()
    except OperationalError as exc:  # SQLite: another commit holds the database
        raise NotReady(
            _("Another import is being written right now. Try again in a moment.")
        ) from exc
    return result.counts


def _lock(batch: ImportBatch) -> None:
    """Hold the batch for this transaction; a second commit of it (another tab) waits, then
    finds it done and writes nothing."""
    status = (
        ImportBatch.objects.select_for_update().values_list("status", flat=True).get(pk=batch.pk)
    )
    if status == ImportBatch.Status.DONE:
        raise NotReady(_("This file has already been imported."))
