"""The region among the 16 voivodeships: one page for every indicator with voivodeship data (OECD
skills-dashboard style), and the same figures on each indicator page and the home page."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from lll.core.exports import export_response, wants_export
from lll.core.pagecache import public_page
from lll.territory.services import home_region

from .. import position_chart
from ..access import visible_indicators
from ..services import position, sources

QUINTILES = {
    1: gettext_lazy("top fifth"),
    2: gettext_lazy("second fifth"),
    3: gettext_lazy("middle fifth"),
    4: gettext_lazy("fourth fifth"),
    5: gettext_lazy("bottom fifth"),
}


def _number(value: float, decimals: int) -> str:
    text = f"{value:,.{decimals}f}".replace(",", "\u00a0")
    return text.replace(".", ",") if get_language() != "en" else text.replace("\u00a0", ",")


def _signed(text: str, value: float) -> str:
    return ("+" if value > 0 else "\u2212" if value < 0 else "") + text


def _verdict(better: bool | None) -> str:
    return "" if better is None else _("better") if better else _("worse")


def position_cells(p: position.Position, note: int | None = None) -> dict[str, object]:
    """One position as the pages write it (Polish numbers, words for the quintile)."""
    indicator = p.indicator
    versus = p.versus_country
    trend = p.trend
    change = p.change
    quintile_words = str(QUINTILES[p.quintile])
    return {
        "indicator": indicator,
        "name": indicator.name,
        "url": indicator.get_absolute_url() + "?scope=voivodeships",
        "unit_of_measure": indicator.unit_label,
        "period": p.period,
        "value": indicator.format_value(p.value),
        "rank": _("%(rank)d of %(total)d") % {"rank": p.rank, "total": p.ranked},
        "rank_number": p.rank,
        "ranked": p.ranked,
        "by_size": p.by_size,
        "quintile": p.quintile,
        "quintile_text": f"{p.quintile} ({quintile_words})",
        "country_value": indicator.format_value(p.country_value),
        "versus": versus,
        "versus_text": _signed(_number(abs(versus), 1), versus) + "\u00a0%"
        if versus is not None
        else "—",
        "versus_verdict": _verdict(p.above_country_better),
        "versus_better": p.above_country_better,
        "trend_text": _("%(change)s since %(period)s")
        % {
            "change": _signed(indicator.format_value(abs(trend)), trend),
            "period": p.trend_period,
        }
        if trend is not None
        else "—",
        "trend_verdict": _verdict(p.trend_better),
        "trend_better": p.trend_better,
        "change_text": _("%(change)s since %(period)s")
        % {
            "change": _signed(indicator.format_value(abs(change)), change),
            "period": p.previous_period,
        }
        if change is not None
        else "",
        "change_better": p.change_better,
        "change_arrow": "" if not change else "▲" if change > 0 else "▼",
        "source": p.source,
        # The publisher and the variable, without the file and repository (those are in the
        # full text, listed under the tables).
        "source_brief": p.source.split("; ")[0],
        "note": note,
        "last_updated": p.last_updated,
    }


@public_page
def region_among(request: HttpRequest) -> HttpResponse:
    region = home_region()
    indicators = position.with_voivodeship_data(visible_indicators(request.user))
    found = position.positions(indicators, region) if region is not None else []
    cited = sources.Citations()
    rows = [position_cells(p, cited.number(p.source)) for p in found]
    if wants_export(request):
        headers = [
            _("Indicator"),
            _("Unit of measure"),
            _("Period"),
            _("Value"),
            _("Rank"),
            _("Number of voivodeships ranked"),
            _("Quintile (1 = best fifth)"),
            _("Poland"),
            _("Against Poland, %"),
            _("Period five years earlier"),
            _("Value five years earlier"),
            _("Source"),
            _("Indicator last updated"),
        ]
        data = [
            [
                p.indicator.name,
                p.indicator.unit_label,
                p.period,
                p.value,
                p.rank,
                p.ranked,
                p.quintile,
                p.country_value,
                round(p.versus_country, 1) if p.versus_country is not None else None,
                p.trend_period,
                p.trend_value,
                p.source,
                sources.exported_date(p.last_updated),
            ]
            for p in found
        ]
        return export_response(request, "region-wsrod-wojewodztw", headers, data)
    chart = position_chart.versus_chart(
        [
            {
                "indicator": row["name"],
                "versus": row["versus"],
                "quintile": str(row["quintile"]),
                "label": row["versus_text"],
                "rank": row["rank"],
                "url": row["url"],
            }
            for row in rows
        ],
        _("Chart: %(region)s against Poland on each indicator, coloured by quintile")
        % {"region": region.display_name if region else ""},
    )
    return render(
        request,
        "indicators/region.html",
        {"region": region, "rows": rows, "chart": chart, "sources": cited.texts},
    )
