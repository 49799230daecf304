import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.db.models import Count, Max
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lll.core.decorators import staff_only
from lll.core.exports import export_response, wants_export
from lll.core.imports import InvalidFile, open_table, sample
from lll.core.text import search_key
from lll.territory.models import Level, Unit
from lll.territory.services import home_region

from . import charts
from .forms import (
    IndicatorFilterForm,
    IndicatorForm,
    MappingForm,
    ReplaceFileForm,
    TargetForm,
    UploadForm,
)
from .models import ImportBatch, Indicator, Source, Target, Theme
from .services import dashboard, fileimport, progress
from .services.observations import recompute_derived
from .tasks import commit_file_import
from .tasks import import_from_source as import_from_source_task

SCOPE_POWIATS, SCOPE_VOIVODESHIPS = "powiats", "voivodeships"


def indicator_list(request: HttpRequest) -> HttpResponse:
    form = IndicatorFilterForm(request.GET)
    indicators = dashboard.visible_indicators(request.user).annotate(
        observation_count=Count("observations"), latest=Max("observations__period")
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
            _("Observations"),
            _("Published"),
        ]
        rows = [
            [
                i.code,
                i.name,
                i.unit_of_measure,
                i.get_source_display(),
                i.source_reference,
                i.latest or "",
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


def indicator_detail(request: HttpRequest, code: str) -> HttpResponse:
    indicator = get_object_or_404(dashboard.visible_indicators(request.user), code=code)
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

    # Time series: the chosen unit against its voivodeship and Poland.
    chosen = Unit.objects.filter(code=request.GET.get("unit", "")).first() or region
    compared = [chosen] if chosen else []
    if chosen is not None:
        compared += [
            a for a in [chosen.parent, getattr(chosen.parent, "parent", None)] if a is not None
        ]
    series = dashboard.series(indicator, compared) if compared else {}
    progress = [dashboard.target_progress(t) for t in indicator.targets.select_related("unit")]
    target_points = [
        (t.unit.display_name, t.year, t.value)
        for t in indicator.targets.select_related("unit")
        if t.unit in compared
    ]

    if wants_export(request):
        headers = [
            _("Rank"),
            _("TERYT code"),
            _("Unit"),
            _("Period"),
            f"{_('Value')} ({indicator.unit_of_measure})",
            _("Flags"),
            _("Source"),
        ]
        rows = [
            [
                r.rank or "",
                r.unit.code,
                r.unit.name,
                period,
                r.observation.value if r.observation else "",
                _flags(r.observation),
                indicator.source_reference,
            ]
            for r in ranked
        ]
        return export_response(request, indicator.code, headers, rows)

    values = {r.unit.pk: r.observation.value for r in ranked if r.observation}
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
    periods_in_series = sorted({p for points in series.values() for p, _v in points})
    series_table = [
        (p, [next((v for q, v in points if q == p), None) for points in series.values()])
        for p in periods_in_series
    ]
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
        },
    )


# Indicators per page of a unit profile: a page of 50 answers in a few milliseconds however many
# indicators a unit has (docs/performance.md).
PROFILE_PAGE = 50


def unit_profile(request: HttpRequest, code: str) -> HttpResponse:
    unit = get_object_or_404(Unit.objects.select_related("parent"), code=code)
    theme = request.GET.get("theme", "")
    theme = theme if theme in Theme.values else ""
    indicators = dashboard.profile_indicators(
        unit, dashboard.visible_indicators(request.user), theme
    )
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
        ]
        data = [
            [
                r.indicator.name,
                r.period,
                r.value,
                r.indicator.unit_of_measure,
                r.previous,
                r.rank,
                r.rank_of if r.rank else None,
                r.parent_value,
                r.country_value,
            ]
            for r in rows
        ]
        return export_response(request, f"profil-{unit.code}", headers, data)
    page = Paginator(indicators, PROFILE_PAGE).get_page(request.GET.get("page"))
    rows = dashboard.unit_profile(unit, list(page.object_list))
    return render(
        request,
        "indicators/unit_profile.html",
        {
            "unit": unit,
            "profile": rows,
            "rows": [_profile_cells(unit, r) for r in rows],
            "page": page,
            "theme": theme,
            "themes": Theme.choices,
        },
    )


def _profile_cells(unit: Unit, row: dashboard.ProfileRow) -> dict[str, str]:
    indicator = row.indicator
    changes = {"up": "▲ " + _("up"), "down": "▼ " + _("down"), "flat": _("no change")}
    verdict = "" if row.better is None else _("better") if row.better else _("worse")
    return {
        "url": f"{indicator.get_absolute_url()}?unit={unit.code}",
        "name": indicator.name,
        "unit_of_measure": indicator.unit_of_measure,
        "period": row.period,
        "value": indicator.format_value(row.value),
        "change": changes.get(row.change, "—"),
        "verdict": verdict,
        "verdict_class": "text-success" if row.better else "text-danger",
        "rank": _("%(rank)s of %(total)s") % {"rank": row.rank, "total": row.rank_of}
        if row.rank
        else "—",
        "parent_value": indicator.format_value(row.parent_value),
        "country_value": indicator.format_value(row.country_value),
    }


def theme(request: HttpRequest, theme: str) -> HttpResponse:
    if theme not in Theme.values:
        raise Http404
    indicators = [i for i in dashboard.visible_indicators(request.user) if theme in i.themes]
    region = home_region()
    country = Unit.objects.filter(code="PL").first()
    units = [u for u in (region, country) if u is not None]
    latest = dashboard.latest_values(indicators, units)
    rows = [
        (
            i,
            latest.get((i.pk, region.pk)) if region else None,
            latest.get((i.pk, country.pk)) if country else None,
        )
        for i in sorted(indicators, key=lambda i: i.name.lower())
    ]
    return render(
        request,
        "indicators/theme.html",
        {
            "theme_label": Theme(theme).label,
            "theme": theme,
            "rows": rows,
            "region": region,
            "themes": Theme.choices,
        },
    )


def compare(request: HttpRequest) -> HttpResponse:
    """The home region against the other voivodeships on chosen indicators."""
    available = [i for i in dashboard.visible_indicators(request.user) if "voivodeship" in i.levels]
    chosen_codes = request.GET.getlist("indicator")
    chosen = [i for i in available if i.code in chosen_codes]
    if not chosen_codes:
        chosen = [
            i for i in available if i.observations.filter(unit__level="voivodeship").exists()
        ][:3]
    comparisons = dashboard.compare_regions(chosen)
    if wants_export(request):
        headers = [_("Indicator"), _("Period"), _("Rank"), _("TERYT code"), _("Unit"), _("Value")]
        data = [
            [
                c.indicator.name,
                c.period,
                r.rank,
                r.unit.code,
                r.unit.name,
                r.observation.value if r.observation else None,
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
        },
    )


@staff_only("indicators.change_indicator")
def indicator_edit(request: HttpRequest, code: str | None = None) -> HttpResponse:
    indicator = get_object_or_404(Indicator, code=code) if code else None
    if indicator is None and not request.user.has_perm("indicators.add_indicator"):
        raise PermissionDenied
    form = IndicatorForm(request.POST or None, instance=indicator)
    if request.method == "POST" and form.is_valid():
        saved = form.save()
        if saved.is_derived:
            recompute_derived([saved.numerator, saved.denominator], None)
        messages.success(request, _("Indicator saved."))
        return redirect(saved)
    return render(request, "indicators/indicator_form.html", {"form": form, "indicator": indicator})


@staff_only("indicators.change_target")
def target_edit(request: HttpRequest, code: str, pk: int | None = None) -> HttpResponse:
    indicator = get_object_or_404(Indicator, code=code)
    target = get_object_or_404(Target, pk=pk, indicator=indicator) if pk else None
    form = TargetForm(indicator, request.POST or None, instance=target)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Target saved."))
        return redirect(f"{indicator.get_absolute_url()}#targets-heading")
    return render(
        request,
        "indicators/target_form.html",
        {"form": form, "indicator": indicator, "target": target},
    )


def _flags(observation: object) -> str:
    if observation is None:
        return ""
    letters = {"provisional": "p", "estimated": "e", "confidential": "c"}
    own = "".join(letter for field, letter in letters.items() if getattr(observation, field))
    return own + getattr(observation, "source_flags", "")


@staff_only("indicators.import_data")
def batch_list(request: HttpRequest) -> HttpResponse:
    batches = ImportBatch.objects.select_related("indicator", "created_by")
    page = Paginator(batches, 50).get_page(request.GET.get("page"))
    return render(request, "indicators/batch_list.html", {"page": page})


@staff_only("indicators.import_data")
def batch_detail(request: HttpRequest, pk: int) -> HttpResponse:
    batch = get_object_or_404(ImportBatch.objects.select_related("indicator", "created_by"), pk=pk)
    if wants_export(request):
        return _problems_export(request, f"import-{batch.pk}-odrzucone", batch.rejected_rows)
    template = "indicators/_batch_status.html" if request.htmx else "indicators/batch_detail.html"  # type: ignore[attr-defined]
    running = batch.status == ImportBatch.Status.RUNNING
    context = {"batch": batch, "progress": progress.read(batch.pk) if running else None}
    return render(request, template, context)


@staff_only("indicators.import_data")
def batch_file(request: HttpRequest, pk: int) -> FileResponse:
    """The original file of an import, for those who may import (it may hold internal data)."""
    batch = get_object_or_404(ImportBatch, pk=pk)
    if not batch.original_file:
        raise Http404
    return FileResponse(
        batch.original_file.open("rb"),
        as_attachment=True,
        filename=Path(batch.original_file.name).name,
    )


@staff_only("indicators.import_data")
def import_upload(request: HttpRequest) -> HttpResponse:
    form = UploadForm(
        request.POST or None,
        request.FILES or None,
        initial={"indicator": request.GET.get("indicator")},
    )
    if request.method == "POST" and form.is_valid():
        batch = ImportBatch(
            source=Source.OFFICE,
            indicator=form.cleaned_data["indicator"],
            created_by=request.user if request.user.is_authenticated else None,
            status=ImportBatch.Status.PREVIEW,
            description=_("File %(name)s") % {"name": form.cleaned_data["file"].name[:200]},
        )
        batch.keep_file(form.cleaned_data["file"].name, form.cleaned_data["file"])
        try:
            open_table(Path(batch.original_file.path))
        except InvalidFile as exc:
            default_storage.delete(batch.original_file.name)
            form.add_error("file", str(exc))
        else:
            batch.save()
            return redirect("indicators:import_mapping", pk=batch.pk)
    return render(request, "indicators/import_upload.html", {"form": form})


class _NotInPreview(Exception):
    def __init__(self, batch: ImportBatch) -> None:
        self.batch = batch


def _preview_batch(request: HttpRequest, pk: int) -> ImportBatch:
    batch = get_object_or_404(ImportBatch, pk=pk)
    if batch.created_by_id != request.user.pk and not request.user.is_superuser:
        raise Http404
    if batch.status != ImportBatch.Status.PREVIEW:
        raise _NotInPreview(batch)
    return batch


def _preview_step(view: Callable[[HttpRequest, int], HttpResponse]) -> Any:
    """A step of an import already committed (Back button, a second click) shows its result."""

    @functools.wraps(view)
    def step(request: HttpRequest, pk: int) -> HttpResponse:
        try:
            return view(request, pk)
        except _NotInPreview as done:
            messages.info(request, _("This import has already been committed; here is its result."))
            return redirect("indicators:batch", pk=done.batch.pk)

    return step


@staff_only("indicators.import_data")
@_preview_step
def import_mapping(request: HttpRequest, pk: int) -> HttpResponse:
    batch = _preview_batch(request, pk)
    assert batch.indicator is not None  # noqa: S101
    table = open_table(Path(batch.original_file.path))
    first_rows = sample(table)
    form = MappingForm(
        table.header,
        batch.indicator.periodicity,
        request.POST or None,
        initial=batch.column_mapping or None,
        sample=first_rows,
    )
    if request.method == "POST" and form.is_valid():
        batch.column_mapping = {
            key: form.cleaned_data[key]
            for key in (
                "unit_column",
                "unit_by",
                "value_column",
                "period_column",
                "fixed_period",
                "flags_column",
            )
        }
        batch.save(update_fields=["column_mapping"])
        return redirect("indicators:import_preview", pk=batch.pk)
    return render(
        request,
        "indicators/import_mapping.html",
        {"batch": batch, "form": form, "header": table.header, "sample": first_rows},
    )


@staff_only("indicators.import_data")
@_preview_step
def import_preview(request: HttpRequest, pk: int) -> HttpResponse:
    batch = _preview_batch(request, pk)
    if not batch.column_mapping:
        return redirect("indicators:import_mapping", pk=batch.pk)
    replace_form = ReplaceFileForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and replace_form.is_valid():
        old = batch.original_file.name
        batch.keep_file(replace_form.cleaned_data["file"].name, replace_form.cleaned_data["file"])
        try:
            table = open_table(Path(batch.original_file.path))
            if len(table.header) <= max(
                v for v in batch.column_mapping.values() if isinstance(v, int)
            ):
                raise InvalidFile(_("The corrected file has fewer columns than the mapping."))
        except InvalidFile as exc:
            default_storage.delete(batch.original_file.name)
            batch.original_file.name = old
            replace_form.add_error("file", str(exc))
        else:
            default_storage.delete(old)
            batch.description = _("File %(name)s") % {
                "name": replace_form.cleaned_data["file"].name[:200]
            }
            batch.save()
            messages.success(request, _("The corrected file replaced the previous one."))
            return redirect("indicators:import_preview", pk=batch.pk)
    result, good, counts = fileimport.preview(batch)
    if wants_export(request):
        return _problems_export(request, f"import-{batch.pk}-problemy", result.rejected)
    units = {u.pk: u for u in Unit.objects.filter(pk__in=[row[1] for row in good])}
    good_rows = [
        (units[row[1]], row[2], batch.indicator.format_value(row[3]))  # type: ignore[union-attr]
        for row in good
    ]
    return render(
        request,
        "indicators/import_preview.html",
        {
            "batch": batch,
            "result": result,
            "problems": result.rejected[: fileimport.PREVIEW_PROBLEMS],
            "good_rows": good_rows,
            "good_count": result.seen - len(result.rejected),
            "counts": counts,
            "replace_form": replace_form,
        },
    )


def _problems_export(
    request: HttpRequest, filename: str, problems: list[dict[str, Any]]
) -> HttpResponse:
    """The rows an import set aside, as a table the analyst fixes the file from."""
    headers = [_("Row"), _("Column"), _("Value"), _("Problem")]
    rows = [[p["row"], p["column"], p["value"], p["reason"]] for p in problems]
    return export_response(request, filename, headers, rows)


@require_POST
@staff_only("indicators.import_data")
@_preview_step
def import_commit(request: HttpRequest, pk: int) -> HttpResponse:
    batch = _preview_batch(request, pk)
    batch.status = ImportBatch.Status.RUNNING
    batch.save(update_fields=["status"])
    commit_file_import.enqueue(batch.pk)
    return redirect("indicators:batch", pk=batch.pk)


@require_POST
@staff_only("indicators.import_data")
def import_from_source(request: HttpRequest, code: str) -> HttpResponse:
    indicator = get_object_or_404(Indicator, code=code)
    if not (indicator.bdl_variable_id or indicator.eurostat_dataset):
        raise Http404
    this_year = timezone.localdate().year
    import_from_source_task.enqueue(
        indicator.pk, request.user.pk, list(range(this_year - 10, this_year))
    )
    messages.info(
        request,
        _("The import from %(source)s has started; its result is below.")
        % {"source": indicator.get_source_display()},
    )
    return redirect("indicators:batch_list")


@require_POST
@staff_only("indicators.import_data")
@_preview_step
def import_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    batch = _preview_batch(request, pk)
    default_storage.delete(batch.original_file.name)
    batch.delete()
    messages.info(request, _("The import was cancelled; nothing was written."))
    return redirect("indicators:import_upload")
