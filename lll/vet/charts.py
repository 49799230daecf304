"""Vega-Lite specs of the fate report (Altair): launch rates by powiat on a map, and bars.

Each chart sits next to a table of the same numbers, its text alternative.
"""

from typing import Any

import altair as alt
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from lll.core.charts import cached_spec
from lll.territory.maps import joined
from lll.territory.models import Unit

from .services.report import Row, format_rate

NO_DATA = "#d9d9d9"


@cached_spec
def _rate_map(parent_code: str, description: str, language: str) -> alt.TopLevelMixin:
    tooltip = [
        alt.Tooltip("properties.name:N", title=_("Powiat")),
        alt.Tooltip("label:N", title=_("Launch rate")),
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
        .encode(
            color=alt.Color(
                "value:Q",
                scale=alt.Scale(scheme="blues", domain=[0, 100]),
                legend=alt.Legend(title="%", orient="bottom", gradientLength=220, labelFontSize=12),
            ),
            tooltip=tooltip,
        )
    )
    return (
        alt.layer(base, shaded)
        .project(type="mercator")
        .properties(width="container", height=440, description=description)
        .configure_view(stroke=None)
        .configure_legend(aria=False)
    )


def rate_map(
    region: Unit, powiats: list[Unit], rows: list[Row], description: str
) -> dict[str, Any]:
    """The region's powiats shaded by launch rate; powiats without reviewed directions are grey."""
    by_code = {row.code: row for row in rows}
    values = []
    for unit in powiats:
        row = by_code.get(unit.code)
        rate = row.rate if row else None
        values.append(
            {
                "code": unit.code,
                "value": rate,
                "label": format_rate(rate) if row else str(_("no reviewed directions")),
            }
        )
    return _rate_map(region.code, description, get_language(), values=values)


@cached_spec
def _rate_bars(description: str, language: str) -> alt.TopLevelMixin:
    return (
        alt.Chart(alt.NamedData("rows"))
        .mark_bar(color="#1c5d99", aria=False)
        .encode(
            y=alt.Y("label:N", title=None, sort=None, axis=alt.Axis(labelLimit=260)),
            x=alt.X("rate:Q", title=_("Launch rate (%)"), scale=alt.Scale(domain=[0, 100])),
            tooltip=[
                alt.Tooltip("label:N", title=_("Group")),
                alt.Tooltip("text:N", title=_("Launch rate")),
            ],
        )
        .properties(width="container", description=description)
        .configure_axis(aria=False)
    )


def rate_bars(rows: list[Row], description: str) -> dict[str, Any]:
    data = [
        {"label": row.label, "rate": row.rate, "text": format_rate(row.rate)}
        for row in rows
        if row.rate is not None
    ]
    return _rate_bars(description, get_language(), rows=data)
