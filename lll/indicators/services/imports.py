"""Turning source records into observations of one indicator, with a batch that tells the story.

Every reader (file upload, Eurostat, BDL) produces `SourceRecord`s; `iter_checked` resolves units,
parses numbers and periods and sets aside each bad record with its row, column and reason;
`commit_rows` writes the good ones in one transaction and recomputes derived indicators.
"""

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from lll.indicators.models import ImportBatch, Indicator
from lll.territory.models import Unit

from .observations import ObservationRow, UpsertCounts, recompute_derived, upsert_observations
from .values import InvalidValue, parse_flags, parse_number, period_reader, source_flags


@dataclass
class SourceRecord:
    row: int  # the row (line) in the source, for messages
    unit: str  # a TERYT code, a NUTS code or a name, as `unit_lookup` understands it
    period: Any
    value: Any
    flags: Any = ""


@dataclass
class CheckResult:
    rejected: list[dict[str, Any]] = field(default_factory=list)
    skipped: int = 0
    seen: int = 0
    unit_column: str = ""

    def reject(self, row: int, column: str, value: Any, reason: str) -> None:
        shown = "" if value is None else str(value)[:100]
        self.rejected.append({"row": row, "column": column, "value": shown, "reason": reason})


UnitLookup = Callable[[str], Unit | None]


def units_by_code() -> UnitLookup:
    units = {unit.code: unit for unit in Unit.objects.all()}
    return lambda text: units.get(str(text).strip())


def iter_checked(
    records: Iterable[SourceRecord],
    indicator: Indicator,
    lookup: UnitLookup,
    result: CheckResult,
    columns: dict[str, str] | None = None,
) -> Iterator[ObservationRow]:
    """Yield good rows one by one (so a big file streams); collect problems in `result`."""
    names = {"unit": _("unit"), "period": _("period"), "value": _("value"), "flags": _("flags")}
    names.update(columns or {})
    result.unit_column = names["unit"]
    read_period = period_reader(indicator.periodicity)
    valid, out_of_range = range_check(indicator)
    allowed_levels = set(indicator.levels)
    for record in records:
        result.seen += 1
        unit = lookup(record.unit)
        if unit is None:
            result.reject(record.row, names["unit"], record.unit, _("unknown territorial unit"))
            continue
        if allowed_levels and unit.level not in allowed_levels:
            result.reject(
                record.row,
                names["unit"],
                record.unit,
                _("the indicator does not exist for this level (%(level)s)")
                % {"level": unit.get_level_display()},
            )
            continue
        try:
            period = read_period(record.period)
        except InvalidValue as exc:
            result.reject(record.row, names["period"], record.period, str(exc))
            continue
        try:
            value = parse_number(record.value)
        except InvalidValue as exc:
            result.reject(record.row, names["value"], record.value, str(exc))
            continue
        if not valid(value):
            result.reject(record.row, names["value"], record.value, out_of_range)
            continue
        flags = parse_flags(record.flags)
        yield (
            indicator.pk,
            unit.pk,
            period,
            value,
            flags["provisional"],
            flags["estimated"],
            flags["confidential"],
            source_flags(record.flags),
            record.row,
        )


def range_check(indicator: Indicator) -> tuple[Callable[[float], bool], str]:
    """The indicator's validation rule: a test of a value, and the message when it fails."""
    low, high = indicator.min_value, indicator.max_value
    shown = {"low": indicator.format_value(low), "high": indicator.format_value(high)}
    if low is not None and high is not None:
        return (
            lambda value: low <= value <= high,
            _("outside the valid range from %(low)s to %(high)s") % shown,
        )
    if low is not None:
        return lambda value: value >= low, _("lower than the lowest valid value, %(low)s") % shown
    if high is not None:
        return lambda value: value <= high, _(
            "higher than the highest valid value, %(high)s"
        ) % shown
    return lambda value: True, ""


def reject_duplicates(result: CheckResult, duplicates: list[tuple[int, int]]) -> None:
    for row, first in duplicates:
        result.reject(
            row,
            result.unit_column,
            "",
            _("duplicate: row %(first)d has the same unit and period") % {"first": first},
        )
    result.rejected.sort(key=lambda problem: problem["row"])


def commit_rows(
    batch: ImportBatch,
    indicator: Indicator,
    rows: Iterable[ObservationRow],
    result: CheckResult,
    before_derived: Callable[[], None] | None = None,
) -> UpsertCounts:
    """Write rows and recompute derived indicators, all or nothing; duplicates are rejected.

    `before_derived` is called (inside the transaction) when the rows are written.
    """
    with transaction.atomic():
        counts = upsert_observations(rows, batch)
        if before_derived is not None:
            before_derived()
        recompute_derived([indicator], batch)
    reject_duplicates(result, counts.duplicates)
    return counts
