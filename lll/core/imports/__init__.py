"""One way to import an uploaded table: read it, check it row by row, write it under a policy.

- `reader`: CSV (any common delimiter, UTF-8 or Windows-1250) and XLSX, streamed row by row;
  `open_table(path)` raises `InvalidFile` with a message for the user.
- `pipeline`: `check_rows` turns each row into a record or a `Problem` (row, column, value,
  reason); `write_checked` writes the good records under a `Policy`: ALL_OR_NOTHING (one bad
  row and nothing stays written) or REJECT_BAD_ROWS (good rows written, bad ones kept).

What a record is and how it is written (an upsert, a COPY into a staging table) belongs to the
app that imports; this package imports no app.
"""

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
from .reader import SUPPORTED, InvalidFile, Table, open_table, sample

__all__ = [
    "PROBLEMS",
    "SUPPORTED",
    "BadRows",
    "InvalidFile",
    "NotImported",
    "Policy",
    "Problem",
    "RowError",
    "Table",
    "Tally",
    "check_rows",
    "open_table",
    "sample",
    "write_checked",
]
