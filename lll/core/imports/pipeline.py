"""Checking rows one by one and writing the good ones under one of two policies.

An importing app gives three things: the rows (row number, cells), a `check` that turns one row's
cells into a record or raises `RowError` naming the field, and a `write` that takes the stream of
good records and writes them (an upsert per record, a COPY into a staging table, ...). The
pipeline keeps the count of rows and every problem by row and column, and decides by policy:

- ALL_OR_NOTHING: one bad row and nothing stays written (`BadRows` names the first problem; all
  problems are listed on it). Good records stop flowing at the first problem; checking goes on.
- REJECT_BAD_ROWS: the good rows are written, each bad one is kept as a problem with its reason.

Records flow as a stream, so a large file is never held in memory.
"""

import enum
from collections.abc import Callable, Hashable, Iterable, Iterator
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any, TypeVar

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lll.core.errors import UserError

from ..tables import Column, Table

C = TypeVar("C")  # a row's cells as the importing app passes them
R = TypeVar("R")  # a checked record
W = TypeVar("W")  # what writing returns (counts)


class Policy(enum.Enum):
    ALL_OR_NOTHING = "all_or_nothing"
    REJECT_BAD_ROWS = "reject_bad_rows"


@dataclass
class Problem:
    """A row that cannot be taken: where (row, column), what was there and why not."""

    row: int
    column: str
    value: str
    reason: str

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "value": self.value, "reason": self.reason}

    def __str__(self) -> str:
        return _("row %(row)s, column “%(column)s”: %(reason)s") % self.as_dict()


class RowError(UserError):
    """A cell that cannot be taken; `key` names the field, the message is for the user."""

    def __init__(self, key: str, message: str, value: Any = "") -> None:
        super().__init__(message)
        self.key, self.value = key, value


class RowErrors(UserError):
    """Several problems of one row (every unreadable cell, every broken rule), each a
    `RowError`; the pipeline lists each one with the row's number."""

    def __init__(self, errors: list[RowError]) -> None:
        super().__init__(errors[0].message)
        self.errors = errors


class NotImported(UserError):
    """The import cannot be written (now); the message says why and what to do."""


class BadRows(NotImported):
    """ALL_OR_NOTHING found problems: nothing was written. `problems` lists every one."""

    def __init__(self, problems: list[Problem]) -> None:
        first = problems[0]
        super().__init__(
            _("Row %(row)d, column “%(column)s”: %(reason)s Fix the file and upload it again.")
            % {"row": first.row, "column": first.column, "reason": first.reason}
        )
        self.problems = problems


@dataclass
class Tally:
    """What checking found: how many rows were read and the problems, in the order met."""

    rows: int = 0
    problems: list[Problem] = field(default_factory=list)
    bad_rows: set[int] = field(default_factory=set)

    def reject(self, row: int, column: str, value: Any, reason: str, width: int = 100) -> None:
        shown = "" if value is None else str(value)[:width]
        self.problems.append(Problem(row, column, shown, reason))
        self.bad_rows.add(row)

    @property
    def good(self) -> int:
        """Rows without a problem (a row with several problems counts once)."""
        return self.rows - len(self.bad_rows)


def check_rows(
    rows: Iterable[tuple[int, C]],
    check: Callable[[C], R],
    tally: Tally,
    locate: Callable[[RowError, C], tuple[str, Any]],
    policy: Policy,
    key: Callable[[R], Hashable] | None = None,
    value_width: int = 100,
) -> Iterator[R]:
    """Yield the good records one by one; put each bad row's problems in `tally.problems`
    (`check` raises `RowError` for one problem, `RowErrors` for several).

    `locate` gives a `RowError`'s column as the user knows it (the file's header, or the
    field's label) and the value to show. With `key`, a row whose record has the key of an
    earlier row is a problem too.
    Under ALL_OR_NOTHING no record is yielded after the first problem (nothing will be
    written), but every row is still checked, so all problems are listed.
    """
    all_or_nothing = policy is Policy.ALL_OR_NOTHING
    seen: dict[Hashable, int] = {}
    for number, cells in rows:
        tally.rows += 1
        try:
            record = check(cells)
        except RowError as error:
            column, value = locate(error, cells)
            tally.reject(number, column, value, error.message, value_width)
            continue
        except RowErrors as errors:
            for one in errors.errors:
                column, value = locate(one, cells)
                tally.reject(number, column, value, one.message, value_width)
            continue
        if key is not None:
            natural = key(record)
            first = seen.setdefault(natural, number)
            if first != number:
                tally.reject(
                    number, "", "", _("the same record as in row %(row)d.") % {"row": first}
                )
                continue
        if all_or_nothing and tally.problems:
            continue
        yield record


def write_checked(
    records: Iterator[R],
    write: Callable[[Iterator[R]], W],
    tally: Tally,
    policy: Policy,
    dry_run: bool = False,
) -> W:
    """Write the checked records in one transaction and decide by policy.

    ALL_OR_NOTHING: when any row had a problem, the transaction is rolled back and `BadRows`
    raised. `dry_run` (a preview) rolls back whatever was written and raises nothing.
    """
    with transaction.atomic():
        written = write(records)
        if dry_run:
            transaction.set_rollback(True)
        elif policy is Policy.ALL_OR_NOTHING and tally.problems:
            raise BadRows(tally.problems)
    return written


# The rows an import set aside (`Problem.as_dict()`), on its page and as the file the analyst
# fixes the upload from.
PROBLEMS = Table(
    "problemy",
    gettext_lazy("Rows with problems"),
    [
        Column(gettext_lazy("Row"), itemgetter("row"), plain=True),
        Column(gettext_lazy("Column"), itemgetter("column")),
        Column(gettext_lazy("Value"), itemgetter("value")),
        Column(gettext_lazy("Problem"), itemgetter("reason")),
    ],
)
