"""Charts of self-assessment results (Vega-Lite via Altair): a radar of areas and a heatmap.

Vega-Lite has no radar mark, so the radar is drawn on a plain x/y plane: area i of n sits at the
angle 2πi/n from the top, a value v at distance v from the centre; rings for the scale's levels,
spokes and the areas' short names are layers computed here. Each chart sits next to a table.
"""

import math
from html import escape
from typing import Any

import altair as alt
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


def radar_svg(
    labels: list[str], series: dict[str, list[float | None]], top: int = 5, size: int = 420
) -> str:
    """The same radar as plain SVG, for the PDF (WeasyPrint draws SVG; it cannot run Vega)."""
    count = len(labels)
    if count < 3:
        return ""
    scale = size / 2 / (top + 2.2)
    width = size + 160
    cx, cy = width / 2, size / 2

    def at(index: int, value: float) -> tuple[float, float]:
        x, y = _point(index % count, count, value)
        return round(cx + x * scale, 1), round(cy - y * scale, 1)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{size + 30}" '
        f'viewBox="0 0 {width} {size + 30}" font-family="Liberation Sans, DejaVu Sans, sans-serif">'
    ]
    for level in range(1, top + 1):
        points = " ".join(f"{x},{y}" for x, y in (at(i, level) for i in range(count)))
        parts.append(
            f'<polygon points="{points}" fill="none" stroke="#c8c8c8" stroke-width="0.7"/>'
        )
        x, y = at(0, level)
        parts.append(f'<text x="{x + 3}" y="{y + 3}" font-size="8" fill="#555">{level}</text>')
    for index, label in enumerate(labels):
        x, y = at(index, top)
        parts.append(
            f'<line x1="{cx}" y1="{cy}" x2="{x}" y2="{y}" stroke="#c8c8c8" stroke-width="0.7"/>'
        )
        lx, ly = at(index, top + 0.5)
        anchor = "middle" if abs(lx - cx) < 8 else ("start" if lx > cx else "end")
        parts.append(
            f'<text x="{lx}" y="{ly + 3}" font-size="9" text-anchor="{anchor}">'
            f"{escape(label)}</text>"
        )
    for number, (name, values) in enumerate(series.items()):
        colour = COLOURS[number % len(COLOURS)]
        dash = ' stroke-dasharray="5,3"' if number else ""
        points = " ".join(f"{x},{y}" for x, y in (at(i, v or 0) for i, v in enumerate(values)))
        parts.append(
            f'<polygon points="{points}" fill="none" stroke="{colour}" stroke-width="2"{dash}/>'
        )
        lx = 10 + number * 90
        parts.append(
            f'<line x1="{lx}" y1="{size + 20}" x2="{lx + 22}" y2="{size + 20}" '
            f'stroke="{colour}" stroke-width="2"{dash}/>'
            f'<text x="{lx + 27}" y="{size + 24}" font-size="10">{escape(name)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
