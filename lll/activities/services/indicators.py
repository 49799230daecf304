"""Approved reports feed the office's indicators by powiat and year, with provenance.

For a year, counted activities (the office's own and those of approved reports) that end in it
give `lll-participants` and `lll-kkz-participants` for the region and each of its powiats: an
activity in several powiats is split equally between them, one for the whole region counts for
the voivodeship only. Every powiat gets a value (0 without activities), so a withdrawn approval
lowers it again. The derived `lll-participants-per-1000` follows from the population the system
holds. `contributions(unit, year)` lists the activities behind a value.
"""

from collections import defaultdict
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from lll.indicators.models import ImportBatch, Indicator, Source
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


@transaction.atomic
def publish(year: int, user: Any = None) -> dict[str, UpsertCounts]:
    """Write the year's figures into the catalogue's indicators (an office import batch each)."""
    indicators = {
        i.code: i for i in Indicator.objects.filter(code__in=[PARTICIPANTS, KKZ_PARTICIPANTS])
    }
    if len(indicators) < 2:
        return {}
    results = {}
    count = year_activities(year).count()
    for code, by_unit in figures(year).items():
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
        rows: list[ObservationRow] = [
            (indicators[code].pk, unit, str(year), round(value, 1), False, False, False, "", n)
            for n, (unit, value) in enumerate(sorted(by_unit.items()), start=1)
        ]
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
