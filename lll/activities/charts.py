"""The map of activities by powiat (Vega-Lite, Altair); the page has a table of the same counts."""

from dataclasses import dataclass
from typing import Any

import altair as alt
from django.db.models import QuerySet
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from lll.core.charts import cached_spec
from lll.territory.maps import joined, shaded_children
from lll.territory.models import Unit

from .models import Activity
from .services.register import powiats


@dataclass
class PowiatCount:
    unit: Unit
    count: int


def counts_by_powiat(items: QuerySet[Activity]) -> list[PowiatCount]:
    """Activities per powiat of the region: in the powiat itself or one of its gminas, or in
    the whole region."""
    units = powiats()
    counts = {u.pk: 0 for u in units}
    for activity in items.prefetch_related("units"):
        if activity.whole_region:
            touched = set(counts)
        else:
            touched = {
                (u.pk if u.level == "powiat" else u.parent_id) or 0 for u in activity.units.all()
            }
        for pk in touched:
            if pk in counts:
                counts[pk] += 1
    return [PowiatCount(u, counts[u.pk]) for u in units]


@cached_spec
def _map(parent_code: str, description: str, language: str) -> alt.TopLevelMixin:
    tooltip = [
        alt.Tooltip("properties.name:N", title=_("Powiat")),
        alt.Tooltip("value:Q", title=_("Activities")),
    ]
    return (
        joined(parent_code, ["value"])
        .mark_geoshape(stroke="white", strokeWidth=0.7, aria=False)
        .encode(
            color=alt.Color(
                "value:Q",
                scale=alt.Scale(scheme="blues", domainMin=0),
                legend=alt.Legend(
                    title=_("Activities"),
                    orient="bottom",
                    gradientLength=220,
                    labelFontSize=12,
                    format="d",
                ),
            ),
            tooltip=tooltip,
        )
        .project(type="mercator")
        .properties(width="container", height=440, description=description)
        .configure_view(stroke=None)
        .configure_legend(aria=False)
    )


def activities_map(rows: list[PowiatCount], description: str) -> dict[str, Any] | None:
    if not rows:
        return None
    region = rows[0].unit.parent
    if region is None:
        return None
    values = [{"code": row.unit.code, "value": row.count} for row in rows]
    return _map(region.code, description, get_language(), values=values)


# The annual report's figures: the same specs for the page (boundaries loaded by URL) and, with
# the boundaries written in (`lll.territory.maps.with_boundaries`), for its DOCX and PDF.


@cached_spec
def _rate_map(parent_code: str, title: str, description: str, language: str) -> alt.TopLevelMixin:
    legend = alt.Legend(
        title=title, titleLimit=400, orient="bottom", gradientLength=220, labelFontSize=12
    )
    scale = alt.Scale(scheme="blues", domainMin=0)
    return shaded_children(parent_code, title, scale, legend, description)


def per_1000_map(
    region_code: str, values: list[dict[str, Any]], title: str, description: str
) -> dict[str, Any]:
    """Powiats shaded by a rate; `values` are {"code", "value" (None: grey), "label"}."""
    return _rate_map(region_code, title, description, get_language(), values=values)


@cached_spec
def _bars(title: str, description: str, language: str) -> alt.TopLevelMixin:
    return (
        alt.Chart(alt.NamedData("rows"))
        .mark_bar(color="#1c5d99", aria=False)
        .encode(
            y=alt.Y(
                "label:N",
                title=None,
                sort=None,
                axis=alt.Axis(labelLimit=560, labelFontSize=12),
            ),
            x=alt.X("value:Q", title=title, axis=alt.Axis(format="d", tickMinStep=1)),
            tooltip=[
                alt.Tooltip("label:N", title=_("Priority area")),
                alt.Tooltip("value:Q", title=title),
            ],
        )
        .properties(width="container", description=description)
        .configure_axis(aria=False)
    )


def bars(rows: list[tuple[str, float]], title: str, description: str) -> dict[str, Any]:
    """Horizontal bars, one per (label, value), in the given order."""
    data = [{"label": label, "value": value} for label, value in rows]
    return _bars(title, description, get_language(), rows=data)
