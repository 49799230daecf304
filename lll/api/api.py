"""The open-data API: /api/v1/; its documentation page is /api/v1/docs (`docs.py`), the
OpenAPI schema /api/v1/openapi.json and Swagger UI /api/v1/swagger.

Everyone sees published indicators and their data; staff who may view indicators see all.
Published activities of the region (lll.activities) are public too.
Lists are paged with `limit` and `offset`; observations also come as CSV (`format=csv`), whose
paging is in its headers (`X-Total-Count`, `Link: <...>; rel="next"`) as it is in the JSON
(`count`, `next`). A code that names nothing answers 404 with the reason. A confidential value
is never given out: its `value` is null (empty in CSV) and `confidential` is true.
"""

import csv
import datetime
import json
from collections.abc import Iterable, Iterator
from typing import Any, Literal
from urllib.parse import urlencode

from django.db.models import Max, QuerySet
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.utils.translation import gettext as _
from ninja import Field, NinjaAPI, Query, Schema
from ninja.errors import HttpError
from ninja.pagination import LimitOffsetPagination, paginate

from lll.activities.access import published_activities
from lll.activities.models import Activity
from lll.activities.services import register as activity_register
from lll.core.downloads import CSV_TYPE, content_disposition
from lll.indicators.access import get_indicator_for, visible_indicators
from lll.indicators.models import ImportBatch, Indicator, Observation, Target
from lll.indicators.services.dashboard import target_progress
from lll.indicators.services.sources import batch_texts, last_updated
from lll.territory.models import Unit

from .catalog import catalog as dcat_catalog

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
    """Ninja's limit/offset paging with both numbers bounded, so bad ones answer 422; the
    answer says how many rows match (`count`) and where the next page is (`next`)."""

    class Input(Schema):
        limit: int = Field(100, ge=1, le=MAX_OBSERVATIONS)
        offset: int = Field(0, ge=0, le=MAX_OFFSET)

    class Output(Schema):
        items: list[Any]
        count: int
        next: str | None = Field(None, description="the next page's URL; null on the last page")

    def paginate_queryset(
        self, queryset: Any, pagination: Any, request: HttpRequest, **params: Any
    ) -> Any:
        page = super().paginate_queryset(queryset, pagination, request, **params)
        limit = min(pagination.limit, self.max_limit)
        page["next"] = _next_page(request, page["count"], limit, pagination.offset)
        return page


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
    last_updated: datetime.datetime | None = Field(
        None, description="When the latest import that brought values of the indicator ended."
    )

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
    value: float | None = Field(..., description="null when the value is confidential")
    provisional: bool
    estimated: bool
    confidential: bool
    source_flags: str
    # The value's own source: the import batch that brought it (an office file, a GUS or
    # Eurostat file or API), not the indicator's usual source.
    source: str
    indicator_last_updated: datetime.datetime | None = Field(
        None, description="When the latest import that brought values of the indicator ended."
    )


class ObservationPage(Schema):
    count: int = Field(..., description="rows matching the filters, on all pages")
    limit: int
    offset: int
    next: str | None = Field(..., description="the next page's URL; null on the last page")
    items: list[ObservationOut]


class ErrorOut(Schema):
    detail: str = Field(..., description="why, in the language of the request")


NOT_FOUND = {404: ErrorOut}
REFUSED = {
    422: {
        "description": "A parameter is out of range or malformed (e.g. limit, offset, period).",
    }
}
CSV_ANSWER = {
    "responses": {
        200: {
            "description": (
                "JSON, or with format=csv a CSV file of the same columns; its headers "
                "X-Total-Count and Link (rel=next) carry the paging."
            ),
            "content": {"text/csv": {"schema": {"type": "string"}}},
            "headers": {
                "X-Total-Count": {
                    "description": "rows matching the filters (format=csv)",
                    "schema": {"type": "integer"},
                },
                "Link": {
                    "description": '<URL of the next page>; rel="next" (format=csv)',
                    "schema": {"type": "string"},
                },
            },
        },
        **REFUSED,
    }
}


def _known(model: Any, code: str | None, message: str) -> None:
    """404 with the reason when `code` names nothing (rather than an empty answer)."""
    if code and not model.objects.filter(code=code).exists():
        raise HttpError(404, message % {"code": code})


class TargetOut(Schema):
    indicator: str
    unit: str
    year: int
    value: float
    baseline_year: int | None
    baseline_value: float | None = Field(
        ..., description="as entered, or else the value observed in the baseline year"
    )
    source_document: str

    @staticmethod
    def resolve_indicator(target: Target) -> str:
        return target.indicator.code

    @staticmethod
    def resolve_baseline_value(target: Target) -> float | None:
        # The same baseline the indicator page shows (dashboard.target_progress).
        return target_progress(target).baseline_value

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


def _unknown_unit() -> str:
    return _("There is no territorial unit with the code “%(code)s”.")


def _unknown_indicator() -> str:
    return _("There is no indicator with the code “%(code)s”.")


@api.get(
    "/units",
    response={200: list[UnitOut], **NOT_FOUND},
    tags=["territory"],
    openapi_extra={"responses": REFUSED},
)
@paginate(Paging)
def units(
    request: HttpRequest, level: str | None = None, parent: str | None = None
) -> QuerySet[Unit]:
    """Poland, voivodeships, powiats and gminas (TERYT); filter by level or parent code."""
    _known(Unit, parent, _unknown_unit())
    result = Unit.objects.select_related("parent").order_by("code")
    if level:
        result = result.filter(level=level)
    if parent:
        result = result.filter(parent__code=parent)
    return result


@api.get(
    "/indicators",
    response=list[IndicatorOut],
    tags=["indicators"],
    openapi_extra={"responses": REFUSED},
)
@paginate(Paging)
def indicators(request: HttpRequest, theme: str | None = None) -> Any:
    result = (
        visible_indicators(request.user)
        .select_related("numerator", "denominator")
        .annotate(last_updated=Max("observations__batch__finished_at"))
    )
    if theme:
        return [i for i in result if theme in i.themes]
    return result


@api.get("/indicators/{code}", response={200: IndicatorOut, **NOT_FOUND}, tags=["indicators"])
def indicator(request: HttpRequest, code: str) -> Indicator:
    found = get_indicator_for(request, code)
    found.last_updated = last_updated(found)  # type: ignore[attr-defined]
    return found


OBSERVATION_FIELDS = (
    "indicator__code",
    "unit__code",
    "period",
    "value",
    "provisional",
    "estimated",
    "confidential",
    "source_flags",
    "batch_id",
)


def _with_sources(rows: Iterable[tuple[Any, ...]]) -> Iterator[tuple[Any, ...]]:
    """Rows with their batch id replaced by the batch's source text, followed by the
    indicator's "last updated" (batches and indicators looked up once)."""
    texts: dict[int | None, str] = {}
    updated: dict[str, datetime.datetime | None] = {}
    for row in rows:
        batch_id, code = row[-1], row[0]
        if batch_id not in texts:
            texts.update(batch_texts([batch_id]))
        if code not in updated:
            updated[code] = ImportBatch.objects.filter(
                observations__indicator__code=code
            ).aggregate(last=Max("finished_at"))["last"]
        yield (*row[:-1], texts[batch_id], updated[code])


@api.get("/catalog", tags=["indicators"], response={200: dict[str, Any]})
def catalog(request: HttpRequest) -> HttpResponse:
    """The open-data catalogue in DCAT-AP as JSON-LD: each published indicator as a dataset
    with its JSON and CSV distributions, licence, publisher and coverage."""
    document = dcat_catalog(request.build_absolute_uri("/"))
    return HttpResponse(
        json.dumps(document, ensure_ascii=False, indent=1),
        content_type="application/ld+json; charset=utf-8",
    )


@api.get(
    "/observations",
    response={200: ObservationPage, **NOT_FOUND},
    tags=["indicators"],
    openapi_extra=CSV_ANSWER,
)
def observations(request: HttpRequest, filters: Query[ObservationFilters]) -> Any:
    """Values by indicator, unit, level, parent unit and period range; JSON or CSV."""
    visible = visible_indicators(request.user)
    if filters.indicator and not visible.filter(code=filters.indicator).exists():
        raise HttpError(404, _unknown_indicator() % {"code": filters.indicator})
    _known(Unit, filters.unit, _unknown_unit())
    _known(Unit, filters.parent, _unknown_unit())
    rows = Observation.objects.filter(indicator__in=visible)
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
    count = rows.count()
    following = _next_page(request, count, limit, offset)
    if filters.format == "csv":
        response = _csv(page)
        response["X-Total-Count"] = str(count)
        if following:
            response["Link"] = f'<{following}>; rel="next"'
        return response
    items = [
        dict(zip(ObservationOut.model_fields, _public(row), strict=True))
        for row in _with_sources(page)
    ]
    return {"count": count, "limit": limit, "offset": offset, "next": following, "items": items}


CONFIDENTIAL_AT = OBSERVATION_FIELDS.index("confidential")
VALUE_AT = OBSERVATION_FIELDS.index("value")


def _public(row: tuple[Any, ...]) -> tuple[Any, ...]:
    """A row as the API gives it out: a confidential value withheld (None)."""
    if row[CONFIDENTIAL_AT]:
        return (*row[:VALUE_AT], None, *row[VALUE_AT + 1 :])
    return row


def _next_page(request: HttpRequest, count: int, limit: int, offset: int) -> str | None:
    if offset + limit >= count:
        return None
    query = request.GET.copy()
    query["offset"] = str(offset + limit)
    query["limit"] = str(limit)
    return request.build_absolute_uri(f"{request.path}?{urlencode(list(query.items()))}")


class _Echo:
    def write(self, value: str) -> str:
        return value


def _csv_cell(cell: Any) -> Any:
    return cell.isoformat(timespec="seconds") if isinstance(cell, datetime.datetime) else cell


def _csv(rows: Any) -> HttpResponse | StreamingHttpResponse:
    writer = csv.writer(_Echo())
    header = [writer.writerow(list(ObservationOut.model_fields))]
    body = (
        writer.writerow([_csv_cell(cell) for cell in _public(row)])
        for row in _with_sources(rows.iterator(chunk_size=2000))
    )
    response = StreamingHttpResponse([*header, *body], content_type=CSV_TYPE)
    response["Content-Disposition"] = content_disposition("observations.csv")
    return response


@api.get(
    "/targets",
    response={200: list[TargetOut], **NOT_FOUND},
    tags=["indicators"],
    openapi_extra={"responses": REFUSED},
)
@paginate(Paging)
def targets(request: HttpRequest, indicator: str | None = None) -> QuerySet[Target]:
    if indicator and not visible_indicators(request.user).filter(code=indicator).exists():
        raise HttpError(404, _unknown_indicator() % {"code": indicator})
    result = Target.objects.filter(indicator__in=visible_indicators(request.user)).select_related(
        "indicator", "unit"
    )
    if indicator:
        result = result.filter(indicator__code=indicator)
    return result


class ActivityOut(Schema):
    id: int
    title: str
    institution: str
    institution_type: str
    activity_type: str
    qualification_code: str
    priorities: list[str]
    target_groups: list[str]
    whole_region: bool
    units: list[str]
    starts_on: str
    ends_on: str
    funding: str
    amount: float
    participants: int
    women: int
    men: int
    hours: int
    completions: int
    passed_exam: int
    certificates: int
    occupations: list[str]

    @staticmethod
    def resolve_institution(a: Activity) -> str:
        return a.institution.name

    @staticmethod
    def resolve_institution_type(a: Activity) -> str:
        return a.institution.kind

    @staticmethod
    def resolve_priorities(a: Activity) -> list[str]:
        return a.priority_list()

    @staticmethod
    def resolve_target_groups(a: Activity) -> list[str]:
        return a.target_group_list()

    @staticmethod
    def resolve_units(a: Activity) -> list[str]:
        return [u.code for u in a.units.all()]

    @staticmethod
    def resolve_starts_on(a: Activity) -> str:
        return a.starts_on.isoformat()

    @staticmethod
    def resolve_ends_on(a: Activity) -> str:
        return a.ends_on.isoformat()

    @staticmethod
    def resolve_amount(a: Activity) -> float:
        return float(a.amount)

    @staticmethod
    def resolve_occupations(a: Activity) -> list[str]:
        return [o.code for o in a.occupations.all()]


class ActivityFilters(Schema):
    priority: str = ""
    powiat: str = ""
    target: str = ""
    funding: str = ""
    institution: str = ""
    year: str = ""
    activity_type: str = ""
    q: str = ""


@api.get("/activities", response=list[ActivityOut], tags=["activities"])
@paginate(Paging)
def activities(request: HttpRequest, filters: Query[ActivityFilters]) -> QuerySet[Activity]:
    """Published activities of the region's lifelong learning, filtered as on the public list."""
    chosen = activity_register.Filters.of(filters.dict())
    return (
        activity_register.filtered(published_activities(), chosen)
        .select_related("institution")
        .prefetch_related("units", "occupations")
        .order_by("pk")
    )
