"""The register's dictionaries: occupations, the Barometr, the Minister's forecast, schools."""

from django.contrib import messages
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lll.core.access import AuthenticatedRequest, requires
from lll.core.exports import wants_export
from lll.core.paging import LONG_PAGE, page_of

from ..access import MANAGE, get_forecast_entry_for
from ..forms import ForecastForm
from ..models import BarometerEntry, ForecastEntry, Occupation, School
from .common import search_words, sorted_by
from .tables import BAROMETER, FORECAST, OCCUPATIONS, SCHOOLS


@requires(MANAGE)
def occupation_list(request: AuthenticatedRequest) -> HttpResponse:
    items = Occupation.objects.all()
    q = search_words(request)
    for word in q.split():
        items = items.filter(
            Q(name__icontains=word) | Q(code__startswith=word) | Q(sector__icontains=word)
        )
    school_only = request.GET.get("school", "1") == "1"
    if school_only:
        items = items.filter(is_school=True)
    items = sorted_by(request, items, {"code": "code", "name": "name", "sector": "sector"})
    if wants_export(request):
        return OCCUPATIONS.export(request, items)
    page = page_of(request, items, LONG_PAGE)
    return render(
        request,
        "vet/occupation_list.html",
        {
            "page": page,
            "table": OCCUPATIONS.bind(page.object_list, request),
            "q": q,
            "school_only": school_only,
        },
    )


@requires(MANAGE)
def barometer_list(request: AuthenticatedRequest) -> HttpResponse:
    items = BarometerEntry.objects.select_related("group", "unit", "import_batch")
    q = search_words(request)
    for word in q.split():
        items = items.filter(
            Q(group__name__icontains=word)
            | Q(unit__name__icontains=word)
            | Q(group__occupations__code__startswith=word)
        ).distinct()
    years = sorted(set(BarometerEntry.objects.values_list("year", flat=True)), reverse=True)
    year = request.GET.get("year", "")
    if year.isdigit():
        items = items.filter(year=int(year))
    items = sorted_by(
        request,
        items,
        {"year": "year", "unit": "unit__code", "group": "group__name", "category": "category"},
    )
    if wants_export(request):
        return BAROMETER.export(request, items)
    page = page_of(request, items, LONG_PAGE)
    return render(
        request,
        "vet/barometer_list.html",
        {
            "page": page,
            "table": BAROMETER.bind(page.object_list, request),
            "q": q,
            "years": years,
            "year": year,
        },
    )


@requires(MANAGE)
def forecast_list(request: AuthenticatedRequest) -> HttpResponse:
    items = ForecastEntry.objects.select_related("occupation", "unit", "import_batch")
    q = search_words(request)
    for word in q.split():
        items = items.filter(
            Q(occupation__name__icontains=word) | Q(occupation__code__startswith=word)
        )
    years = sorted(set(ForecastEntry.objects.values_list("year", flat=True)), reverse=True)
    year = request.GET.get("year", "")
    if year.isdigit():
        items = items.filter(year=int(year))
    items = sorted_by(
        request, items, {"year": "year", "occupation": "occupation__name", "list": "demand"}
    )
    if wants_export(request):
        return FORECAST.export(request, items)
    page = page_of(request, items, LONG_PAGE)
    return render(
        request,
        "vet/forecast_list.html",
        {
            "page": page,
            "table": FORECAST.bind(page.object_list, request),
            "q": q,
            "years": years,
            "year": year,
        },
    )


@requires(MANAGE)
def forecast_edit(request: AuthenticatedRequest, pk: int | None = None) -> HttpResponse:
    entry = get_forecast_entry_for(request, pk) if pk else None
    form = ForecastForm(request.POST or None, instance=entry)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The forecast entry was saved."))
        return redirect("vet:forecast_list")
    title = (
        _("Edit the forecast entry: %(occupation)s, %(year)s, %(area)s")
        % {"occupation": entry.occupation, "year": entry.year, "area": entry.unit}
        if entry
        else _("New forecast entry")
    )
    return render(request, "vet/form.html", {"form": form, "title": title, "entry": entry})


@require_POST
@requires(MANAGE)
def forecast_delete(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    entry = get_forecast_entry_for(request, pk)
    entry.delete()
    messages.success(request, _("The forecast entry was removed; its history is kept."))
    return redirect("vet:forecast_list")


@requires(MANAGE)
def school_list(request: AuthenticatedRequest) -> HttpResponse:
    items = School.objects.select_related("powiat", "gmina", "import_batch")
    q = search_words(request)
    for word in q.split():
        condition = Q(name__icontains=word) | Q(town__icontains=word)
        if word.isdigit():
            condition |= Q(rspo=int(word))
        items = items.filter(condition)
    items = sorted_by(
        request,
        items,
        {
            "rspo": "rspo",
            "name": "name",
            "type": "school_type",
            "town": "town",
            "powiat": "powiat__code",
        },
    )
    if wants_export(request):
        return SCHOOLS.export(request, items)
    page = page_of(request, items, LONG_PAGE)
    return render(
        request,
        "vet/school_list.html",
        {"page": page, "table": SCHOOLS.bind(page.object_list, request), "q": q},
    )
