"""The open-data API: /api/v1/; its documentation page is /api/v1/docs (`docs.py`), the
OpenAPI schema /api/v1/openapi.json and Swagger UI /api/v1/swagger.

Everyone sees published indicators and their data; staff who may view indicators see all.
Lists are paged with `limit` and `offset`; observations also come as CSV (`format=csv`).
"""

import csv
from typing import Any, Literal

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from ninja import Field, NinjaAPI, Query, Schema
from ninja.pagination import LimitOffsetPagination, paginate

from lll.core.downloads import CSV_TYPE, content_disposition
from lll.indicators.access import get_indicator_for, visible_indicators
from lll.indicators.models import Indicator, Observation, Target
from lll.territory.models import Unit

api = NinjaAPI(
    title="Regionalny System LLL – otwarte dane",
    version="1",
    description=(
        "Territorial units, indicators, observations and targets of the regional lifelong "
        "learning monitoring. Published indicators are public. Sources: GUS BDL, Eurostat and "
        "the office's own data; every indicator names its source."
    ),
    urls_namespace="api",
    # /api/v1/docs is our own accessible page (docs.py); Swagger UI stays as a console.
    docs_url="/swagger",
)

MAX_OBSERVATIONS = 10_000
# Offsets go into SQL as 64-bit integers: a larger one must be refused before it reaches the
# database (it used to answer 500). 2**53 is also the largest integer JavaScript keeps exactly.
MAX_OFFSET = 2**53


class Paging(LimitOffsetPagination):
    """Ninja's limit/offset paging with both numbers bounded, so bad ones answer 422."""

    class Input(Schema):
        limit: int = Field(100, ge=1, le=MAX_OBSERVATIONS)
        offset: int = Field(0, ge=0, le=MAX_OFFSET)


class UnitOut(Schema):
    code: str
    name: str
    level: str
    kind: str
    parent: str | None
    nuts_code: str
    bdl_id: str

    @staticmethod
    def resolve_parent(unit: Unit) -> str | None:
        return unit.parent.code if unit.parent else None


class IndicatorOut(Schema):
    code: str
    name_pl: str
    name_en: str
    definition_pl: str
    definition_en: str
    unit_of_measure: str
    unit_of_measure_en: str
    decimals: int
    polarity: str
    periodicity: str
    levels: list[str]
    source: str
    source_reference: str
    themes: list[str]
    caveats: str
    caveats_en: str
    numerator: str | None
    denominator: str | None
    factor: float

    @staticmethod
    def resolve_numerator(indicator: Indicator) -> str | None:
        return indicator.numerator.code if indicator.numerator else None

    @staticmethod
    def resolve_denominator(indicator: Indicator) -> str | None:
        return indicator.denominator.code if indicator.denominator else None


class ObservationOut(Schema):
    indicator: str
    unit: str
    period: str
    value: float
    provisional: bool
    estimated: bool
    confidential: bool
    source_flags: str


class ObservationPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[ObservationOut]


class TargetOut(Schema):
    indicator: str
    unit: str
    year: int
    value: float
    baseline_year: int | None
    baseline_value: float | None
    source_document: str

    @staticmethod
    def resolve_indicator(target: Target) -> str:
        return target.indicator.code

    @staticmethod
    def resolve_unit(target: Target) -> str:
        return target.unit.code


# Any period the catalogue knows: 2023, 2023/24, 2023-Q1, 2023-05 (or the start of one, "2023-").
# Periods compare as text, so a bound of another shape would silently match nothing.
PERIOD_BOUND = r"^\d{4}(/\d{2}|-Q[1-4]|-(0[1-9]|1[0-2]))?$"


class ObservationFilters(Schema):
    indicator: str | None = None
    unit: str | None = None
    level: str | None = None
    parent: str | None = None
    period_from: str | None = Field(None, pattern=PERIOD_BOUND)
    period_to: str | None = Field(None, pattern=PERIOD_BOUND)
    format: Literal["json", "csv"] = "json"
    limit: int = Field(1000, ge=1)  # a larger one is capped at MAX_OBSERVATIONS
    offset: int = Field(0, ge=0, le=MAX_OFFSET)


@api.get("/units", response=list[UnitOut], tags=["territory"])
@paginate(Paging)
def units(
    request: HttpRequest, level: str | None = None, parent: str | None = None
) -> QuerySet[Unit]:
    """Poland, voivodeships, powiats and gminas (TERYT); filter by level or parent code."""
    result = Unit.objects.select_related("parent").order_by("code")
    if level:
        result = result.filter(level=level)
    if parent:
        result = result.filter(parent__code=parent)
    return result


@api.get("/indicators", response=list[IndicatorOut], tags=["indicators"])
@paginate(Paging)
def indicators(request: HttpRequest, theme: str | None = None) -> Any:
    result = visible_indicators(request.user).select_related("numerator", "denominator")
    if theme:
        return [i for i in result if theme in i.themes]
    return result


@api.get("/indicators/{code}", response=IndicatorOut, tags=["indicators"])
def indicator(request: HttpRequest, code: str) -> Indicator:
    return get_indicator_for(request, code)


OBSERVATION_FIELDS = (
    "indicator__code",
    "unit__code",
    "period",
    "value",
    "provisional",
    "estimated",
    "confidential",
    "source_flags",
)


@api.get("/observations", response=ObservationPage, tags=["indicators"])
def observations(request: HttpRequest, filters: Query[ObservationFilters]) -> Any:
    """Values by indicator, unit, level, parent unit and period range; JSON or CSV."""
    rows = Observation.objects.filter(indicator__in=visible_indicators(request.user))
    if filters.indicator:
        rows = rows.filter(indicator__code=filters.indicator)
    if filters.unit:
        rows = rows.filter(unit__code=filters.unit)
    if filters.level:
        rows = rows.filter(unit__level=filters.level)
    if filters.parent:
        rows = rows.filter(unit__parent__code=filters.parent)
    if filters.period_from:
        rows = rows.filter(period__gte=filters.period_from)
    if filters.period_to:
        rows = rows.filter(period__lte=filters.period_to)
    limit, offset = min(filters.limit, MAX_OBSERVATIONS), filters.offset
    # The natural-key order follows the unique index, so paging a big table stays cheap.
    page = rows.order_by("indicator_id", "unit_id", "period").values_list(*OBSERVATION_FIELDS)[
        offset : offset + limit
    ]
    if filters.format == "csv":
        return _csv(page)
    items = [dict(zip(ObservationOut.model_fields, row, strict=True)) for row in page]
    return {"count": rows.count(), "limit": limit, "offset": offset, "items": items}


class _Echo:
    def write(self, value: str) -> str:
        return value


def _csv(rows: Any) -> HttpResponse | StreamingHttpResponse:
    writer = csv.writer(_Echo())
    header = [writer.writerow(list(ObservationOut.model_fields))]
    body = (writer.writerow(row) for row in rows.iterator(chunk_size=2000))
    response = StreamingHttpResponse([*header, *body], content_type=CSV_TYPE)
    response["Content-Disposition"] = content_disposition("observations.csv")
    return response


@api.get("/targets", response=list[TargetOut], tags=["indicators"])
@paginate(Paging)
def targets(request: HttpRequest, indicator: str | None = None) -> QuerySet[Target]:
    result = Target.objects.filter(indicator__in=visible_indicators(request.user)).select_related(
        "indicator", "unit"
    )
    if indicator:
        result = result.filter(indicator__code=indicator)
    return result
