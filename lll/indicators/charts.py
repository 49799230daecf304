"""Vega-Lite specs of indicator data: a choropleth map and a time series (Altair).

Each chart on a page sits next to a table of the same numbers.
"""

from collections.abc import Iterable
from typing import Any

import altair as alt
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from lll.core.charts import cached_spec
from lll.territory.maps import joined
from lll.territory.models import Unit

from .models import Indicator, Periodicity, Polarity
from .services.values import BREAK, shown_flags

NO_DATA = "#d9d9d9"


def number_format(decimals: int) -> str:
    """The d3 format of an indicator's values; the page's locale (charts.js) makes it "7 234,5"
    in Polish and "7,234.5" in English."""
    return f",.{decimals}f"


def scale_format(decimals: int) -> str:
    """Axis and legend labels: grouped, trailing zeros trimmed ("6 500", "4,5")."""
    return f",.{decimals}~f"


@cached_spec
def _choropleth_chart(
    parent_code: str,
    unit_of_measure: str,
    scheme: str,
    description: str,
    language: str,
    decimals: int = 1,
) -> alt.TopLevelMixin:
    tooltip = [
        alt.Tooltip("properties.name:N", title=_("Unit")),
        alt.Tooltip("label:N", title=f"{_('Value')} ({unit_of_measure})"),
    ]
    base = (
        joined(parent_code, ["value", "label"])
        .mark_geoshape(stroke="white", strokeWidth=0.7, fill=NO_DATA, aria=False)
        .encode(tooltip=tooltip, href="properties.url:N")
    )
    shaded = (
        joined(parent_code, ["value", "label"])
        .transform_filter("datum.value != null")
        .mark_geoshape(stroke="white", strokeWidth=0.7, aria=False)
        .encode(
            color=alt.Color(
                "value:Q",
                scale=alt.Scale(scheme=scheme),  # type: ignore[arg-type]
                legend=alt.Legend(
                    title=unit_of_measure,
                    format=scale_format(decimals),
                    labelFontSize=12,
                    titleFontSize=12,
                    orient="bottom",
                    gradientLength=220,
                ),
            ),
            tooltip=tooltip,
            href="properties.url:N",
        )
    )
    return (
        alt.layer(base, shaded)
        .project(type="mercator")
        .properties(width="container", height=440, description=description)
        .configure_view(stroke=None)
        .configure_legend(aria=False)
    )


def choropleth(
    indicator: Indicator,
    parent: Unit,
    units: Iterable[Unit],
    values: dict[int, float],
    description: str,
) -> dict[str, Any]:
    """`parent`'s children shaded by value; units without a value are grey."""
    rows = [
        {
            "code": unit.code,
            "value": values.get(unit.pk),
            "label": indicator.format_value(values.get(unit.pk)),
        }
        for unit in units
    ]
    # Darker is "more"; for a lower-is-better indicator darker is also "worse".
    scheme = "orangered" if indicator.polarity == Polarity.LOWER_IS_BETTER else "blues"
    return _choropleth_chart(
        parent.code,
        indicator.unit_label,
        scheme,
        description,
        get_language(),
        indicator.decimals,
        values=rows,
    )


@cached_spec
def _series_chart(
    unit_of_measure: str,
    decimals: int,
    order: tuple[str, ...],
    with_targets: bool,
    yearly: bool,
    description: str,
    language: str,
) -> alt.TopLevelMixin:
    # Years on a true scale, so a target in 2030 sits at its distance; other periods in order.
    x = (
        alt.X(
            "year:Q",
            title=_("Year"),
            scale=alt.Scale(zero=False, nice=False),
            axis=alt.Axis(format="d", tickMinStep=1, labelAngle=-45),
        )
        if yearly
        else alt.X("period:O", title=_("Period"), axis=alt.Axis(labelAngle=-45))
    )
    y = alt.Y(
        "value:Q",
        title=unit_of_measure,
        scale=alt.Scale(zero=False, nice=True),
        axis=alt.Axis(format=scale_format(decimals)),
    )
    color = alt.Color(
        "unit:N",
        title=None,
        sort=list(order),
        legend=alt.Legend(orient="bottom", labelFontSize=12, labelLimit=400),
    )
    lines = (
        alt.Chart(alt.NamedData("series"))
        .mark_line(point=alt.OverlayMarkDef(aria=False), strokeWidth=2.5, aria=False)
        .encode(
            x=x,
            y=y,
            color=color,
            strokeDash=alt.StrokeDash("unit:N", sort=list(order), legend=None),
            tooltip=[
                alt.Tooltip("unit:N", title=_("Unit")),
                alt.Tooltip("period:O", title=_("Period")),
                alt.Tooltip("value:Q", title=_("Value"), format=number_format(decimals)),
                alt.Tooltip("flags:N", title=_("Flags")),
            ],
        )
    )
    # A break in series (flag b): a hollow square around the point, named in the tooltip.
    breaks = (
        alt.Chart(alt.NamedData("series"))
        .transform_filter("datum.brk")
        .mark_point(shape="square", size=220, filled=False, strokeWidth=2, aria=False)
        .encode(
            x=x,
            y=y,
            color=alt.value("black"),
            tooltip=[
                alt.Tooltip("unit:N", title=_("Unit")),
                alt.Tooltip("period:O", title=_("Period")),
                alt.Tooltip("flags:N", title=_("Flags")),
            ],
        )
    )
    layers: list[Any] = [lines, breaks]
    if with_targets:
        # A target far from the data would squash the lines: it is drawn at the edge of the
        # data's range as a triangle pointing where it lies, its value in the label.
        layers.append(
            alt.Chart(alt.NamedData("targets"))
            .mark_point(filled=True, size=170, stroke="black", aria=False)
            .encode(
                x=x,
                y=y,
                color=color,
                shape=alt.Shape(
                    "shape:N",
                    scale=alt.Scale(
                        domain=["in", "above", "below"],
                        range=["diamond", "triangle-up", "triangle-down"],
                    ),
                    legend=None,
                ),
                tooltip=[alt.Tooltip("label:N", title=_("Target"))],
            )
        )
    # Axes and legend would be announced in English by Vega; the table below says it all.
    return (
        alt.layer(*layers)
        .properties(width="container", height=320, description=description)
        .configure_axis(aria=False)
        .configure_legend(aria=False)
    )


def time_series(
    indicator: Indicator,
    series: dict[str, list[tuple[str, float | None, str]]],
    description: str,
    targets: list[tuple[str, int, float]] | None = None,
) -> dict[str, Any] | None:
    """Lines per unit name over periods (period, value, flags); confidential values (None) are
    left out, breaks in series marked. Targets (unit name, year, value) are drawn as diamonds in
    their unit's colour, kept within the data's range (a triangle when the target lies beyond).
    Only current targets of the units in the series are given here."""
    rows = [
        {
            "unit": name,
            "period": period,
            "year": int(period[:4]),
            "value": value,
            "flags": ", ".join(f"{code}: {label}" for code, label in shown_flags(flags)),
            "brk": BREAK in flags,
        }
        for name, points in series.items()
        for period, value, flags in points
        if value is not None
    ]
    if not rows:
        return None
    numbers = [value for points in series.values() for _p, value, _f in points if value is not None]
    low, high = min(numbers), max(numbers)
    margin = max((high - low) * 0.15, abs(high) * 0.05, 10**-indicator.decimals)
    target_rows = []
    for name, year, value in targets or []:
        shape = "above" if value > high + margin else "below" if value < low - margin else "in"
        shown_at = {"above": high + margin, "below": low - margin}.get(shape, value)
        target_rows.append(
            {
                "unit": name,
                "period": str(year),
                "year": year,
                "value": shown_at,
                "shape": shape,
                "label": _("target %(year)d: %(value)s")
                % {"year": year, "value": indicator.format_value(value)},
            }
        )
    return _series_chart(
        indicator.unit_label,
        indicator.decimals,
        tuple(series),
        bool(target_rows),
        indicator.periodicity == Periodicity.YEAR,
        description,
        get_language(),
        series=rows,
        targets=target_rows,
    )
