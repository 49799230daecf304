import json

from django.core.cache import cache
from django.db.models import Case, QuerySet, Value, When
from django.db.models.functions import Length
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from lll.core import dataversion
from lll.core.exports import wants_export
from lll.core.pagecache import public_page
from lll.core.paging import LONG_PAGE, page_of
from lll.core.text import search_key

from .access import get_unit_for, sees_who_changed_units
from .forms import UnitSearchForm
from .maps import boundary_features, units_map
from .models import Level, Unit
from .tables import CHILD_UNITS, UNITS


def search_units(query: str, level: str) -> QuerySet[Unit]:
    """Units whose TERYT code begins with the query or whose name contains it."""
    units = Unit.objects.select_related("parent")
    if level:
        units = units.filter(level=level)
    query = query.strip()
    if query.isdigit():
        return units.filter(code__startswith=query).order_by("code")
    if query:
        key = search_key(query)
        # Names that begin with the query first, larger units before smaller ones.
        begins = Case(When(search_name__startswith=key, then=Value(0)), default=Value(1))
        return units.filter(search_name__contains=key).order_by(
            begins, Length("code"), "search_name", "code"
        )
    return units.order_by("code")


@public_page
def unit_list(request: HttpRequest) -> HttpResponse:
    form = UnitSearchForm(request.GET)
    query = level = ""
    if form.is_valid():
        query, level = form.cleaned_data["q"].strip(), form.cleaned_data["level"]
    # With nothing to search for, start at the top of the tree.
    browsing = not query and not level
    units = search_units(query, Level.VOIVODESHIP if browsing else level)
    if wants_export(request):
        return UNITS.export(request, units)
    page = page_of(request, units, LONG_PAGE)
    template = "territory/_results.html" if request.htmx else "territory/unit_list.html"  # type: ignore[attr-defined]
    context = {
        "form": form,
        "page": page,
        "table": UNITS.bind(page.object_list),
        "browsing": browsing,
    }
    return render(request, template, context)


def _ancestors(unit: Unit) -> list[Unit]:
    chain = []
    parent = unit.parent
    while parent is not None:
        chain.append(parent)
        parent = parent.parent
    return list(reversed(chain))


def unit_map(unit: Unit) -> dict[str, object] | None:
    """The map that shows a unit best: its children, or itself among its neighbours."""
    if unit.level in (Level.COUNTRY, Level.VOIVODESHIP):
        description = _("Map of %(unit)s with its units") % {"unit": unit.display_name}
        return units_map(unit, unit.children.defer("geometry"), description)
    shown = unit if unit.level == Level.POWIAT else unit.parent
    if shown is None or shown.parent is None:
        return None
    description = _("Map of %(voivodeship)s with %(unit)s marked") % {
        "voivodeship": shown.parent.display_name,
        "unit": shown.display_name,
    }
    siblings = shown.parent.children.defer("geometry")
    return units_map(shown.parent, siblings, description, highlight=shown)


BOUNDARIES_MAX_AGE = 24 * 3600


@public_page
def boundaries(request: HttpRequest, code: str) -> HttpResponse:
    """GeoJSON of a unit's children with their codes, names (in the page's language) and links.

    Maps load it by URL, so the browser caches boundaries instead of receiving them in every page.
    """
    unit = get_unit_for(request, code)
    # Under the data version: a renamed unit shows at once (the count of children kept old
    # names for a day).
    key = f"boundaries:{unit.code}:{get_language()}:{dataversion.current().token}"
    body = cache.get(key)
    if body is None:
        features = boundary_features(unit)
        body = json.dumps(
            {"type": "FeatureCollection", "features": features},
            separators=(",", ":"),
            ensure_ascii=False,
        )
        cache.set(key, body, BOUNDARIES_MAX_AGE)
    response = HttpResponse(body, content_type="application/geo+json; charset=utf-8")
    patch_cache_control(response, public=True, max_age=BOUNDARIES_MAX_AGE)
    return response


@public_page
def unit_detail(request: HttpRequest, code: str) -> HttpResponse:
    unit = get_unit_for(request, code, "parent__parent")
    children = unit.children.defer("geometry").order_by("code")
    return render(
        request,
        "territory/unit_detail.html",
        {
            "unit": unit,
            "ancestors": _ancestors(unit),
            "children": children,
            "child_table": CHILD_UNITS.bind(children),
            "map_spec": unit_map(unit),
            "history": unit.history.select_related("history_user").order_by("-history_date")[:10],
            "show_history_user": sees_who_changed_units(request.user),
        },
    )
