"""The numbers the monitoring pages show: values for a period, series, ranks, target progress.

Official-statistics rules hold here for every page and export: a confidential value ("c") is
never handed out (its value is None, its flags say "c"), is not ranked and does not count in a
target's progress; each value carries its flag letters, so a break in series ("b") can be marked.
"""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import connection
from django.db.models import QuerySet
from django.utils import timezone

from lll.indicators.models import Indicator, Observation, Polarity, Target
from lll.territory.models import Unit

from .sources import batch_texts, value_source
from .values import flag_letters

# A value of a series: (period, value or None when confidential, flag letters such as "b").
Point = tuple[str, float | None, str]
FLAG_FIELDS = ("provisional", "estimated", "confidential", "source_flags")


def _letters(provisional: bool, estimated: bool, confidential: bool, other: str) -> str:
    own = ("p" if provisional else "") + ("e" if estimated else "") + ("c" if confidential else "")
    return "".join(sorted(own + (other or "")))


def periods(indicator: Indicator, units: QuerySet[Unit] | None = None) -> list[str]:
    observations = Observation.objects.filter(indicator=indicator)
    if units is not None:
        observations = observations.filter(unit__in=units)
    return sorted(set(observations.values_list("period", flat=True)), reverse=True)


@dataclass
class Ranked:
    rank: int | None
    unit: Unit
    observation: Observation | None
    source: str = ""  # the value's own source (its batch's), see services/sources.py
    note: int | None = None  # the number of that source in a table's list of sources

    @property
    def value(self) -> float | None:
        """The value that may be shown: None when there is none or it is confidential."""
        if self.observation is None or self.observation.confidential:
            return None
        return self.observation.value

    @property
    def flags(self) -> str:
        return flag_letters(self.observation) if self.observation else ""


def ranking(indicator: Indicator, units: QuerySet[Unit], period: str) -> list[Ranked]:
    """Units ordered best first by the indicator's polarity (largest first when neutral).

    Confidential values are not ranked: they follow the ranked units, then units without data."""
    observations = {
        o.unit_id: o
        for o in Observation.objects.filter(
            indicator=indicator, unit__in=units, period=period
        ).select_related("batch")
    }
    lower_first = indicator.polarity == Polarity.LOWER_IS_BETTER
    with_value = sorted(
        (u for u in units if u.pk in observations and not observations[u.pk].confidential),
        key=lambda u: observations[u.pk].value,
        reverse=not lower_first,
    )
    ranked: list[Ranked] = []
    for position, unit in enumerate(with_value, start=1):
        value = observations[unit.pk].value
        tied = (
            ranked and ranked[-1].observation is not None and ranked[-1].observation.value == value
        )
        # Equal values share a place (1, 2, 2, 4).
        observation = observations[unit.pk]
        ranked.append(
            Ranked(
                ranked[-1].rank if tied else position,
                unit,
                observation,
                value_source(observation),
            )
        )
    ranked += [
        Ranked(None, u, observations[u.pk], value_source(observations[u.pk]))
        for u in units
        if u.pk in observations and observations[u.pk].confidential
    ]
    ranked += [Ranked(None, u, None) for u in units if u.pk not in observations]
    return ranked


def series(indicator: Indicator, units: list[Unit]) -> dict[Unit, list[Point]]:
    """Each unit's values by period with their flags; a confidential value is None."""
    points: dict[int, list[Point]] = {u.pk: [] for u in units}
    for unit_id, period, value, *flags in (
        Observation.objects.filter(indicator=indicator, unit__in=units)
        .order_by("period")
        .values_list("unit_id", "period", "value", *FLAG_FIELDS)
    ):
        points[unit_id].append((period, None if flags[2] else value, _letters(*flags)))
    return {u: points[u.pk] for u in units}


@dataclass
class Progress:
    target: Target
    baseline_year: int | None
    baseline_value: float | None
    latest_period: str | None
    latest_value: float | None
    required_per_year: float | None
    actual_per_year: float | None
    # achieved, on_track, off_track, missed (the target year's data fell short), expired (the
    # target year is past without data for it: shown as past, not as off track), no_data
    status: str

    @property
    def expired(self) -> bool:
        return self.target.year < timezone.localdate().year


def _year(period: str) -> int:
    return int(period[:4])


def target_progress(target: Target) -> Progress:
    """Baseline, latest value, the yearly change needed and made, and whether it is on track.

    On track means the latest value is at least where a straight line from the baseline to the
    target would be in the latest year (at most, for a lower-is-better indicator).
    """
    values = dict(
        Observation.objects.filter(indicator=target.indicator, unit=target.unit, confidential=False)
        .order_by("period")
        .values_list("period", "value")
    )
    baseline_value = target.baseline_value
    if baseline_value is None and target.baseline_year is not None:
        baseline_value = values.get(str(target.baseline_year))
    latest_period = max(values) if values else None
    latest_value = values[latest_period] if latest_period else None
    lower = target.indicator.polarity == Polarity.LOWER_IS_BETTER
    required = actual = None
    status = "expired" if target.year < timezone.localdate().year else "no_data"
    if latest_value is not None:
        reached = latest_value <= target.value if lower else latest_value >= target.value
        # Data for the target year (or later) that falls short: the target was missed, not
        # merely off track.
        due = _year(latest_period or "") >= target.year
        status = "achieved" if reached else "missed" if due else "off_track"
        if not reached and baseline_value is not None and target.baseline_year is not None:
            span = target.year - target.baseline_year
            elapsed = _year(latest_period or "") - target.baseline_year
            if span > 0:
                required = (target.value - baseline_value) / span
                expected = baseline_value + required * elapsed
                on_track = latest_value <= expected if lower else latest_value >= expected
                if not due:
                    status = "on_track" if on_track and elapsed >= 0 else "off_track"
            if elapsed > 0:
                actual = (latest_value - baseline_value) / elapsed
        if not reached and not due and target.year < timezone.localdate().year:
            status = "expired"
    return Progress(
        target,
        target.baseline_year,
        baseline_value,
        latest_period,
        latest_value,
        required,
        actual,
        status,
    )


@dataclass
class ProfileRow:
    indicator: Indicator
    period: str
    value: float | None  # None: confidential
    previous: float | None
    change: str  # "up", "down", "flat" or ""
    better: bool | None  # whether the change is an improvement, by the indicator's polarity
    rank: int | None
    rank_of: int
    parent_value: float | None
    country_value: float | None
    flags: str = ""  # of the value: "c" confidential, "b" break in series, ...
    source: str = ""  # the latest value's own source


def _sibling_counts(unit: Unit, indicator_ids: list[int]) -> dict[int, tuple[int, int, int]]:
    """Per indicator, in the unit's latest period: how many units of the same level and parent
    have a higher value, a lower value, and how many have a value at all (the unit included).

    Counted by the database: a profile may cover hundreds of indicators."""
    observations, units = Observation._meta.db_table, Unit._meta.db_table
    marks = ", ".join(["%s"] * len(indicator_ids))
    sql = (
        "SELECT m.indicator_id, "  # noqa: S608 - table names from the models, values as params
        "SUM(CASE WHEN s.value > m.value THEN 1 ELSE 0 END), "
        "SUM(CASE WHEN s.value < m.value THEN 1 ELSE 0 END), COUNT(*) "
        f"FROM {observations} m "
        f"JOIN {observations} s ON s.indicator_id = m.indicator_id AND s.period = m.period "
        f"JOIN {units} u ON u.id = s.unit_id "
        f"WHERE m.unit_id = %s AND m.indicator_id IN ({marks}) "
        "AND u.parent_id = %s AND u.level = %s AND s.confidential = %s "
        f"AND m.period = (SELECT MAX(p.period) FROM {observations} p "
        "WHERE p.indicator_id = m.indicator_id AND p.unit_id = m.unit_id) "
        "GROUP BY m.indicator_id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [unit.pk, *indicator_ids, unit.parent_id, unit.level, False])
        return {row[0]: (int(row[1]), int(row[2]), int(row[3])) for row in cursor.fetchall()}


def profile_indicators(
    unit: Unit, indicators: QuerySet[Indicator], theme: str = ""
) -> list[Indicator]:
    """The indicators (of a theme, if given) with data for the unit, by name.

    A profile page shows a page of these at a time: a unit can have hundreds of indicators."""
    with_data = Observation.objects.filter(unit=unit).values("indicator_id").distinct()
    chosen = [i for i in indicators.filter(pk__in=with_data) if not theme or theme in i.themes]
    return sorted(chosen, key=lambda indicator: indicator.name.lower())


def unit_profile(unit: Unit, indicators: Sequence[Indicator]) -> list[ProfileRow]:
    """Each indicator with data for the unit: latest value, change, rank among its siblings,
    and the same period's value for its parent unit and for Poland."""
    own: dict[int, list[Point]] = {}
    latest_batch: dict[int, int | None] = {}
    for indicator_id, period, value, *flags, batch_id in (
        Observation.objects.filter(unit=unit, indicator__in=indicators)
        .order_by("period")
        .values_list("indicator_id", "period", "value", *FLAG_FIELDS, "batch_id")
    ):
        own.setdefault(indicator_id, []).append(
            (period, None if flags[2] else value, _letters(*flags))
        )
        latest_batch[indicator_id] = batch_id
    if not own:
        return []
    sources = batch_texts(latest_batch.values())
    latest = {indicator_id: points[-1][0] for indicator_id, points in own.items()}
    siblings = _sibling_counts(unit, list(own)) if unit.parent_id is not None else {}
    context_units = [
        u
        for u in (unit.parent, Unit.objects.filter(code="PL").first())
        if u is not None and u.pk != unit.pk
    ]
    context: dict[tuple[int, int, str], float] = {
        (unit_id, indicator_id, period): value
        for unit_id, indicator_id, period, value in Observation.objects.filter(
            indicator_id__in=list(own),
            unit__in=context_units,
            period__in=set(latest.values()),
            confidential=False,
        ).values_list("unit_id", "indicator_id", "period", "value")
    }
    rows = []
    for indicator in (i for i in indicators if i.pk in own):
        points = own[indicator.pk]
        period, value, flags = points[-1]
        previous = points[-2][1] if len(points) > 1 else None
        change, better = "", None
        if previous is not None and value is not None:
            change = "up" if value > previous else "down" if value < previous else "flat"
            if change != "flat" and indicator.polarity != Polarity.NEUTRAL:
                better = (change == "up") == (indicator.polarity == Polarity.HIGHER_IS_BETTER)
        higher, lower, peers = siblings.get(indicator.pk, (0, 0, 0))
        rank = None
        if peers > 1 and value is not None and indicator.polarity != Polarity.NEUTRAL:
            # Ties share a rank: 1 + the number of siblings that do better.
            rank = 1 + (higher if indicator.polarity == Polarity.HIGHER_IS_BETTER else lower)
        parent_value = context.get((unit.parent_id or 0, indicator.pk, period))
        country = next((u for u in context_units if u.code == "PL"), None)
        country_value = context.get((country.pk, indicator.pk, period)) if country else None
        rows.append(
            ProfileRow(
                indicator,
                period,
                value,
                previous,
                change,
                better,
                rank,
                peers,
                parent_value,
                country_value,
                flags,
                sources[latest_batch[indicator.pk]],
            )
        )
    return sorted(rows, key=lambda r: r.indicator.name.lower())


def latest_values(indicators: list[Indicator], units: list[Unit]) -> dict[tuple[int, int], Point]:
    """(indicator id, unit id) -> (period, value, flags) of the latest observation; the value
    is None when it is confidential."""
    latest: dict[tuple[int, int], Point] = {}
    for indicator_id, unit_id, period, value, *flags in (
        Observation.objects.filter(indicator__in=indicators, unit__in=units)
        .order_by("period")
        .values_list("indicator_id", "unit_id", "period", "value", *FLAG_FIELDS)
    ):
        latest[(indicator_id, unit_id)] = (period, None if flags[2] else value, _letters(*flags))
    return latest


@dataclass
class Comparison:
    indicator: Indicator
    period: str
    rows: list[Ranked]  # the voivodeships, best first
    last_updated: datetime.datetime | None = None  # the indicator's, see services/sources.py


def compare_regions(indicators: list[Indicator]) -> list[Comparison]:
    """Each indicator's latest period with data for voivodeships, and their ranking in it."""
    voivodeships = Unit.objects.filter(level="voivodeship").order_by("code")
    comparisons = []
    for indicator in indicators:
        available = periods(indicator, voivodeships)
        if available:
            comparisons.append(
                Comparison(indicator, available[0], ranking(indicator, voivodeships, available[0]))
            )
    return comparisons
