"""File imports of the vocational-education dictionaries and outcomes.

Every import goes the same way: upload → the columns of the file are matched to the fields (the
layout is guessed from the header and can be changed) → preview with every problem by row and
column → commit. The commit writes all rows in one transaction and only when no row has a
problem (the core pipeline's ALL_OR_NOTHING policy); nothing is written before it. Rows are
upserted on their natural key, so importing the same file again changes nothing.

- `records`: the fields of a file, the counts, the preview;
- `reading`: CSV/XLSX through the core reader, JSON (RSPO API);
- `cells`: one cell into a value, or a `RowError` naming the field;
- `lookups`: units and occupations, built once per file;
- `kinds`: the six imports (fields, reading a row, writing a record);
- `commit`: column layout, preview, commit.
"""

from lll.core.imports import BadRows, InvalidFile, Problem, RowError

from .cells import integer, occupation_code, text, year, yes_no
from .commit import (
    NotReady,
    commit,
    guess_mapping,
    missing_fields,
    preview,
    remembered_layout,
)
from .commit import _records as _records
from .kinds import KINDS, Kind
from .lookups import Lookups
from .reading import Sheet, read_sheet
from .records import MAX_ROWS, PREVIEW_PROBLEMS, Counts, Field, Preview, Record

__all__ = [
    "KINDS",
    "MAX_ROWS",
    "PREVIEW_PROBLEMS",
    "BadRows",
    "Counts",
    "Field",
    "InvalidFile",
    "Kind",
    "Lookups",
    "NotReady",
    "Preview",
    "Problem",
    "Record",
    "RowError",
    "Sheet",
    "commit",
    "guess_mapping",
    "integer",
    "missing_fields",
    "occupation_code",
    "preview",
    "read_sheet",
    "remembered_layout",
    "text",
    "year",
    "yes_no",
]
