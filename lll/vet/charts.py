"""Vega-Lite specs of the fate report (Altair): launch rates by powiat on a map, and bars.

Each chart sits next to a table of the same numbers, its text alternative.
"""

from typing import Any

import altair as alt
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from lll.core.charts import cached_spec
from lll.territory.maps import shaded_children
from lll.territory.models import Unit

from .services.report import Row, format_rate


@cached_spec
def _rate_map(parent_code: str, description: str, language: str) -> alt.TopLevelMixin:
    legend = alt.Legend(title="%", orient="bottom", gradientLength=220, labelFontSize=12)
    scale = alt.Scale(scheme="blues", domain=[0, 100])
    return shaded_children(parent_code, _("Launch rate"), scale, legend, description)


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
