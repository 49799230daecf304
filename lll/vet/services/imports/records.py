"""What every vet import shares: the fields of a file, the counts, the preview."""

from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise

from lll.core.imports import Tally

from ...models import (
    ImportBatch,
)

PREVIEW_PROBLEMS = 500
MAX_ROWS = 50_000


@dataclass(frozen=True)
class Field:
    key: str
    label: Promise
    required: bool = False
    aliases: tuple[str, ...] = ()


@dataclass
class Counts:
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    batch: ImportBatch | None = None  # the import that writes: every record it touches names it
    # What a writer looked up once and needs again for the next rows (Barometr groups and their
    # occupations): one entry per group, never per row.
    cache: dict[Any, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, int]:
        return {"inserted": self.inserted, "updated": self.updated, "unchanged": self.unchanged}


@dataclass
class Preview(Tally):
    """The rows read and their problems (`Tally`), the first rows and what writing did."""

    sample: list[list[str]] = field(default_factory=list)
    counts: Counts = field(default_factory=Counts)

    @property
    def ok(self) -> bool:
        return self.rows > 0 and not self.problems


Record = dict[str, Any]
