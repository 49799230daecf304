"""Approved reports feed the office's indicators by powiat and year, with provenance.

For a year, counted activities (the office's own and those of approved reports) that end in it
give `lll-participants` and `lll-kkz-participants` for the region and each of its powiats: an
activity in several powiats is split equally between them, one for the whole region counts for
the voivodeship only. Every powiat gets a value (0 without activities), so a withdrawn approval
lowers it again. `lll-participants-per-1000` is the participants per 1,000 people of working age
(GUS BDL, 31 December of the year, or of the latest year loaded before it): `per_1000` is the one
computation, used both for the office's indicator and the annual report. `contributions(unit,
year)` lists the activities behind a value.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from lll.indicators.models import ImportBatch, Indicator, Observation, Source
from lll.indicators.services import sources
from lll.indicators.services.observations import (
    ObservationRow,
    UpsertCounts,
    recompute_derived,
    record_counts,
    upsert_observations,
)
from lll.territory.models import Unit
from lll.territory.services import home_region

from ..models import Activity, ActivityType
from .kkz import counted_activities

PARTICIPANTS = "lll-participants"
KKZ_PARTICIPANTS = "lll-kkz-participants"
PER_1000 = "lll-participants-per-1000"
WORKING_AGE = "population-working-age"


def shares(activity: Activity) -> dict[int, float]:
    """Powiat id -> the share of the activity counted there (empty: the whole region)."""
    if activity.whole_region:
        return {}
    powiats = {
        (u.pk if u.level == "powiat" else u.parent_id) or 0 for u in activity.units.all()
    } - {0}
    return {pk: 1 / len(powiats) for pk in powiats}


def year_activities(year: int) -> QuerySet[Activity]:
    return counted_activities().filter(ends_on__year=year).prefetch_related("units")


def figures(year: int) -> dict[str, dict[int, float]]:
    """Indicator code -> unit id -> value, for the region and each of its powiats."""
    region = home_region()
    if region is None:
        return {}
    powiats = list(Unit.objects.filter(parent=region).values_list("pk", flat=True))
    values: dict[str, dict[int, float]] = {
        code: defaultdict(float, dict.fromkeys([region.pk, *powiats], 0.0))
        for code in (PARTICIPANTS, KKZ_PARTICIPANTS)
    }
    for activity in year_activities(year):
        codes = [PARTICIPANTS]
        if activity.activity_type == ActivityType.KKZ:
            codes.append(KKZ_PARTICIPANTS)
        for code in codes:
            values[code][region.pk] += activity.participants
            for powiat, share in shares(activity).items():
                if powiat in values[code]:
                    values[code][powiat] += activity.participants * share
    return {code: dict(v) for code, v in values.items()}


@dataclass
class PerThousand:
    """Participants per 1,000 people of working age, by unit id, and the population used."""

    values: dict[int, float | None] = field(default_factory=dict)
    population: dict[int, float] = field(default_factory=dict)
    population_year: str = ""  # the year of the population used ("" when none is loaded)
    source: str = ""  # the population's source, as the indicator cites it


def working_age(year: int) -> tuple[str, dict[int, float], str]:
    """The working-age population of the region's powiats in `year`, or in the latest year
    before it with values, and the region's as their sum (when every powiat has one); the
    year used and the source."""
    region = home_region()
    indicator = Indicator.objects.filter(code=WORKING_AGE).first()
    if region is None or indicator is None:
        return "", {}, ""
    powiats = set(Unit.objects.filter(parent=region).values_list("pk", flat=True))
    by_year: dict[str, dict[int, float]] = defaultdict(dict)
    for unit_id, period, value in Observation.objects.filter(
        indicator=indicator, unit_id__in=powiats, period__lte=str(year), confidential=False
    ).values_list("unit_id", "period", "value"):
        by_year[period][unit_id] = value
    years = sorted(p for p in by_year if len(p) == 4)
    if not years:
        return "", {}, ""
    chosen = years[-1]
    population = dict(by_year[chosen])
    if set(population) == powiats:  # the region: only as the sum of all its powiats
        population[region.pk] = sum(population.values())
    return chosen, population, indicator.source_reference


def per_1000(year: int, participants: dict[int, float]) -> PerThousand:
    """`participants` (unit id -> people reached) per 1,000 people of working age: the one
    computation of `lll-participants-per-1000` and of the annual report's map."""
    population_year, population, source = working_age(year)
    values: dict[int, float | None] = {
        unit: (count / population[unit] * 1000 if population.get(unit) else None)
        for unit, count in participants.items()
    }
    return PerThousand(values, population, population_year, source)


@transaction.atomic
def publish(year: int, user: Any = None) -> dict[str, UpsertCounts]:
    """Write the year's figures into the catalogue's indicators (an office import batch each)."""
    indicators = {
        i.code: i
        for i in Indicator.objects.filter(code__in=[PARTICIPANTS, KKZ_PARTICIPANTS, PER_1000])
    }
    if PARTICIPANTS not in indicators or KKZ_PARTICIPANTS not in indicators:
        return {}
    results = {}
    count = year_activities(year).count()
    values = figures(year)
    if PER_1000 in indicators:
        ratio = per_1000(year, values[PARTICIPANTS])
        values[PER_1000] = {u: v for u, v in ratio.values.items() if v is not None}
    for code, by_unit in values.items():
        batch = ImportBatch.objects.create(
            source=Source.OFFICE,
            indicator=indicators[code],
            description=_(
                "Register of activities, %(year)d: %(count)d activities of the office and of "
                "approved reports"
            )
            % {"year": year, "count": count},
            created_by=user if getattr(user, "is_authenticated", False) else None,
            status=ImportBatch.Status.RUNNING,
        )
        if code == PER_1000:
            batch.description = _(
                "Register of activities, %(year)d: participants per 1,000 people of working age "
                "(%(source)s, %(population_year)s)"
            ) % {"year": year, "source": ratio.source, "population_year": ratio.population_year}
            batch.description = batch.description[:300]
        # Shares of people to a tenth; a rate as computed (shown to its indicator's decimals).
        tenths = code != PER_1000
        rows: list[ObservationRow] = [
            (
                indicators[code].pk,
                unit,
                str(year),
                round(value, 1) if tenths else value,
                False,
                False,
                False,
                "",
                n,
            )
            for n, (unit, value) in enumerate(sorted(by_unit.items()), start=1)
        ]
        # A unit whose population is no longer known loses its old ratio.
        Observation.objects.filter(indicator=indicators[code], period=str(year)).exclude(
            unit_id__in=list(by_unit)
        ).delete()
        counts = upsert_observations(rows, batch)
        batch.rows_total = batch.rows_done = len(rows)
        record_counts(batch, counts, [])
        results[code] = counts
    recompute_derived(indicators.values(), None)
    return results


def contributions(unit: Unit, year: int, kkz_only: bool = False) -> list[tuple[Activity, float]]:
    """The activities behind a value: each with the participants it adds to the unit."""
    found = []
    for activity in year_activities(year).select_related("institution"):
        if kkz_only and activity.activity_type != ActivityType.KKZ:
            continue
        if unit.level == "voivodeship":
            found.append((activity, float(activity.participants)))
            continue
        share = shares(activity).get(unit.pk)
        if share:
            found.append((activity, activity.participants * share))
    return found


@dataclass
class Published:
    """The office's three indicators for a year as the figures page shows them: per unit, each
    value with the number of its source (its batch's, listed in `sources`), and each indicator's
    last update."""

    rows: list[tuple[Unit, list[tuple[float | None, int | None]]]]
    sources: list[str]
    last_updated: list[tuple[Indicator, datetime.datetime | None]]


def published(year: str, units: list[Unit]) -> Published:
    codes = [PARTICIPANTS, KKZ_PARTICIPANTS, PER_1000]
    found = {
        (code, unit_id): (value, batch_id)
        for code, unit_id, value, batch_id in Observation.objects.filter(
            indicator__code__in=codes, period=year, unit__in=units
        ).values_list("indicator__code", "unit_id", "value", "batch_id")
    }
    texts = sources.batch_texts(batch_id for _value, batch_id in found.values())
    cited = sources.Citations()
    rows = []
    for unit in units:
        cells: list[tuple[float | None, int | None]] = []
        for code in codes:
            value, batch_id = found.get((code, unit.pk), (None, None))
            cells.append((value, None if value is None else cited.number(texts[batch_id])))
        rows.append((unit, cells))
    catalogue = {i.code: i for i in Indicator.objects.filter(code__in=codes)}
    updated = sources.last_updated_of(catalogue.values())
    return Published(
        rows,
        cited.texts,
        [(catalogue[c], updated.get(catalogue[c].pk)) for c in codes if c in catalogue],
    )
