"""Vega-Lite map specifications of territorial units, built with Altair.

The browser renders them with vega-embed; the same spec can be rendered to SVG/PNG for documents.
Every map is shown next to a table of the same units, its text alternative.
"""

from collections.abc import Iterable
from typing import Any

import altair as alt
from django.utils.translation import gettext as _

from lll.core.charts import spec_with_data

from .models import Unit

# Fill colours with at least 3:1 contrast against white borders and each other (WCAG 1.4.11).
HIGHLIGHT, CONTEXT = "#b02a37", "#c5d1dc"
LAND_POWIAT, CITY_POWIAT = "#5b8cc0", "#1c3d63"


def _feature(unit: Unit, group: str) -> dict[str, Any]:
    return {
        "type": "Feature",
        "geometry": unit.geometry,
        "properties": {
            "code": unit.code,
            "name": unit.display_name,
            "group": group,
            "url": unit.get_absolute_url(),
        },
    }


def units_map(
    units: Iterable[Unit], description: str, highlight: Unit | None = None
) -> dict[str, Any] | None:
    """A map of the units that have boundaries; `highlight` is drawn in a contrasting colour.

    Without a highlight, cities with powiat rights are told apart from land powiats.
    Returns None when no unit has a boundary.
    """
    features = []
    for unit in units:
        if not unit.geometry:
            continue
        if highlight is not None:
            group = str(_("this unit")) if unit.pk == highlight.pk else str(_("other units"))
        else:
            group = unit.get_kind_display()
        features.append(_feature(unit, group))
    if not features:
        return None
    groups = sorted({f["properties"]["group"] for f in features})
    if highlight is not None:
        domain, colours = [str(_("this unit")), str(_("other units"))], [HIGHLIGHT, CONTEXT]
    else:
        palette = {
            str(_("city with powiat rights")): CITY_POWIAT,
        }
        domain = groups
        colours = [palette.get(g, LAND_POWIAT) for g in groups]
    chart = (
        alt.Chart(alt.NamedData("units"))
        # The table beside the map is its text alternative; raw shape descriptions would only
        # be noise to a screen reader.
        .mark_geoshape(stroke="white", strokeWidth=0.7, aria=False)
        .encode(
            color=alt.Color(
                "properties.group:N",
                scale=alt.Scale(domain=domain, range=colours),
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
    )
    return spec_with_data(chart, units=features)
