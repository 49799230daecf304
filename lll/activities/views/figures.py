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
    table = indicators.published(year, [u for u in units if u is not None])
    chosen = next((u for u in units if u and u.code == request.GET.get("unit")), None)
    behind = indicators.contributions(chosen, int(year)) if chosen and year else []
    population_year, _population, source = (
        indicators.working_age(int(year)) if year else ("", {}, "")
    )
    return render(
        request,
        "activities/figures.html",
        {
            "rows": table.rows,
            "sources": table.sources,
            "last_updated": table.last_updated,
            "years": years,
            "year": year,
            "chosen": chosen,
            "behind": behind,
            "population_note": population_note(
                {"population": {"year": population_year, "source": source}}
            ),
        },
    )
