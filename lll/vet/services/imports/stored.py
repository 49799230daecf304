"""The steps of a large file's preview in the task worker (`ImportBatch.BACKGROUND_STEPS`):
what they return is kept on the batch, and the column and preview pages render from it."""

from pathlib import Path
from typing import Any

from lll.core.models import KEPT_PROBLEMS

from ...models import ImportBatch
from .commit import preview, remembered_layout
from .reading import read_sheet

SAMPLE_ROWS = 5


def first_rows(rows: Any) -> list[list[str]]:
    sample = []
    for _number, cells in rows():
        sample.append(["" if c is None else str(c) for c in cells])
        if len(sample) == SAMPLE_ROWS:
            break
    return sample


def read_file(batch: ImportBatch) -> dict[str, Any]:
    """The upload read whole against every limit; its layout guessed (or remembered) from its
    header, as the upload does for a small file; its header and first rows kept."""
    sheet = read_sheet(Path(batch.original_file.path), whole=True)
    batch.column_mapping, batch.options = remembered_layout(batch.kind, sheet.header)
    batch.save(update_fields=["column_mapping", "options"])
    return {"header": sheet.header, "sample": first_rows(sheet.rows)}


def stored_preview(batch: ImportBatch) -> dict[str, Any]:
    """The preview kept on the batch: the first problems, with their count."""
    return summary(batch, KEPT_PROBLEMS)


def summary(batch: ImportBatch, keep: int | None = None) -> dict[str, Any]:
    """`preview` as the preview page shows it (`keep`: the first so many problems)."""
    result = preview(batch)
    return {
        "rows": result.rows,
        "problems": [problem.as_dict() for problem in result.problems[:keep]],
        "problem_count": len(result.problems),
        "sample": result.sample,
        "counts": result.counts.as_dict(),
    }
