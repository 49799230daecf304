"""A poll's results as a horizontal bar chart (Vega-Lite built with Altair).

The page shows the same numbers in a table next to the chart, its text alternative.
"""

import json
from typing import Any

import altair as alt
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from lll.core.charts import cached_spec

from .services import PollResults


@cached_spec
def _bars(measure_title: str, description: str, language: str) -> alt.TopLevelMixin:
    return (
        alt.Chart(alt.NamedData("results"))
        .mark_bar(color="#1f5f99", aria=False)
        .encode(
            x=alt.X("value:Q", title=measure_title, axis=alt.Axis(tickMinStep=1, format="d")),
            # One bar per option, keyed by its id: options with the same label stay apart.
            y=alt.Y(
                "key:N",
                title=None,
                sort=alt.EncodingSortField(field="order", order="ascending"),
                axis=alt.Axis(labelLimit=260, labelFontSize=12),
            ),
            tooltip=[
                alt.Tooltip("option:N", title=_("Option")),
                alt.Tooltip("value:Q", title=measure_title),
            ],
        )
        .properties(width="container", height={"step": 28}, description=description)
        .configure_axis(aria=False)
    )


def results_chart(results: PollResults, ranking: bool, description: str) -> dict[str, Any]:
    rows = [
        {
            "key": str(r.option.pk),
            "option": r.option.label,
            "value": r.points if ranking else r.votes,
            "order": index,
        }
        for index, r in enumerate(results.rows)
    ]
    title = _("Points (Borda count)") if ranking else _("Votes")
    spec = _bars(title, description, get_language() or "pl", results=rows)
    # The axis shows the labels: looked up by the bar's key in this poll's own list.
    labels = {row["key"]: row["option"] for row in rows}
    spec["encoding"]["y"]["axis"]["labelExpr"] = (
        f"{json.dumps(labels, ensure_ascii=False)}[datum.value]"
    )
    return spec
