"""The study of the fate of directions the council reviewed positively in one year (a cohort):
were they launched, how many enrolled, why the others were not."""

import datetime
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone, translation
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from lll.core.errors import UserError
from lll.territory.models import Kind, Level, Unit

from ..models import (
    BarometerEntry,
    Category,
    ForecastEntry,
    Opinion,
    OpinionRequest,
    Reason,
    SchoolType,
)
from ..models import FateReport as FateReportEntry


@dataclass
class Latest:
    """The latest school year known of a direction: students, graduates, exams."""

    school_year: str
    students: int | None
    graduates: int | None
    exam_pass_rate: float | None


@dataclass
class Direction:
    school: str
    rspo: int
    powiat: Unit  # unsaved: name, kind and code as they were when the facts were taken
    occupation: str
    occupation_code: str
    start_year: str
    resolution: str
    launched: bool | None  # None: no outcome known yet
    enrolment: int | None
    reason: str
    school_type: str
    sector: str
    place: str
    barometer: str
    forecast: str
    latest: Latest | None = None


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
    facts: list[dict[str, Any]] = field(default_factory=list)  # what it was built from
    as_of: datetime.datetime | None = None  # kept at publication: the data as of then

    def in_language(self, language: str) -> "FateReport":
        """The same report with its words in `language` (documents are written in one)."""
        with translation.override(language):
            return build_report(self.cohort, self.facts, self.as_of)

    @property
    def not_launched(self) -> int:
        return self.total.known - self.total.launched

    @property
    def average_enrolment(self) -> float | None:
        return round(self.total.enrolment / self.total.launched, 1) if self.total.launched else None


PLACE_CITY = "city"


def _place_key(request: OpinionRequest) -> str:
    """The kind of place the school is in; TERYT tells cities, towns and villages apart."""
    if request.school.powiat.kind == Kind.CITY_POWIAT:
        return PLACE_CITY
    return str(request.school.gmina.kind)


def _place_label(key: str) -> str:
    places: dict[str, str] = {
        PLACE_CITY: _("city with powiat rights"),
        Kind.URBAN_GMINA: _("town (urban gmina)"),
        Kind.URBAN_RURAL_GMINA: _("urban-rural gmina"),
        Kind.RURAL_GMINA: _("rural gmina"),
    }
    return places.get(key, pgettext("kind of place", "other"))


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


def report_facts(cohort: int) -> list[dict[str, Any]]:
    """What the report is made of, one JSON object per direction, with codes instead of words:
    the report is built from these in any language, and a published report keeps them."""
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
    for occupation, demand in ForecastEntry.objects.filter(
        year=cohort, occupation__in=occupation_ids
    ).values_list("occupation_id", "demand"):
        if _RANK[demand] < _RANK.get(forecast.get(occupation, ""), 9):
            forecast[occupation] = demand
    facts = []
    for request in requests:
        outcomes = sorted(request.outcomes.all(), key=lambda o: o.school_year)
        launched_ones = [o for o in outcomes if o.launched]
        first = launched_ones[0] if launched_ones else (outcomes[0] if outcomes else None)
        latest = outcomes[-1] if outcomes else None
        powiat = request.school.powiat
        facts.append(
            {
                "school": request.school.name,
                "rspo": request.school.rspo,
                "powiat": {"code": powiat.code, "name": powiat.name, "kind": powiat.kind},
                "occupation": request.occupation.name,
                "occupation_code": request.occupation.code,
                "form": request.form,
                "start_year": request.start_year,
                "resolution": request.resolution_number,
                "launched": None if first is None else bool(launched_ones),
                "enrolment": first.enrolment if first is not None and first.launched else None,
                "reason": outcomes[-1].reason if outcomes and not launched_ones else "",
                "sector": request.occupation.sector,
                "place": _place_key(request),
                "barometer": barometer.get((request.occupation_id, request.school.powiat_id), ""),
                "forecast": forecast.get(request.occupation_id, ""),
                "latest": None
                if latest is None
                else {
                    "school_year": latest.school_year,
                    "students": latest.students,
                    "graduates": latest.graduates,
                    "exam_pass_rate": None
                    if latest.exam_pass_rate is None
                    else float(latest.exam_pass_rate),
                },
            }
        )
    return facts


_RANK = {"special": 0, "significant": 1, "moderate": 2}


def _direction(fact: dict[str, Any]) -> Direction:
    """One direction with its words in the active language."""
    forecast_labels = {
        "special": _("national list (special importance)"),
        "significant": _("significant demand"),
        "moderate": _("moderate demand"),
    }
    powiat = fact["powiat"]
    latest = fact["latest"]
    return Direction(
        school=fact["school"],
        rspo=fact["rspo"],
        powiat=Unit(
            code=powiat["code"], name=powiat["name"], kind=powiat["kind"], level=Level.POWIAT
        ),
        occupation=fact["occupation"],
        occupation_code=fact["occupation_code"],
        start_year=fact["start_year"],
        resolution=fact["resolution"],
        launched=fact["launched"],
        enrolment=fact["enrolment"],
        reason=fact["reason"],
        school_type=str(SchoolType(fact["form"]).label) if fact["form"] else "",
        sector=fact["sector"] or _("no sector given"),
        place=_place_label(fact["place"]),
        barometer=str(Category(fact["barometer"]).label) if fact["barometer"] else _("no forecast"),
        forecast=forecast_labels.get(fact["forecast"], _("not on the forecast")),
        latest=None if latest is None else Latest(**latest),
    )


def build_report(
    cohort: int, facts: list[dict[str, Any]], as_of: datetime.datetime | None = None
) -> FateReport:
    """The report of `facts` (from `report_facts`, today's or those kept at publication) with
    its words in the active language."""
    directions = [_direction(fact) for fact in facts]
    total = Row(str(_("All reviewed directions")))
    for direction in directions:
        _count(total, direction)
    report = FateReport(cohort, directions, total, facts=facts, as_of=as_of)
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


def fate_report(cohort: int) -> FateReport:
    """The report from the register as it is today."""
    return build_report(cohort, report_facts(cohort))


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


class EmptyReport(UserError):
    """No positive opinion in the cohort year: nothing to publish."""


def published_or_current(cohort: int, entry: FateReportEntry | None) -> FateReport:
    """A published report as it was published (its facts and their date); otherwise the
    register as it is today."""
    if entry is not None and entry.published and entry.facts is not None:
        return build_report(cohort, entry.facts, entry.data_as_of)
    return fate_report(cohort)


def publish_report(cohort: int, publish: bool) -> FateReportEntry:
    """Publish the cohort's report with today's data kept as it is (or withdraw it). An empty
    report is not published."""
    facts = report_facts(cohort) if publish else None
    if publish and not facts:
        raise EmptyReport(_("An empty report is not published: no positive opinion of that year."))
    entry, _created = FateReportEntry.objects.get_or_create(cohort=cohort)
    entry.published = publish
    entry.facts = facts
    entry.data_as_of = timezone.now() if publish else None
    entry.save()
    return entry
