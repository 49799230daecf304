"""The public monitoring pages: the indicator list and page, a unit's profile, a theme, the
regions compared."""

from django.db.models import Count, Max
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from lll.core.exports import export_response, wants_export
from lll.core.pagecache import public_page
from lll.core.paging import LONG_PAGE, page_of
from lll.core.text import search_key
from lll.territory.access import get_unit_for
from lll.territory.models import Level, Unit
from lll.territory.services import home_region

from .. import charts, position_chart
from ..access import get_indicator_for, visible_indicators
from ..forms import IndicatorFilterForm
from ..models import Indicator, Theme
from ..services import dashboard, sources, targets
from ..services.position import position_of
from ..services.values import exported
from ..templatetags.indicator_values import shown
from .position import position_cells

SCOPE_POWIATS, SCOPE_VOIVODESHIPS = "powiats", "voivodeships"


@public_page
def indicator_list(request: HttpRequest) -> HttpResponse:
    form = IndicatorFilterForm(request.GET)
    indicators = visible_indicators(request.user).annotate(
        observation_count=Count("observations"),
        latest=Max("observations__period"),
        last_updated=Max("observations__batch__finished_at"),
    )
    if form.is_valid():
        if q := search_key(form.cleaned_data["q"]):
            # The list is short: match in Python, forgiving missing Polish letters.
            indicators = [  # type: ignore[assignment]
                i for i in indicators if q in search_key(f"{i.name_pl} {i.name_en} {i.code}")
            ]
        if theme := form.cleaned_data["theme"]:
            indicators = [i for i in indicators if theme in i.themes]  # type: ignore[assignment]
    indicators = sorted(indicators, key=lambda i: i.name.lower())  # type: ignore[assignment]
    if wants_export(request):
        headers = [
            _("Code"),
            _("Name"),
            _("Unit of measure"),
            _("Source"),
            _("Source reference"),
            _("Latest period"),
            _("Last updated"),
            _("Observations"),
            _("Published"),
        ]
        rows = [
            [
                i.code,
                i.name,
                i.unit_label,
                i.get_source_display(),
                i.source_reference,
                i.latest or "",
                sources.exported_date(i.last_updated),
                i.observation_count,
                _("yes") if i.published else _("no"),
            ]
            for i in indicators
        ]
        return export_response(request, "wskazniki", headers, rows)
    return render(
        request,
        "indicators/indicator_list.html",
        {"form": form, "indicators": indicators, "themes": Theme.choices},
    )


def _scope_units(indicator: Indicator, scope: str, region: Unit | None) -> list[Unit]:
    # Boundaries reach the browser by URL; the page itself never needs them.
    if scope == SCOPE_POWIATS and region is not None:
        return list(region.children.defer("geometry").order_by("code"))
    return list(Unit.objects.filter(level=Level.VOIVODESHIP).defer("geometry").order_by("code"))


@public_page
def indicator_detail(request: HttpRequest, code: str) -> HttpResponse:
    indicator = get_indicator_for(request, code)
    region = home_region()
    scopes = []
    if Level.POWIAT in indicator.levels and region is not None:
        scopes.append((SCOPE_POWIATS, _("powiats of %(region)s") % {"region": region.display_name}))
    if Level.VOIVODESHIP in indicator.levels:
        scopes.append((SCOPE_VOIVODESHIPS, _("voivodeships")))
    scope = request.GET.get("scope", "")
    if scope not in dict(scopes):
        scope = scopes[0][0] if scopes else SCOPE_VOIVODESHIPS
    units = _scope_units(indicator, scope, region)
    unit_ids = Unit.objects.filter(pk__in=[u.pk for u in units]).defer("geometry")
    available = dashboard.periods(indicator, unit_ids)
    period = request.GET.get("period", "")
    if period not in available:
        period = available[0] if available else ""
    ranked = dashboard.ranking(indicator, unit_ids, period) if period else []
    cited = sources.Citations()
    for row in ranked:
        if row.observation is not None:
            row.note = cited.number(row.source)
    last_updated = sources.last_updated(indicator)

    # Time series: the chosen unit against its voivodeship and Poland.
    chosen = Unit.objects.filter(code=request.GET.get("unit", "")).first() or region
    compared = [chosen] if chosen else []
    if chosen is not None:
        compared += [
            a for a in [chosen.parent, getattr(chosen.parent, "parent", None)] if a is not None
        ]
    series = dashboard.series(indicator, compared) if compared else {}
    progress = [dashboard.target_progress(t) for t in indicator.targets.select_related("unit")]
    # Expired targets stay in the targets table, marked as past; the chart shows current ones.
    this_year = timezone.localdate().year
    target_points = [
        (t.unit.display_name, t.year, t.value)
        for t in indicator.targets.select_related("unit")
        if t.unit in compared and t.year >= this_year
    ]

    # Each value of the series cites its own batch's source.
    series_cited = sources.value_sources([indicator], compared) if compared else {}
    updated = sources.exported_date(last_updated)
    if wants_export(request) and request.GET.get("table") == "series":
        return export_response(
            request,
            f"{indicator.code}-szereg",
            [
                _("TERYT code"),
                _("Unit"),
                _("Period"),
                f"{_('Value')} ({indicator.unit_label})",
                _("Flags"),
                _("Source"),
                _("Indicator last updated"),
            ],
            [
                [
                    unit.code,
                    unit.short_name,
                    period,
                    exported(value, flags),
                    flags,
                    series_cited.get((indicator.pk, unit.pk, period), ""),
                    updated,
                ]
                for unit, points in series.items()
                for period, value, flags in points
            ],
        )
    if wants_export(request):
        headers = [
            _("Rank"),
            _("TERYT code"),
            _("Unit"),
            _("Period"),
            f"{_('Value')} ({indicator.unit_label})",
            _("Flags"),
            _("Source"),
            _("Indicator last updated"),
        ]
        rows = [
            [
                r.rank or "",
                r.unit.code,
                r.unit.short_name,
                period,
                exported(r.value, r.flags),
                r.flags,
                r.source,
                updated,
            ]
            for r in ranked
        ]
        return export_response(request, indicator.code, headers, rows)

    values = {r.unit.pk: r.value for r in ranked if r.value is not None}
    map_parent = region if scope == SCOPE_POWIATS else Unit.objects.filter(code="PL").first()
    map_spec = (
        charts.choropleth(
            indicator,
            map_parent,
            units,
            values,
            _("Map: %(indicator)s, %(period)s") % {"indicator": indicator.name, "period": period},
        )
        if period and map_parent is not None
        else None
    )
    series_spec = charts.time_series(
        indicator,
        {u.display_name: points for u, points in series.items()},
        _("Time series: %(indicator)s") % {"indicator": indicator.name},
        target_points,
    )
    series_notes = sources.Citations()
    series_table = _series_table(indicator, series, series_cited, series_notes)
    return render(
        request,
        "indicators/indicator_detail.html",
        {
            "indicator": indicator,
            "scopes": scopes,
            "scope": scope,
            "periods": available,
            "period": period,
            "ranked": ranked,
            "map_spec": map_spec,
            "series_spec": series_spec,
            "series_units": list(series),
            "series_table": series_table,
            "chosen": chosen,
            "progress": progress,
            "choosable_units": units,
            "sources": cited.texts,
            "series_sources": series_notes.texts,
            "last_updated": last_updated,
            "other_measure": targets.targets_of_other_measure(indicator),
            "national_targets": targets.own_targets_without_regional_data(indicator),
            "position": (position := _position(indicator, region)),
            "position_rows": [position] if position else [],
            "region": region,
        },
    )


def _series_table(
    indicator: Indicator,
    series: dict[Unit, list[dashboard.Point]],
    cited: dict[tuple[int, int, str], str],
    notes: sources.Citations,
) -> list[tuple[str, list[tuple[float | None, str, int | None]]]]:
    """A series as table rows: each period, and per unit (value, flags, number of the value's
    source in `notes`; None where the unit has no value)."""
    by_unit = [(unit, {p: (v, f) for p, v, f in points}) for unit, points in series.items()]
    periods = sorted({p for _unit, cells in by_unit for p in cells})
    table = []
    for period in periods:
        row: list[tuple[float | None, str, int | None]] = []
        for unit, cells in by_unit:
            if period not in cells:
                row.append((None, "", None))
                continue
            value, flags = cells[period]
            source = cited.get((indicator.pk, unit.pk, period), sources.not_recorded())
            row.append((value, flags, notes.number(source)))
        table.append((period, row))
    return table


def _position(indicator: Indicator, region: Unit | None) -> dict[str, object] | None:
    """The region among the voivodeships: its position, and the voivodeships' values in the
    same period for a chart and its table (best first)."""
    found = position_of(indicator, region)
    if found is None or region is None:
        return None
    cells = position_cells(found)
    voivodeships = Unit.objects.filter(level=Level.VOIVODESHIP).defer("geometry")
    ranked = [
        r for r in dashboard.ranking(indicator, voivodeships, found.period) if r.value is not None
    ]
    rows = [
        {
            "rank": r.rank,
            "unit": r.unit.name,
            "value": r.value,
            "label": indicator.format_value(r.value),
            "home": r.unit.pk == region.pk,
        }
        for r in ranked
    ]
    cells["voivodeships"] = rows
    cells["chart"] = position_chart.voivodeships_chart(
        indicator.unit_label,
        rows,
        found.country_value,
        _("Chart: %(indicator)s in the voivodeships, %(period)s")
        % {"indicator": indicator.name, "period": found.period},
    )
    return cells


@public_page
def unit_profile(request: HttpRequest, code: str) -> HttpResponse:
    unit = get_unit_for(request, code, "parent")
    theme = request.GET.get("theme", "")
    theme = theme if theme in Theme.values else ""
    indicators = dashboard.profile_indicators(unit, visible_indicators(request.user), theme)
    if wants_export(request):
        rows = dashboard.unit_profile(unit, indicators)
        headers = [
            _("Indicator"),
            _("Period"),
            _("Value"),
            _("Unit of measure"),
            _("Previous value"),
            _("Rank among units of this level"),
            _("Number of units ranked"),
            _("Parent unit"),
            _("Poland"),
            _("Flags"),
            _("Source"),
            _("Indicator last updated"),
        ]
        updated = sources.last_updated_of(indicators)
        data = [
            [
                r.indicator.name,
                r.period,
                exported(r.value, r.flags),
                r.indicator.unit_label,
                r.previous,
                r.rank,
                r.rank_of if r.rank else None,
                r.parent_value,
                r.country_value,
                r.flags,
                r.source,
                sources.exported_date(updated.get(r.indicator.pk)),
            ]
            for r in rows
        ]
        return export_response(request, f"profil-{unit.code}", headers, data)
    # A page of 50 answers in a few milliseconds however many indicators a unit has
    # (docs/performance.md).
    page = page_of(request, indicators, LONG_PAGE)
    rows = dashboard.unit_profile(unit, list(page.object_list))
    cited = sources.Citations()
    updated = sources.last_updated_of([r.indicator for r in rows])
    return render(
        request,
        "indicators/unit_profile.html",
        {
            "unit": unit,
            "profile": rows,
            "rows": [
                {
                    **_profile_cells(unit, r, cited.number(r.source)),
                    "last_updated": updated.get(r.indicator.pk),
                }
                for r in rows
            ],
            "sources": cited.texts,
            "page": page,
            "theme": theme,
            "themes": Theme.choices,
        },
    )


def _profile_cells(unit: Unit, row: dashboard.ProfileRow, note: int) -> dict[str, object]:
    """The cells of a profile row, formatted here: a profile can list hundreds of indicators."""
    indicator = row.indicator
    changes = {"up": "▲ " + _("up"), "down": "▼ " + _("down"), "flat": _("no change")}
    verdict = "" if row.better is None else _("better") if row.better else _("worse")
    return {
        "url": f"{indicator.get_absolute_url()}?unit={unit.code}",
        "name": indicator.name,
        "unit_of_measure": indicator.unit_label,
        "period": row.period,
        "value": shown(indicator, row.value, row.flags),
        "change": changes.get(row.change, "—"),
        "verdict": verdict,
        "verdict_class": "text-success" if row.better else "text-danger",
        "rank": _("%(rank)s of %(total)s") % {"rank": row.rank, "total": row.rank_of}
        if row.rank
        else "—",
        "parent_value": shown(indicator, row.parent_value),
        "country_value": shown(indicator, row.country_value),
        "note": note,
    }


@public_page
def theme(request: HttpRequest, theme: str) -> HttpResponse:
    if theme not in Theme.values:
        raise Http404
    indicators = [i for i in visible_indicators(request.user) if theme in i.themes]
    region = home_region()
    country = Unit.objects.filter(code="PL").first()
    units = [u for u in (region, country) if u is not None]
    latest = dashboard.latest_values(indicators, units)
    ordered = sorted(indicators, key=lambda i: i.name.lower())
    # Every value names its own source (numbered under the page) and each indicator when it
    # was last updated.
    cited_values = sources.value_sources(ordered, units)
    updated = sources.last_updated_of(ordered)
    cited = sources.Citations()

    def cell(indicator: Indicator, unit: Unit | None) -> dict[str, object] | None:
        point = latest.get((indicator.pk, unit.pk)) if unit else None
        if point is None or unit is None:
            return None
        source = cited_values.get((indicator.pk, unit.pk, point[0]), sources.not_recorded())
        return {
            "period": point[0],
            "value": point[1],
            "flags": point[2],
            "note": cited.number(source),
        }

    rows = [(i, cell(i, region), cell(i, country), updated.get(i.pk)) for i in ordered]
    charts_ = [
        _theme_chart(i, units, cited_values, cited) for i in ordered if _has_data(i, latest, units)
    ]
    return render(
        request,
        "indicators/theme.html",
        {
            "theme_label": Theme(theme).label,
            "theme": theme,
            "rows": rows,
            "charts": charts_,
            "region": region,
            "themes": Theme.choices,
            "sources": cited.texts,
        },
    )


def _has_data(
    indicator: Indicator, latest: dict[tuple[int, int], dashboard.Point], units: list[Unit]
) -> bool:
    return any((indicator.pk, u.pk) in latest for u in units)


def _theme_chart(
    indicator: Indicator,
    units: list[Unit],
    cited_values: dict[tuple[int, int, str], str],
    cited: sources.Citations,
) -> dict[str, object]:
    """An indicator's series for the region and Poland: the chart and its table."""
    series = dashboard.series(indicator, units)
    this_year = timezone.localdate().year
    targets = [
        (t.unit.display_name, t.year, t.value)
        for t in indicator.targets.select_related("unit")
        if t.unit in units and t.year >= this_year
    ]
    spec = charts.time_series(
        indicator,
        {u.display_name: points for u, points in series.items()},
        _("Time series: %(indicator)s") % {"indicator": indicator.name},
        targets,
    )
    return {
        "indicator": indicator,
        "spec": spec,
        "spec_id": f"theme-spec-{indicator.code}",
        "units": list(series),
        "table": _series_table(indicator, series, cited_values, cited),
    }


@public_page
def compare(request: HttpRequest) -> HttpResponse:
    """The home region against the other voivodeships on chosen indicators."""
    available = [i for i in visible_indicators(request.user) if "voivodeship" in i.levels]
    chosen_codes = request.GET.getlist("indicator")
    chosen = [i for i in available if i.code in chosen_codes]
    if not chosen_codes:
        chosen = [
            i for i in available if i.observations.filter(unit__level="voivodeship").exists()
        ][:3]
    comparisons = dashboard.compare_regions(chosen)
    updated = sources.last_updated_of(chosen)
    for comparison in comparisons:
        comparison.last_updated = updated.get(comparison.indicator.pk)
    cited = sources.Citations()
    for comparison in comparisons:
        for row in comparison.rows:
            if row.observation is not None:
                row.note = cited.number(row.source)
    if wants_export(request):
        headers = [
            _("Indicator"),
            _("Period"),
            _("Rank"),
            _("TERYT code"),
            _("Unit"),
            _("Value"),
            _("Flags"),
            _("Source"),
            _("Indicator last updated"),
        ]
        data = [
            [
                c.indicator.name,
                c.period,
                r.rank,
                r.unit.code,
                r.unit.short_name,
                exported(r.value, r.flags),
                r.flags,
                r.source,
                sources.exported_date(c.last_updated),
            ]
            for c in comparisons
            for r in c.rows
        ]
        return export_response(request, "porownanie-wojewodztw", headers, data)
    return render(
        request,
        "indicators/compare.html",
        {
            "available": sorted(available, key=lambda i: i.name.lower()),
            "chosen": {i.code for i in chosen},
            "comparisons": comparisons,
            "region": home_region(),
            "sources": cited.texts,
        },
    )
