"""How far a background preview has read its file, for its page (a display aid only).

The reader counts the rows wherever they stream (`tick`: the workbook's XML checked against the
limits, then each pass over the rows), so every importer shows progress without counting
anything itself. Counting happens only inside `counting(name)`, which the background task opens;
the count goes to the "progress" cache that the worker and the web process share
(`settings.CACHES`), never to the database, at most every half second.
"""

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.core.cache import caches

CACHE = "progress"
CHECKING, READING = "checking", "reading"  # the workbook's XML against the limits; the rows
INTERVAL = 0.5
CHECK_EVERY = 1000
TIMEOUT = 24 * 3600


@dataclass(frozen=True)
class Progress:
    stage: str  # CHECKING or READING
    passes: int  # passes over the rows started so far (a preview may read the rows twice)
    rows: int  # rows read in this stage and pass


class _Counter:
    def __init__(self, name: str) -> None:
        self.name, self.stage, self.passes, self.rows = name, "", 0, 0
        self.last = 0.0

    def start(self, stage: str) -> None:
        self.stage, self.rows = stage, 0
        if stage == READING:
            self.passes += 1
        self.report()

    def tick(self) -> None:
        self.rows += 1
        if self.rows % CHECK_EVERY == 0 and time.monotonic() - self.last >= INTERVAL:
            self.report()

    def report(self) -> None:
        self.last = time.monotonic()
        data = {"stage": self.stage, "passes": self.passes, "rows": self.rows}
        caches[CACHE].set(_key(self.name), data, timeout=TIMEOUT)


_current: ContextVar[_Counter | None] = ContextVar("lll_import_progress", default=None)


def _key(name: str) -> str:
    return f"lll:preview-progress:{name}"


@contextmanager
def counting(name: str) -> Iterator[None]:
    """Count the rows the reader streams inside the block under `name`; cleared at its end."""
    token = _current.set(_Counter(name))
    try:
        yield
    finally:
        _current.reset(token)
        clear(name)


def start(stage: str) -> None:
    counter = _current.get()
    if counter is not None:
        counter.start(stage)


def tick() -> None:
    counter = _current.get()
    if counter is not None:
        counter.tick()


def read(name: str) -> Progress | None:
    data = caches[CACHE].get(_key(name))
    if not isinstance(data, dict) or data.get("stage") not in (CHECKING, READING):
        return None
    return Progress(data["stage"], int(data["passes"]), int(data["rows"]))


def clear(name: str) -> None:
    caches[CACHE].delete(_key(name))
