"""The chart of the region among the 16 voivodeships: its level against Poland per indicator,
coloured by its quintile (Altair; the page's table has the same numbers)."""

from typing import Any

import altair as alt
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from lll.core.charts import cached_spec

# From the best fifth (dark blue) to the worst (orange); colour-blind safe, and the table
# says the quintile in words.
QUINTILE_COLOURS = ["#08519c", "#4292c6", "#9ecae1", "#fdae6b", "#e6550d"]


@cached_spec
def _versus_chart(height: int, description: str, language: str) -> alt.TopLevelMixin:
    y = alt.Y(
        "indicator:N",
        title=None,
        sort=None,
        axis=alt.Axis(labelLimit=170, labelFontSize=11),
    )
    bars = (
        alt.Chart(alt.NamedData("positions"))
        .mark_bar(aria=False)
        .encode(
            x=alt.X("versus:Q", title=_("Against Poland (Poland = 0), %")),
            y=y,
            color=alt.Color(
                "quintile:O",
                title=_("Quintile (1 = best fifth)"),
                scale=alt.Scale(domain=["1", "2", "3", "4", "5"], range=QUINTILE_COLOURS),
                legend=alt.Legend(
                    orient="bottom", labelFontSize=12, titleFontSize=12, titleLimit=360
                ),
            ),
            tooltip=[
                alt.Tooltip("indicator:N", title=_("Indicator")),
                alt.Tooltip("label:N", title=_("Against Poland")),
                alt.Tooltip("rank:N", title=_("Rank")),
            ],
            href="url:N",
        )
    )
    zero = alt.Chart(alt.NamedData("zero")).mark_rule(color="black", aria=False).encode(x="x:Q")
    return (
        alt.layer(bars, zero)
        .properties(width="container", height=height, description=description)
        .configure_axis(aria=False)
        .configure_legend(aria=False)
    )


def versus_chart(rows: list[dict[str, Any]], description: str) -> dict[str, Any] | None:
    """Rows: indicator (name), versus (per cent against Poland), quintile, label, rank, url."""
    shown = [r for r in rows if r["versus"] is not None]
    if not shown:
        return None
    height = max(120, 34 * len(shown))
    return _versus_chart(height, description, get_language(), positions=shown, zero=[{"x": 0}])


@cached_spec
def _voivodeships_chart(unit_of_measure: str, description: str, language: str) -> alt.TopLevelMixin:
    bars = (
        alt.Chart(alt.NamedData("voivodeships"))
        .mark_bar(aria=False)
        .encode(
            x=alt.X("value:Q", title=unit_of_measure),
            y=alt.Y("unit:N", title=None, sort=None, axis=alt.Axis(labelFontSize=11)),
            color=alt.Color(
                "home:N",
                scale=alt.Scale(domain=[True, False], range=["#08519c", "#b8c7d9"]),
                legend=None,
            ),
            tooltip=[
                alt.Tooltip("unit:N", title=_("Unit")),
                alt.Tooltip("label:N", title=_("Value")),
            ],
        )
    )
    country = (
        alt.Chart(alt.NamedData("country"))
        .mark_rule(color="black", strokeDash=[4, 3], aria=False)
        .encode(x="value:Q")
    )
    return (
        alt.layer(bars, country)
        .properties(width="container", height=16 * 22, description=description)
        .configure_axis(aria=False)
    )


def voivodeships_chart(
    unit_of_measure: str,
    rows: list[dict[str, Any]],
    country_value: float | None,
    description: str,
) -> dict[str, Any]:
    """Rows: unit (name), value, label, home (bool), best first; Poland as a dashed line."""
    country = [] if country_value is None else [{"value": country_value}]
    return _voivodeships_chart(
        unit_of_measure, description, get_language(), voivodeships=rows, country=country
    )
