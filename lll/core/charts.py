"""Shared help for Vega-Lite specs built with Altair.

Building a chart with Altair costs milliseconds (it checks every part against the schema), which
matters on pages that must answer in tens of milliseconds. So a chart is built once per set of
hashable arguments (its texts, colours, the URL of its boundaries, the page language) and kept as
JSON; each page then adds only its own rows, as named datasets the chart refers to.
"""

import functools
import json
from collections.abc import Callable, Hashable
from typing import Any

import altair as alt

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
