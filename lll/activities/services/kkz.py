"""Qualification courses (KKZ) by occupation and powiat, set against the Barometr category of
the occupation in that powiat and the Minister's forecast, so the office sees courses for
surplus occupations and deficit occupations without courses.

Counted: activities the office entered itself and those of approved reports.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

from lll.territory.models import Unit
from lll.territory.services import home_region
from lll.vet.models import BarometerEntry, Category, ForecastEntry, Occupation

from ..models import Activity, ActivityType, ReportStatus

DEFICITS = (Category.STRONG_DEFICIT, Category.DEFICIT)
SURPLUSES = (Category.SURPLUS, Category.STRONG_SURPLUS)


def counted_activities() -> QuerySet[Activity]:
    """What the office's figures count: its own entries and approved reports."""
    return Activity.objects.filter(Q(report__isnull=True) | Q(report__status=ReportStatus.APPROVED))


@dataclass
class KkzRow:
    occupation: Occupation | None
    powiat: Unit | None  # None: the whole region
    courses: int = 0
    enrolled: int = 0
    completed: int = 0
    passed: int = 0
    codes: set[str] = field(default_factory=set)
    barometer: str = ""  # a Category value, "" when the Barometr has none
    barometer_year: int | None = None
    forecast: str = ""  # a Demand value, "" when not on the forecast

    @property
    def barometer_label(self) -> str:
        return str(dict(Category.choices).get(self.barometer, "")) if self.barometer else ""

    @property
    def flag(self) -> str:
        """surplus: a course for a surplus occupation; deficit: for a deficit one."""
        if self.barometer in SURPLUSES:
            return "surplus"
        if self.barometer in DEFICITS:
            return "deficit"
        return ""


def _powiats_of(activity: Activity, region: Unit | None) -> list[Unit | None]:
    if activity.whole_region or not activity.units.all():
        return [None]
    found: dict[int, Unit] = {}
    for unit in activity.units.all():
        powiat = unit if unit.level == "powiat" else unit.parent
        if powiat is not None:
            found[powiat.pk] = powiat
    return list(found.values()) or [None]


def _barometer(
    entries: dict[tuple[str, int], list[tuple[int, str]]], code: str, unit_id: int, year: int
) -> tuple[str, int | None]:
    """The latest category up to `year` for the occupation in the unit."""
    for entry_year, category in entries.get((code, unit_id), []):
        if entry_year <= year:
            return category, entry_year
    return "", None


def kkz_table(year: int | None = None) -> list[KkzRow]:
    region = home_region()
    items = counted_activities().filter(activity_type=ActivityType.KKZ)
    if year:
        items = items.filter(starts_on__year__lte=year, ends_on__year__gte=year)
    items = items.prefetch_related("units__parent", "occupations")
    rows: dict[tuple[int | None, int | None], KkzRow] = {}
    for activity in items:
        occupations: list[Occupation | None] = list(activity.occupations.all()) or [None]
        for occupation in occupations:
            for powiat in _powiats_of(activity, region):
                key = (occupation.pk if occupation else None, powiat.pk if powiat else None)
                row = rows.setdefault(key, KkzRow(occupation, powiat))
                row.courses += 1
                row.enrolled += activity.participants
                row.completed += activity.completions
                row.passed += activity.passed_exam
                if activity.qualification_code:
                    row.codes.add(activity.qualification_code)
    codes = {r.occupation.code for r in rows.values() if r.occupation}
    entries: dict[tuple[str, int], list[tuple[int, str]]] = defaultdict(list)
    for code, unit_id, entry_year, category in (
        BarometerEntry.objects.filter(group__occupations__code__in=codes)
        .order_by("-year")
        .values_list("group__occupations__code", "unit_id", "year", "category")
    ):
        entries[(code, unit_id)].append((entry_year, category))
    forecast: dict[str, str] = {}
    if region is not None:
        for code, demand in (
            ForecastEntry.objects.filter(
                occupation__code__in=codes, unit__in=[region.pk, *_poland(region)]
            )
            .filter(year__lte=year or 9999)
            .order_by("year")
            .values_list("occupation__code", "demand")
        ):
            forecast[code] = demand  # the latest year wins
    target_year = year or 9999
    for row in rows.values():
        if row.occupation is None:
            continue
        unit_id = row.powiat.pk if row.powiat else (region.pk if region else 0)
        row.barometer, row.barometer_year = _barometer(
            entries, row.occupation.code, unit_id, target_year
        )
        if not row.barometer and region is not None:
            row.barometer, row.barometer_year = _barometer(
                entries, row.occupation.code, region.pk, target_year
            )
        row.forecast = forecast.get(row.occupation.code, "")
    return sorted(
        rows.values(),
        key=lambda r: (
            r.occupation.code if r.occupation else "~",
            r.powiat.code if r.powiat else "",
        ),
    )


def _poland(region: Unit) -> list[int]:
    return [region.parent_id] if region.parent_id else []


@dataclass
class Gap:
    group: str
    category: str
    year: int

    @property
    def category_label(self) -> str:
        return str(dict(Category.choices).get(self.category, self.category))


def deficits_without_courses(rows: list[KkzRow], year: int | None = None) -> list[Gap]:
    """Barometr groups in deficit in the region (latest edition up to `year`) none of whose
    occupations has a counted KKZ."""
    region = home_region()
    if region is None:
        return []
    entries = BarometerEntry.objects.filter(unit=region)
    if year:
        entries = entries.filter(year__lte=year)
    latest = entries.order_by("-year").values_list("year", flat=True).first()
    if latest is None:
        return []
    taught = {r.occupation.pk for r in rows if r.occupation}
    gaps = []
    for entry in (
        entries.filter(year=latest, category__in=DEFICITS)
        .select_related("group")
        .prefetch_related("group__occupations")
        .order_by("group__name")
    ):
        if not any(o.pk in taught for o in entry.group.occupations.all()):
            gaps.append(Gap(entry.group.name, entry.category, entry.year))
    return gaps
