"""Shared help for Vega-Lite specs built with Altair."""

from typing import Any

import altair as alt


def spec_with_data(chart: alt.TopLevelMixin, **datasets: list[dict[str, Any]]) -> dict[str, Any]:
    """The chart's spec with its named datasets filled in.

    Charts refer to their data by name (alt.NamedData); the rows are added to the finished spec,
    because Altair would otherwise walk every coordinate of every boundary, which costs far more
    than drawing the map.
    """
    spec: dict[str, Any] = chart.to_dict(validate=False)
    spec["datasets"] = datasets
    return spec
