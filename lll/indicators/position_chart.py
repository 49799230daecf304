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
