"""The office's indicators from the activities, by powiat, with the activities behind each."""

from django.http import HttpResponse
from django.shortcuts import render

from lll.core.access import AuthenticatedRequest, requires
from lll.indicators.models import Observation
from lll.territory.models import Unit
from lll.territory.services import home_region

from ..access import MANAGE
from ..documents import population_note
from ..services import indicators


@requires(MANAGE)
def figures_page(request: AuthenticatedRequest) -> HttpResponse:
    region = home_region()
    years = sorted(
        set(
            Observation.objects.filter(indicator__code=indicators.PARTICIPANTS).values_list(
                "period", flat=True
            )
        ),
        reverse=True,
    )
    year = request.GET.get("year", "")
    year = year if year in years else (years[0] if years else "")
    units = [region, *Unit.objects.filter(parent=region).order_by("code")] if region else []
    values: dict[tuple[str, int], float] = {
        (code, unit_id): value
        for code, unit_id, value in Observation.objects.filter(
            indicator__code__in=[
                indicators.PARTICIPANTS,
                indicators.KKZ_PARTICIPANTS,
                indicators.PER_1000,
            ],
            period=year,
        ).values_list("indicator__code", "unit_id", "value")
    }
    rows = [
        (
            unit,
            values.get((indicators.PARTICIPANTS, unit.pk)),
            values.get((indicators.KKZ_PARTICIPANTS, unit.pk)),
            values.get((indicators.PER_1000, unit.pk)),
        )
        for unit in units
        if unit is not None
    ]
    chosen = next((u for u in units if u and u.code == request.GET.get("unit")), None)
    behind = indicators.contributions(chosen, int(year)) if chosen and year else []
    population_year, _population, source = (
        indicators.working_age(int(year)) if year else ("", {}, "")
    )
    return render(
        request,
        "activities/figures.html",
        {
            "rows": rows,
            "years": years,
            "year": year,
            "chosen": chosen,
            "behind": behind,
            "population_note": population_note(
                {"population": {"year": population_year, "source": source}}
            ),
        },
    )
