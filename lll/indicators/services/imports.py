"""Turning source records into observations of one indicator, with a batch that tells the story.

Every reader (file upload, Eurostat, BDL) produces `SourceRecord`s; `iter_checked` resolves units,
parses numbers and periods and sets aside each bad record with its row, column and reason (the
core import pipeline, REJECT_BAD_ROWS); `commit_rows` writes the good ones in one transaction and
recomputes derived indicators.
"""

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from lll.core.imports import Policy, RowError, Tally, check_rows, write_checked
from lll.indicators.models import ImportBatch, Indicator, RuleRun
from lll.territory.models import Unit

from .observations import ObservationRow, UpsertCounts, recompute_derived, upsert_observations
from .rules import RuleChecks, record_runs, rule_checker
from .values import InvalidValue, parse_number, period_reader, read_flags


@dataclass
class SourceRecord:
    row: int  # the row (line) in the source, for messages
    unit: str  # a TERYT code, a NUTS code or a name, as `unit_lookup` understands it
    period: Any
    value: Any
    flags: Any = ""


@dataclass
class CheckResult(Tally):
    """The rows read (`seen`) and the rejected ones, by row and column (the core `Tally`)."""

    skipped: int = 0
    unit_column: str = ""
    rules: RuleChecks | None = None  # the validation rules checked, with their results

    @property
    def seen(self) -> int:
        return self.rows

    @property
    def rejected(self) -> list[dict[str, Any]]:
        return [problem.as_dict() for problem in self.problems]


UnitLookup = Callable[[str], Unit | None]


def units_by_code() -> UnitLookup:
    units = {unit.code: unit for unit in Unit.objects.defer("geometry")}
    return lambda text: units.get(str(text).strip())


def iter_checked(
    records: Iterable[SourceRecord],
    indicator: Indicator,
    lookup: UnitLookup,
    result: CheckResult,
    columns: dict[str, str] | None = None,
    decimal_comma: bool | None = None,
) -> Iterator[ObservationRow]:
    """Yield good rows one by one (so a big file streams); collect problems in `result`.

    Bad rows are rejected and the good ones kept (the core pipeline's REJECT_BAD_ROWS).
    `decimal_comma` is the value column's convention (`lll.core.numbers.decimal_comma`): a value
    that reads otherwise under it is rejected with both readings."""
    names = {"unit": _("unit"), "period": _("period"), "value": _("value"), "flags": _("flags")}
    names.update(columns or {})
    result.unit_column = names["unit"]
    read_period = period_reader(indicator.periodicity)
    valid, out_of_range = range_check(indicator)
    # Read before the rows stream (the check must not query the database meanwhile).
    rules = result.rules = rule_checker(indicator)
    allowed_levels = set(indicator.levels)
    indicator_id = indicator.pk

    def check(record: SourceRecord) -> ObservationRow:
        unit = lookup(record.unit)
        if unit is None:
            raise RowError("unit", _("unknown territorial unit"), record.unit)
        if allowed_levels and unit.level not in allowed_levels:
            raise RowError(
                "unit",
                _("the indicator does not exist for this level (%(level)s)")
                % {"level": unit.get_level_display()},
                record.unit,
            )
        try:
            period = read_period(record.period)
        except InvalidValue as exc:
            raise RowError("period", str(exc), record.period) from None
        try:
            value = parse_number(record.value, decimal_comma)
        except InvalidValue as exc:
            raise RowError("value", str(exc), record.value) from None
        if not valid(value):
            raise RowError("value", out_of_range, record.value)
        if rules is not None and (broken := rules(record.row, unit.code, unit.pk, period, value)):
            raise RowError("value", broken, record.value)
        try:
            flags = read_flags(record.flags)
        except InvalidValue as exc:
            raise RowError("flags", str(exc), record.flags) from None
        return (
            indicator_id,
            unit.pk,
            period,
            value,
            flags.provisional,
            flags.estimated,
            flags.confidential,
            flags.other,
            record.row,
        )

    def locate(error: RowError, record: SourceRecord) -> tuple[str, Any]:
        return names[error.key], error.value

    return check_rows(
        ((record.row, record) for record in records),
        check,
        result,
        locate,
        Policy.REJECT_BAD_ROWS,
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
    result.problems.sort(key=lambda problem: problem.row)


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

    def write(good: Iterator[ObservationRow]) -> UpsertCounts:
        counts = upsert_observations(good, batch)
        if before_derived is not None:
            before_derived()
        recompute_derived([indicator], batch)
        return counts

    counts = write_checked(iter(rows), write, result, Policy.REJECT_BAD_ROWS)
    reject_duplicates(result, counts.duplicates)
    record_runs(batch, result.rules, RuleRun.Stage.COMMIT)
    return counts
