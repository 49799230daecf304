"""The fate study feeds the monitoring: the office's two VET indicators for the region and its
powiats, written as an import batch of the indicators app (so every value names its source)."""

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from lll.core.errors import UserError
from lll.indicators.models import ImportBatch, Indicator, Source
from lll.indicators.services.observations import (
    ObservationRow,
    UpsertCounts,
    recompute_derived,
    record_counts,
    upsert_observations,
)
from lll.territory.models import Unit
from lll.territory.services import require_home_region

from .report import FateReport

POSITIVE = "vet-wrrp-positive-opinions"
NOT_LAUNCHED = "vet-wrrp-not-launched-share"


class CatalogueMissing(UserError):
    """The indicators the report feeds are not in the catalogue."""


@transaction.atomic
def publish_to_indicators(report: FateReport, user: Any) -> dict[str, UpsertCounts]:
    """Directions reviewed positively in the cohort year, and the share never launched (of
    those whose outcome is known), for the voivodeship and each powiat with directions."""
    indicators = {i.code: i for i in Indicator.objects.filter(code__in=[POSITIVE, NOT_LAUNCHED])}
    if len(indicators) < 2:
        raise CatalogueMissing(_("The indicator catalogue is not loaded (lll load_indicators)."))
    region = require_home_region()
    powiats = {u.code: u for u in Unit.objects.filter(parent=region)}
    by_powiat = next(b for b in report.breakdowns if b.key == "powiat")
    units = [(region, report.total), *((powiats[r.code], r) for r in by_powiat.rows)]
    period = str(report.cohort)
    results = {}
    for code, value in (
        (POSITIVE, lambda row: float(row.reviewed)),
        (NOT_LAUNCHED, lambda row: None if row.rate is None else round(100 - row.rate, 1)),
    ):
        indicator = indicators[code]
        batch = ImportBatch.objects.create(
            source=Source.OFFICE,
            indicator=indicator,
            description=_("Fate study of the WRRP opinions of %(year)d (register)")
            % {"year": report.cohort},
            created_by=user if getattr(user, "is_authenticated", False) else None,
            status=ImportBatch.Status.RUNNING,
        )
        rows: list[ObservationRow] = []
        for number, (unit, row) in enumerate(units, start=1):
            amount = value(row)
            if amount is not None:
                rows.append(
                    (indicator.pk, unit.pk, period, amount, False, False, False, "", number)
                )
        counts = upsert_observations(rows, batch)
        batch.rows_total = batch.rows_done = len(rows)
        record_counts(batch, counts, [])
        results[code] = counts
    recompute_derived(indicators.values(), None)
    return results
