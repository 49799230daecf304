"""Where each value comes from: the source of the batch that brought it, never the indicator's.

An indicator names the official source it is normally fed from ("GUS, Bank Danych Lokalnych,
zmienna 64428"); a value of it may still come from an office's file, an older Eurostat file or
the BDL API. Pages and exports therefore cite the value's own batch, and the indicator's "last
updated" is when the latest batch that brought its values finished.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Max
from django.utils.translation import gettext as _

from lll.indicators.models import ImportBatch, Indicator, Observation


def not_recorded() -> str:
    return _("source not recorded")


def batch_texts(batch_ids: Iterable[int | None]) -> dict[int | None, str]:
    """batch id -> the source text of that batch (None -> "not recorded"), in one query."""
    ids = {pk for pk in batch_ids if pk is not None}
    texts: dict[int | None, str] = {
        batch.pk: batch.source_text
        for batch in ImportBatch.objects.filter(pk__in=ids).only(
            "id", "source", "source_reference", "original_file_name", "description"
        )
    }
    texts[None] = not_recorded()
    return texts


def value_source(observation: Observation | None) -> str:
    """The source of one value (its batch loaded with select_related, or fetched here)."""
    if observation is None:
        return ""
    batch = observation.batch if observation.batch_id else None
    return batch.source_text if batch is not None else not_recorded()


@dataclass
class Citations:
    """Numbered sources under a table: each value is marked with its source's number."""

    texts: list[str] = field(default_factory=list)

    def number(self, text: str) -> int:
        if text not in self.texts:
            self.texts.append(text)
        return self.texts.index(text) + 1


def last_updated(indicator: Indicator) -> datetime.datetime | None:
    """When the latest batch that brought values of the indicator finished (None: no values)."""
    finished: datetime.datetime | None = ImportBatch.objects.filter(
        observations__indicator=indicator
    ).aggregate(last=Max("finished_at"))["last"]
    return finished


def last_updated_of(indicators: Iterable[Indicator]) -> dict[int, datetime.datetime | None]:
    """indicator id -> last updated, for many indicators in one query."""
    ids = [i.pk for i in indicators]
    result: dict[int, datetime.datetime | None] = dict.fromkeys(ids)
    for indicator_id, finished in (
        Observation.objects.filter(indicator_id__in=ids, batch__isnull=False)
        .values("indicator_id")
        .annotate(last=Max("batch__finished_at"))
        .values_list("indicator_id", "last")
    ):
        result[indicator_id] = finished
    return result


def value_sources(
    indicators: Iterable[Indicator], units: Iterable[object]
) -> dict[tuple[int, int, str], str]:
    """(indicator id, unit id, period) -> the source of that value (its batch's), for the
    values of these indicators and units: a series' table and its download cite each value."""
    keys = list(
        Observation.objects.filter(
            indicator__in=list(indicators), unit__in=list(units)
        ).values_list("indicator_id", "unit_id", "period", "batch_id")
    )
    texts = batch_texts(batch_id for *_key, batch_id in keys)
    return {(i, u, p): texts[batch_id] for i, u, p, batch_id in keys}


def exported_date(moment: datetime.datetime | None) -> str:
    """A "last updated" moment as a download gives it: the ISO date, empty when none."""
    return moment.date().isoformat() if moment else ""
