"""The home region among the 16 voivodeships, as the OECD skills dashboards show a country among
others: for each indicator with voivodeship data, the region's rank, its quintile, its level
against Poland and its five-year trend.

Everything is read from the stored values of the voivodeships and Poland in one query; values
marked confidential are left out, as they are of every rank.
"""

import datetime
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from lll.indicators.models import Indicator, Observation, Polarity
from lll.territory.models import Level, Unit

from .sources import batch_texts, last_updated_of

TREND_YEARS = 5
# The figures the home page shows first, when they have data for the region.
HEADLINE = (
    "lm-unemployment-rate",
    "lm-average-gross-wage",
    "al-participation-4-weeks-gus",
    "vet-share-technikum-graduates",
)


@dataclass
class Position:
    indicator: Indicator
    period: str
    value: float
    rank: int  # 1 = best (by polarity); for a neutral indicator 1 = the largest value
    ranked: int  # voivodeships with a value in the period
    quintile: int  # 1 = the top fifth
    country_value: float | None
    previous_period: str | None  # the period before, for "since last year"
    previous_value: float | None
    trend_period: str | None  # five years earlier, or the earliest period since then
    trend_value: float | None
    source: str = ""  # the source of the region's value (its batch's)
    last_updated: datetime.datetime | None = None  # the indicator's, see services/sources.py

    @property
    def by_size(self) -> bool:
        """A neutral indicator is ranked by size, not by performance."""
        return self.indicator.polarity == Polarity.NEUTRAL

    @property
    def versus_country(self) -> float | None:
        """The region's value against Poland's, in per cent of Poland's (+12.5 = 12.5% above)."""
        if self.country_value in (None, 0):
            return None
        return (self.value / self.country_value - 1) * 100  # type: ignore[operator]

    def _better(self, change: float | None) -> bool | None:
        if change is None or change == 0 or self.by_size:
            return None
        return (change > 0) == (self.indicator.polarity == Polarity.HIGHER_IS_BETTER)

    @property
    def change(self) -> float | None:
        return None if self.previous_value is None else self.value - self.previous_value

    @property
    def change_better(self) -> bool | None:
        return self._better(self.change)

    @property
    def trend(self) -> float | None:
        return None if self.trend_value is None else self.value - self.trend_value

    @property
    def trend_better(self) -> bool | None:
        return self._better(self.trend)

    @property
    def above_country_better(self) -> bool | None:
        """Whether being where the region is against Poland is the better side."""
        versus = self.versus_country
        return self._better(versus)


def quintile(rank: int, ranked: int) -> int:
    """1 for the top fifth of `ranked` units ... 5 for the bottom fifth; of 16, ranks 1-4 are in
    the first (the places before the unit's, as a share of all, fifth by fifth)."""
    return min(5, math.floor(5 * (rank - 1) / ranked) + 1)


def _year(period: str) -> int:
    return int(period[:4])


def positions(indicators: Sequence[Indicator], region: Unit) -> list[Position]:
    """The region's position for each indicator that has a value for it and for at least one
    other voivodeship in the region's latest period, in the order of `indicators`."""
    units = {
        u.pk: u
        for u in Unit.objects.filter(level__in=[Level.VOIVODESHIP, Level.COUNTRY]).defer("geometry")
    }
    country = next((pk for pk, u in units.items() if u.level == Level.COUNTRY), None)
    values: dict[int, dict[str, dict[int, float]]] = {}
    batches: dict[tuple[int, str], int | None] = {}  # the region's values' batches
    for indicator_id, unit_id, period, value, batch_id in Observation.objects.filter(
        indicator__in=indicators, unit_id__in=list(units), confidential=False
    ).values_list("indicator_id", "unit_id", "period", "value", "batch_id"):
        values.setdefault(indicator_id, {}).setdefault(period, {})[unit_id] = value
        if unit_id == region.pk:
            batches[(indicator_id, period)] = batch_id
    texts = batch_texts(batches.values())
    result = []
    for indicator in indicators:
        by_period = values.get(indicator.pk, {})
        own = sorted(p for p, row in by_period.items() if region.pk in row)
        if not own:
            continue
        period = own[-1]
        row = by_period[period]
        voivodeships = [v for pk, v in row.items() if pk != country]
        if len(voivodeships) < 2:
            continue
        value = row[region.pk]
        lower_first = indicator.polarity == Polarity.LOWER_IS_BETTER
        better = sum(1 for v in voivodeships if (v < value if lower_first else v > value))
        rank = better + 1  # ties share a place
        earlier = [p for p in own if _year(period) - TREND_YEARS <= _year(p) < _year(period)]
        trend_period = earlier[0] if earlier else None
        previous = own[-2] if len(own) > 1 else None
        result.append(
            Position(
                indicator,
                period,
                value,
                rank,
                len(voivodeships),
                quintile(rank, len(voivodeships)),
                row.get(country) if country is not None else None,
                previous,
                by_period[previous][region.pk] if previous else None,
                trend_period,
                by_period[trend_period][region.pk] if trend_period else None,
                texts[batches[(indicator.pk, period)]],
            )
        )
    updated = last_updated_of([p.indicator for p in result])
    for found in result:
        found.last_updated = updated.get(found.indicator.pk)
    return result


def position_of(indicator: Indicator, region: Unit | None) -> Position | None:
    if region is None or "voivodeship" not in indicator.levels:
        return None
    found = positions([indicator], region)
    return found[0] if found else None


def with_voivodeship_data(indicators: Iterable[Indicator]) -> list[Indicator]:
    """The indicators among these that have values for voivodeships, by name."""
    chosen = list(indicators)
    with_data = set(
        Observation.objects.filter(indicator__in=chosen, unit__level=Level.VOIVODESHIP)
        .values_list("indicator_id", flat=True)
        .distinct()
    )
    return sorted((i for i in chosen if i.pk in with_data), key=lambda i: i.name.lower())


def headline(indicators: Iterable[Indicator], region: Unit) -> list[Position]:
    """The home page's figures: the headline indicators (those visible) with data."""
    by_code = {i.code: i for i in indicators if i.code in HEADLINE}
    chosen = [by_code[code] for code in HEADLINE if code in by_code]
    return positions(chosen, region)
