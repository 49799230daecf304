"""Charts of self-assessment results (Vega-Lite via Altair): a radar of areas and a heatmap.

Vega-Lite has no radar mark, so the radar is drawn on a plain x/y plane: area i of n sits at the
angle 2πi/n from the top, a value v at distance v from the centre; rings for the scale's levels,
spokes and the areas' short names are layers computed here. Each chart sits next to a table.
"""

import math
from typing import Any

import altair as alt
import vl_convert as vlc
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from lll.core.charts import cached_spec

COLOURS = ["#0b5394", "#c55a11", "#38761d", "#741b47"]


def _point(index: int, count: int, radius: float) -> tuple[float, float]:
    angle = 2 * math.pi * index / count
    return round(radius * math.sin(angle), 4), round(radius * math.cos(angle), 4)


@cached_spec
def _radar_chart(
    labels: tuple[str, ...], top: int, series: tuple[str, ...], description: str, language: str
) -> alt.TopLevelMixin:
    count = len(labels)
    # Wider than tall: the areas' names sit left and right of the rings.
    x_extent, y_extent = top + 3.2, top + 1.2
    grid = []
    for level in range(1, top + 1):
        for index in range(count + 1):
            x, y = _point(index % count, count, level)
            grid.append({"ring": level, "order": index, "x": x, "y": y})
    spokes = []
    for index in range(count):
        x, y = _point(index, count, top)
        spokes += [
            {"spoke": index, "order": 0, "x": 0, "y": 0},
            {"spoke": index, "order": 1, "x": x, "y": y},
        ]
    names = []
    for index, label in enumerate(labels):
        x, y = _point(index, count, top + 0.45)
        align = "center" if abs(x) < 0.3 else ("left" if x > 0 else "right")
        names.append({"label": label, "x": x, "y": y, "align": align})
    ticks = [{"label": str(level), "x": 0.12, "y": level} for level in range(1, top + 1)]
    x_pos = alt.X("x:Q", axis=None, scale=alt.Scale(domain=[-x_extent, x_extent], nice=False))
    y_pos = alt.Y("y:Q", axis=None, scale=alt.Scale(domain=[-y_extent, y_extent], nice=False))
    rings = (
        alt.Chart(alt.Data(values=grid))
        .mark_line(color="#c8c8c8", strokeWidth=1, aria=False)
        .encode(x=x_pos, y=y_pos, detail="ring:N", order="order:Q")
    )
    rays = (
        alt.Chart(alt.Data(values=spokes))
        .mark_line(color="#c8c8c8", strokeWidth=1, aria=False)
        .encode(x=x_pos, y=y_pos, detail="spoke:N", order="order:Q")
    )
    layers: list[Any] = [rings, rays]
    for align in ("left", "right", "center"):
        layers.append(
            alt.Chart(alt.Data(values=[n for n in names if n["align"] == align]))
            .mark_text(fontSize=11, align=align, baseline="middle", color="#222", aria=False)  # type: ignore[arg-type]
            .encode(x=x_pos, y=y_pos, text="label:N")
        )
    layers.append(
        alt.Chart(alt.Data(values=ticks))
        .mark_text(fontSize=10, align="left", color="#555", aria=False)
        .encode(x=x_pos, y=y_pos, text="label:N")
    )
    colour = alt.Color(
        "series:N",
        title=None,
        sort=list(series),
        scale=alt.Scale(domain=list(series), range=COLOURS[: len(series)]),
        legend=alt.Legend(orient="bottom", labelFontSize=12, labelLimit=400),
    )
    layers.append(
        alt.Chart(alt.NamedData("radar"))
        .mark_line(strokeWidth=2.5, point=alt.OverlayMarkDef(size=40, aria=False), aria=False)
        .encode(
            x=x_pos,
            y=y_pos,
            color=colour,
            strokeDash=alt.StrokeDash("series:N", sort=list(series), legend=None),
            detail="series:N",
            order="order:Q",
            tooltip=[
                alt.Tooltip("series:N", title=_("Series")),
                alt.Tooltip("area:N", title=_("Area")),
                alt.Tooltip("value:Q", title=_("Median")),
            ],
        )
    )
    return (
        alt.layer(*layers)
        .properties(width=600, height=450, description=description)
        .configure_view(stroke=None)
        .configure_legend(aria=False)
    )


def radar(
    labels: list[str], series: dict[str, list[float | None]], description: str, top: int = 5
) -> dict[str, Any] | None:
    """One closed line per series over the areas (`labels`); a missing value is drawn at 0."""
    rows = []
    count = len(labels)
    if count < 3 or not series:
        return None
    for name, values in series.items():
        for index in range(count + 1):
            value = values[index % count]
            x, y = _point(index % count, count, value or 0)
            rows.append(
                {
                    "series": name,
                    "area": labels[index % count],
                    "value": value,
                    "order": index,
                    "x": x,
                    "y": y,
                }
            )
    return _radar_chart(tuple(labels), top, tuple(series), description, get_language(), radar=rows)


@cached_spec
def _heatmap_chart(
    criteria: tuple[str, ...], groups: tuple[str, ...], top: int, description: str, language: str
) -> alt.TopLevelMixin:
    x = alt.X(
        "group:N", title=None, sort=list(groups), axis=alt.Axis(labelAngle=-35, labelLimit=160)
    )
    y = alt.Y("criterion:N", title=None, sort=list(criteria))
    cells = (
        alt.Chart(alt.NamedData("cells"))
        .mark_rect(aria=False)
        .encode(
            x=x,
            y=y,
            color=alt.Color(
                "median:Q",
                title=_("Median"),
                scale=alt.Scale(domain=[1, top], scheme="blues"),
                legend=alt.Legend(orient="bottom"),
            ),
            tooltip=[
                alt.Tooltip("criterion:N", title=_("Criterion")),
                alt.Tooltip("group:N", title=_("Group")),
                alt.Tooltip("median:Q", title=_("Median")),
            ],
        )
    )
    text = (
        alt.Chart(alt.NamedData("cells"))
        .mark_text(fontSize=10, aria=False)
        .encode(
            x=x,
            y=y,
            text=alt.Text("median:Q", format=".1f"),
            color=alt.condition(
                f"datum.median > {top * 0.6}", alt.value("white"), alt.value("black")
            ),
        )
    )
    return (
        alt.layer(cells, text)
        .properties(width="container", height=16 * len(criteria), description=description)
        .configure_axis(aria=False, labelFontSize=11)
        .configure_legend(aria=False)
    )


def heatmap(
    criteria: list[str], groups: list[str], rows: list[list[float | None]], description: str
) -> dict[str, Any] | None:
    cells = [
        {"criterion": criterion, "group": group, "median": value}
        for criterion, values in zip(criteria, rows, strict=True)
        for group, value in zip(groups, values, strict=True)
        if value is not None
    ]
    if not cells:
        return None
    return _heatmap_chart(
        tuple(criteria), tuple(groups), 5, description, get_language(), cells=cells
    )


def _static(spec: dict[str, Any], width: int) -> dict[str, Any]:
    """A page's spec ready to draw without a page: a fixed width instead of the container's."""
    spec = dict(spec)
    if spec.get("width") == "container":
        spec["width"] = width
    return spec


def to_svg(spec: dict[str, Any] | None, width: int = 460) -> str:
    """The same Vega-Lite spec as the page's, drawn to SVG by vl-convert (for the PDF)."""
    if spec is None:
        return ""
    return str(vlc.vegalite_to_svg(vl_spec=_static(spec, width)))


def to_png(spec: dict[str, Any] | None, width: int = 460) -> bytes:
    """The same Vega-Lite spec as the page's, drawn to PNG by vl-convert (for the DOCX)."""
    if spec is None:
        return b""
    return bytes(vlc.vegalite_to_png(vl_spec=_static(spec, width), scale=2))
