"""Shared help for Vega-Lite specs built with Altair.

Building a chart with Altair costs milliseconds (it checks every part against the schema), which
matters on pages that must answer in tens of milliseconds. So a chart is built once per set of
hashable arguments (its texts, colours, the URL of its boundaries, the page language) and kept as
JSON; each page then adds only its own rows, as named datasets the chart refers to.
"""

import functools
import json
from collections.abc import Callable, Hashable, Sequence
from typing import Any

import altair as alt
from django.utils.translation import gettext as _

ChartBuilder = Callable[..., alt.TopLevelMixin]
SpecMaker = Callable[..., dict[str, Any]]


def cached_spec(build: ChartBuilder) -> SpecMaker:
    """Wrap a builder of charts from hashable arguments; the wrapper takes datasets as keywords."""

    @functools.lru_cache(maxsize=512)
    def skeleton(*args: Hashable) -> str:
        return json.dumps(build(*args).to_dict(validate=False))

    def spec(*args: Hashable, **datasets: list[dict[str, Any]]) -> dict[str, Any]:
        result: dict[str, Any] = json.loads(skeleton(*args))
        result["datasets"] = datasets
        return result

    return spec


def describe(what: str, values: Sequence[tuple[str, float | None, str]]) -> str:
    """A chart's text alternative in a document: what it shows, where it is highest and
    lowest, and where the numbers are. `values` are (label, value, value as written)."""
    known = [(label, value, text) for label, value, text in values if value is not None]
    if not known:
        return _("%(what)s. No values to show.") % {"what": what}
    top = max(known, key=lambda item: item[1])
    bottom = min(known, key=lambda item: item[1])
    if top[1] == bottom[1]:
        summary = _("The same value everywhere: %(value)s.") % {"value": top[2]}
    else:
        summary = _("Highest: %(top)s (%(top_value)s); lowest: %(bottom)s (%(bottom_value)s).") % {
            "top": ", ".join(label for label, value, _text in known if value == top[1]),
            "top_value": top[2],
            "bottom": ", ".join(label for label, value, _text in known if value == bottom[1]),
            "bottom_value": bottom[2],
        }
    return " ".join(
        [f"{what}.", summary, _("The table that follows holds the numbers of the chart.")]
    )


def to_png(spec: dict[str, Any], width: int = 560) -> bytes:
    """A Vega-Lite spec drawn as PNG for a document (a "container" width becomes `width`
    pixels); b"" when it cannot be drawn (the document keeps the chart's table). The spec must
    fetch nothing: a map gets its boundaries written in first (`territory.maps.with_boundaries`)."""
    import vl_convert

    if spec.get("width") == "container":
        spec = {**spec, "width": width}
    try:
        png: bytes = vl_convert.vegalite_to_png(spec, scale=2)
    except Exception:  # any renderer failure: the table remains
        return b""
    return png
