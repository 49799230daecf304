"""Vega-Lite map specifications of territorial units, built with Altair.

Boundaries are not embedded in the page: the spec loads the GeoJSON of a unit's children from
`territory:boundaries` (cached by the browser) and joins the page's own small table of values to
it by TERYT code. The browser renders the spec with vega-embed; for a document, `with_boundaries`
writes the boundaries into the spec, which is then rendered to SVG/PNG (the renderer fetches no
URL). Every map is shown next to a table of the same units, its text alternative.
"""

from collections.abc import Iterable
from typing import Any

import altair as alt
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from lll.core.charts import cached_spec

from .models import Unit

# Fill colours with at least 3:1 contrast against white borders and each other (WCAG 1.4.11).
HIGHLIGHT, CONTEXT = "#b02a37", "#c5d1dc"
LAND_POWIAT, CITY_POWIAT = "#5b8cc0", "#1c3d63"


def boundary_features(unit: Unit) -> list[dict[str, Any]]:
    """The GeoJSON features of a unit's children: code, name (in the active language), link."""
    return [
        {
            "type": "Feature",
            "geometry": child.geometry,
            "properties": {
                "code": child.code,
                "name": child.display_name,
                "url": child.get_absolute_url(),
            },
        }
        for child in unit.children.exclude(geometry=None).order_by("code")
    ]


def with_boundaries(spec: dict[str, Any], parent: Unit) -> dict[str, Any]:
    """`spec` with the boundaries it would load by URL written into it, for a renderer that
    fetches nothing (vl-convert drawing a chart for a PDF or DOCX)."""
    url = reverse("territory:boundaries", args=[parent.code])
    features: list[dict[str, Any]] = []

    def inline(node: Any) -> Any:
        if isinstance(node, dict):
            if node.get("url") == url:
                if not features:
                    features.extend(boundary_features(parent))
                return {"values": features}
            return {key: inline(value) for key, value in node.items()}
        if isinstance(node, list):
            return [inline(item) for item in node]
        return node

    result: dict[str, Any] = inline(spec)
    return result


def joined(parent_code: str, fields: list[str]) -> alt.Chart:
    """The boundaries of a unit's children with `fields` looked up from the "values" dataset."""
    boundaries = alt.UrlData(
        url=reverse("territory:boundaries", args=[parent_code]),
        format=alt.DataFormat(type="json", property="features"),
    )
    return alt.Chart(boundaries).transform_lookup(
        lookup="properties.code",
        from_=alt.LookupData(data=alt.NamedData("values"), key="code", fields=fields),
    )


# Powiats without a value: grey, under the shaded ones.
NO_DATA = "#d9d9d9"


def shaded_children(
    parent_code: str, value_title: str, scale: alt.Scale, legend: alt.Legend, description: str
) -> alt.TopLevelMixin:
    """A unit's children shaded by the "values" dataset's `value` (grey where a child has none),
    with a tooltip of the child's name and the value's `label` text: the fate report's launch
    rates and the annual report's adults reached per 1,000, each beside a table of the numbers."""
    tooltip = [
        alt.Tooltip("properties.name:N", title=_("Powiat")),
        alt.Tooltip("label:N", title=value_title),
    ]
    base = (
        joined(parent_code, ["value", "label"])
        .mark_geoshape(stroke="white", strokeWidth=0.7, fill=NO_DATA, aria=False)
        .encode(tooltip=tooltip)
    )
    shaded = (
        joined(parent_code, ["value", "label"])
        .transform_filter("datum.value != null")
        .mark_geoshape(stroke="white", strokeWidth=0.7, aria=False)
        .encode(color=alt.Color("value:Q", scale=scale, legend=legend), tooltip=tooltip)
    )
    return (
        alt.layer(base, shaded)
        .project(type="mercator")
        .properties(width="container", height=440, description=description)
        .configure_view(stroke=None)
        .configure_legend(aria=False)
    )


@cached_spec
def _units_chart(
    parent_code: str,
    domain: tuple[str, ...],
    colours: tuple[str, ...],
    description: str,
    language: str,
) -> alt.TopLevelMixin:
    return (
        joined(parent_code, ["group"])
        # The table beside the map is its text alternative; raw shape descriptions would only
        # be noise to a screen reader.
        .mark_geoshape(stroke="white", strokeWidth=0.7, aria=False)
        .encode(
            color=alt.Color(
                "group:N",
                scale=alt.Scale(domain=list(domain), range=list(colours)),
                legend=alt.Legend(title=None, orient="bottom", labelFontSize=13, symbolSize=160),
            ),
            tooltip=[
                alt.Tooltip("properties.name:N", title=_("Name")),
                alt.Tooltip("properties.code:N", title=_("TERYT code")),
            ],
            href="properties.url:N",
        )
        .project(type="mercator")
        .properties(width="container", height=440, description=description)
        .configure_view(stroke=None)
        .configure_legend(aria=False)
    )


def units_map(
    parent: Unit, units: Iterable[Unit], description: str, highlight: Unit | None = None
) -> dict[str, Any]:
    """A map of `parent`'s children; `highlight` is drawn in a contrasting colour.

    Without a highlight, cities with powiat rights are told apart from land powiats.
    """
    this, others = str(_("this unit")), str(_("other units"))
    values = [
        {
            "code": unit.code,
            "group": (this if unit.pk == highlight.pk else others)
            if highlight is not None
            else unit.get_kind_display(),
        }
        for unit in units
    ]
    domain: tuple[str, ...]
    colours: tuple[str, ...]
    if highlight is not None:
        domain, colours = (this, others), (HIGHLIGHT, CONTEXT)
    else:
        domain = tuple(sorted({str(v["group"]) for v in values}))
        city = str(_("city with powiat rights"))
        colours = tuple(CITY_POWIAT if group == city else LAND_POWIAT for group in domain)
    return _units_chart(parent.code, domain, colours, description, get_language(), values=values)
