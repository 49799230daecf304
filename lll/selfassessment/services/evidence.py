"""Evidence from the monitoring: the latest values of the indicators linked to a criterion."""

import datetime
from dataclasses import dataclass
from typing import Any

from lll.indicators.access import visible_indicators
from lll.indicators.models import Indicator
from lll.indicators.services.dashboard import latest_values, series
from lll.indicators.services.sources import last_updated_of, value_sources
from lll.territory.models import Unit

from ..models import Criterion


@dataclass
class IndicatorEvidence:
    indicator: Indicator
    period: str
    value: float
    previous: float | None
    trend: str  # up, down, flat or ""
    source: str = ""  # the value's own (its batch's), see lll.indicators.services.sources
    last_updated: datetime.datetime | None = None  # the indicator's


def indicator_evidence(criteria: list[Criterion], user: Any, region: Unit) -> dict[int, list[Any]]:
    """Per criterion, the latest value and trend of its linked indicators in the region."""
    visible = visible_indicators(user)
    links: dict[int, list[Indicator]] = {}
    for criterion in criteria:
        links[criterion.pk] = [i for i in criterion.indicators.all() if i in visible]
    indicators = list({i.pk: i for items in links.values() for i in items}.values())
    if not indicators:
        return {}
    latest = latest_values(indicators, [region])
    cited = value_sources(indicators, [region])
    updated = last_updated_of(indicators)
    result: dict[int, list[Any]] = {}
    for criterion_id, items in links.items():
        for indicator in items:
            if (indicator.pk, region.pk) not in latest:
                continue
            period, value, _flags = latest[(indicator.pk, region.pk)]
            if value is None:
                continue  # confidential: never shown
            points = series(indicator, [region])[region]
            previous = points[-2][1] if len(points) > 1 else None
            trend = ""
            if previous is not None:
                trend = "up" if value > previous else "down" if value < previous else "flat"
            result.setdefault(criterion_id, []).append(
                IndicatorEvidence(
                    indicator,
                    period,
                    value,
                    previous,
                    trend,
                    cited.get((indicator.pk, region.pk, period), ""),
                    updated.get(indicator.pk),
                )
            )
    return result
