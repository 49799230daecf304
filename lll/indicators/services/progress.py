"""How far a running file import has got, kept outside the import's transaction.

A file import's commit writes every row in one transaction (all or nothing) and streams the
rows into a staging table (COPY on PostgreSQL). Anything it wrote about its progress to the
database would stay invisible to the batch page until the end, and on SQLite a second
connection cannot write while the import holds the write lock. So the progress goes into the
"progress" cache (`settings.CACHES`), which the task worker writes and the web process reads:
files under `var/progress/` by default (`LLL_PROGRESS_CACHE_URL` for another cache both
processes reach). Writing it touches no database, so it is safe while a COPY holds the
connection. It is a display aid: losing it loses nothing but the bar.
"""

import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TypeVar

from django.core.cache import caches

CACHE = "progress"
READING, WRITING, DERIVED = "reading", "writing", "derived"
PHASES = (READING, WRITING, DERIVED)
# Report at most this often (seconds), checking the clock every CHECK_EVERY rows: a file
# cache write costs about a tenth of a millisecond, a clock read per row would cost more.
INTERVAL = 0.5
CHECK_EVERY = 1000
TIMEOUT = 24 * 3600
T = TypeVar("T")


@dataclass(frozen=True)
class Progress:
    phase: str  # READING, WRITING or DERIVED
    rows_read: int
    rows_total: int  # from the preview; 0 when unknown

    @property
    def step(self) -> int:
        return PHASES.index(self.phase) + 1

    @property
    def steps(self) -> int:
        return len(PHASES)


def _key(batch_id: int) -> str:
    return f"lll:import-progress:{batch_id}"


def report(batch_id: int, phase: str, rows_read: int, rows_total: int) -> None:
    caches[CACHE].set(
        _key(batch_id),
        {"phase": phase, "rows_read": rows_read, "rows_total": rows_total},
        timeout=TIMEOUT,
    )


def read(batch_id: int) -> Progress | None:
    data = caches[CACHE].get(_key(batch_id))
    if not isinstance(data, dict) or data.get("phase") not in PHASES:
        return None
    return Progress(data["phase"], int(data["rows_read"]), int(data["rows_total"]))


def clear(batch_id: int) -> None:
    caches[CACHE].delete(_key(batch_id))


def counted(records: Iterable[T], batch_id: int, rows_total: int) -> Iterator[T]:
    """Pass `records` through, reporting how many were read; when the last one has been read
    (the import then writes), report the writing phase."""
    report(batch_id, READING, 0, rows_total)
    count = 0
    last = time.monotonic()
    for record in records:
        count += 1
        if count % CHECK_EVERY == 0 and (now := time.monotonic()) - last >= INTERVAL:
            report(batch_id, READING, count, rows_total)
            last = now
        yield record
    report(batch_id, WRITING, count, max(rows_total, count))
