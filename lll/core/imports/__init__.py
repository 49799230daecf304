"""One way to import an uploaded table: read it, check it row by row, write it under a policy.

- `limits`: every limit of an uploaded file in one place (size, rows, cell length, unpacked
  XML, JSON nesting, number size), checked while the file streams; `parse_json`, `check_xlsx`.
- `reader`: CSV (any common delimiter, UTF-8 or Windows-1250) and XLSX, streamed row by row;
  `open_table(path)` raises `InvalidFile` with a message for the user.
- `pipeline`: `check_rows` turns each row into a record or a `Problem` (row, column, value,
  reason); `write_checked` writes the good records under a `Policy`: ALL_OR_NOTHING (one bad
  row and nothing stays written) or REJECT_BAD_ROWS (good rows written, bad ones kept).

- `background`: a large file's reading and preview as steps of one task-worker task, under a
  lease, its result kept on the batch; `progress`: the rows the reader streamed, for its page.

What a record is and how it is written (an upsert, a COPY into a staging table) belongs to the
app that imports; this package imports no app.
"""

from . import background, limits, progress
from .limits import InvalidFile, Limits, parse_json
from .pipeline import (
    PROBLEMS,
    BadRows,
    NotImported,
    Policy,
    Problem,
    RowError,
    Tally,
    check_rows,
    write_checked,
)
from .reader import SUPPORTED, Table, open_table, sample

__all__ = [
    "PROBLEMS",
    "SUPPORTED",
    "BadRows",
    "InvalidFile",
    "Limits",
    "NotImported",
    "Policy",
    "Problem",
    "RowError",
    "Table",
    "Tally",
    "background",
    "check_rows",
    "limits",
    "open_table",
    "parse_json",
    "progress",
    "sample",
    "write_checked",
]
