"""The study of the fate of directions the council reviewed positively in one year (a cohort):
were they launched, how many enrolled, why the others were not."""

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from lll.territory.models import Kind, Unit

from ..models import (
    BarometerEntry,
    Category,
    ForecastEntry,
    Opinion,
    OpinionRequest,
    Outcome,
    Reason,
)


@dataclass
class Direction:
    request: OpinionRequest
    powiat: Unit
    launched: bool | None  # None: no outcome known yet
    enrolment: int | None
    reason: str
    school_type: str
    sector: str
    place: str
    barometer: str
    forecast: str
    latest: Outcome | None = None  # the latest school year known: students, graduates, exams


@dataclass
class Row:
    label: str
    reviewed: int = 0
    known: int = 0
    launched: int = 0
    enrolment: int = 0
    code: str = ""

    @property
    def rate(self) -> float | None:
        return round(100 * self.launched / self.known, 1) if self.known else None


@dataclass
class Breakdown:
    key: str
    title: str
    rows: list[Row]


@dataclass
class FateReport:
    cohort: int
    directions: list[Direction]
    total: Row
    breakdowns: list[Breakdown] = field(default_factory=list)
    reasons: list[tuple[str, int]] = field(default_factory=list)
    by_powiat: Row | None = None

    @property
    def not_launched(self) -> int:
        return self.total.known - self.total.launched

    @property
    def average_enrolment(self) -> float | None:
        return round(self.total.enrolment / self.total.launched, 1) if self.total.launched else None


def place_of(request: OpinionRequest) -> str:
    """The kind of place the school is in; TERYT tells cities, towns and villages apart."""
    if request.school.powiat.kind == Kind.CITY_POWIAT:
        return str(_("city with powiat rights"))
    places: dict[str, str] = {
        Kind.URBAN_GMINA: str(_("town (urban gmina)")),
        Kind.URBAN_RURAL_GMINA: str(_("urban-rural gmina")),
        Kind.RURAL_GMINA: str(_("rural gmina")),
    }
    return places.get(request.school.gmina.kind, str(pgettext("kind of place", "other")))


DIMENSIONS: list[tuple[str, object, Callable[[Direction], str]]] = [
    ("powiat", gettext_lazy("Powiat"), lambda d: d.powiat.display_name),
    ("school_type", gettext_lazy("School type"), lambda d: d.school_type),
    ("sector", gettext_lazy("Sector"), lambda d: d.sector),
    ("place", gettext_lazy("Town (type)"), lambda d: d.place),
    ("barometer", gettext_lazy("Barometr category in the powiat"), lambda d: d.barometer),
    ("forecast", gettext_lazy("The Minister's forecast"), lambda d: d.forecast),
]


def cohort_years() -> list[int]:
    return sorted(
        {
            d.year
            for d in OpinionRequest.objects.filter(
                opinion=Opinion.POSITIVE, decided_on__isnull=False
            ).values_list("decided_on", flat=True)
            if d is not None
        },
        reverse=True,
    )


def fate_report(cohort: int) -> FateReport:
    requests = list(
        OpinionRequest.objects.filter(opinion=Opinion.POSITIVE, decided_on__year=cohort)
        .select_related("school__powiat", "school__gmina", "occupation")
        .prefetch_related("outcomes")
        .order_by("school__powiat__code", "school__name")
    )
    occupation_ids = {r.occupation_id for r in requests}
    barometer: dict[tuple[int, int], str] = {}
    for entry in BarometerEntry.objects.filter(
        year=cohort, group__occupations__in=occupation_ids
    ).values_list("group__occupations", "unit_id", "category"):
        barometer[(entry[0], entry[1])] = entry[2]
    forecast: dict[int, str] = {}
    rank = {"special": 0, "significant": 1, "moderate": 2}
    for occupation, demand in ForecastEntry.objects.filter(
        year=cohort, occupation__in=occupation_ids
    ).values_list("occupation_id", "demand"):
        if rank[demand] < rank.get(forecast.get(occupation, ""), 9):
            forecast[occupation] = demand
    forecast_labels = {
        "special": str(_("national list (special importance)")),
        "significant": str(_("significant demand")),
        "moderate": str(_("moderate demand")),
    }
    directions = []
    for request in requests:
        outcomes = sorted(request.outcomes.all(), key=lambda o: o.school_year)
        launched_ones = [o for o in outcomes if o.launched]
        first = launched_ones[0] if launched_ones else (outcomes[0] if outcomes else None)
        category = barometer.get((request.occupation_id, request.school.powiat_id))
        directions.append(
            Direction(
                request=request,
                powiat=request.school.powiat,
                launched=None if first is None else bool(launched_ones),
                enrolment=first.enrolment if first is not None and first.launched else None,
                reason=outcomes[-1].reason if outcomes and not launched_ones else "",
                school_type=request.get_form_display(),
                sector=request.occupation.sector or str(_("no sector given")),
                place=place_of(request),
                barometer=str(Category(category).label) if category else str(_("no forecast")),
                forecast=forecast_labels.get(
                    forecast.get(request.occupation_id, ""), str(_("not on the forecast"))
                ),
                latest=outcomes[-1] if outcomes else None,
            )
        )
    total = Row(str(_("All reviewed directions")))
    for direction in directions:
        _count(total, direction)
    report = FateReport(cohort, directions, total)
    for key, title, value in DIMENSIONS:
        rows: dict[str, Row] = {}
        for direction in directions:
            label = value(direction)
            row = rows.setdefault(label, Row(label))
            if key == "powiat":
                row.code = direction.powiat.code
            _count(row, direction)
        ordered = (
            sorted(rows.values(), key=lambda r: r.code)
            if key == "powiat"
            else sorted(rows.values(), key=lambda r: (-r.reviewed, r.label))
        )
        report.breakdowns.append(Breakdown(key, str(title), ordered))
    reasons = Counter(d.reason or "other" for d in directions if d.launched is False)
    report.reasons = [(str(Reason(reason).label), count) for reason, count in reasons.most_common()]
    return report


def _count(row: Row, direction: Direction) -> None:
    row.reviewed += 1
    if direction.launched is not None:
        row.known += 1
    if direction.launched:
        row.launched += 1
        row.enrolment += direction.enrolment or 0


def format_rate(rate: float | None) -> str:
    if rate is None:
        return "—"
    return f"{number_format(rate, 1)}\u00a0%"
