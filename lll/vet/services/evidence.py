"""The evidence sheet the labour office presents to the council for one request (art. 8 sec. 4
of the 2025 act): Barometr, the Minister's forecast, unemployed and job offers, other schools
teaching the occupation and their enrolment, earlier opinions; and the opinion draft from it."""

import functools
import re
from dataclasses import asdict, dataclass, field
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lll.territory.models import Level, Unit

from ..models import (
    BarometerEntry,
    Category,
    Demand,
    Exemption,
    ForecastEntry,
    OccupationStat,
    Opinion,
    OpinionRequest,
    Outcome,
)
from .school_years import start_of

YEARS = 5


@dataclass
class BarometerRow:
    year: int
    group: str
    powiat: str
    voivodeship: str


@dataclass
class ForecastRow:
    year: int
    list: str
    territory: str


@dataclass
class StatRow:
    year: int
    unit: str
    unemployed: int | None
    job_offers: int | None


@dataclass
class SchoolRow:
    school: str
    town: str
    powiat: str
    opinion: str
    start_year: str
    enrolment: str


@dataclass
class OpinionRow:
    school: str
    start_year: str
    opinion: str
    decided_on: str  # ISO date, written out where it is shown (older sheets kept it written)
    resolution: str


@dataclass
class Evidence:
    occupation: str
    school: str
    powiat: str
    voivodeship: str
    years: list[int]
    barometer: list[BarometerRow] = field(default_factory=list)
    forecast: list[ForecastRow] = field(default_factory=list)
    stats: list[StatRow] = field(default_factory=list)
    schools: list[SchoolRow] = field(default_factory=list)
    opinions: list[OpinionRow] = field(default_factory=list)
    on_forecast: bool = False
    latest_powiat_category: str = ""
    forecast_year: int = 0
    # The latest Barometr puts the occupation in surplus in the powiat and the voivodeship (where
    # it has a category) and the forecast does not list it: the evidence speaks against opening.
    against: bool = False

    def as_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "Evidence":
        rows = {
            "barometer": BarometerRow,
            "forecast": ForecastRow,
            "stats": StatRow,
            "schools": SchoolRow,
            "opinions": OpinionRow,
        }
        values = dict(data)
        for key, row in rows.items():
            values[key] = [row(**item) for item in data.get(key, [])]
        return cls(**values)


def _label(category: str | None) -> str:
    return str(Category(category).label) if category else "—"


def latest_forecast_year(year: int) -> int:
    """The forecast of year Y serves the school year Y/Y+1; before it is published, the latest."""
    years = ForecastEntry.objects.filter(year__lte=year).values_list("year", flat=True)
    return max(years, default=year)


def sheet_of(request: OpinionRequest) -> tuple[Evidence, bool]:
    """The sheet the council read (kept with the opinion), or today's for a pending request;
    the flag says whether it is the kept one."""
    if request.opinion != Opinion.PENDING and request.evidence:
        try:
            return relabelled(Evidence.from_json(request.evidence)), True
        except TypeError:  # kept by an older version of the sheet
            pass
    return evidence_for(request), False


def evidence_for(request: OpinionRequest) -> Evidence:
    school, occupation = request.school, request.occupation
    powiat = school.powiat
    region = powiat.parent
    assert region is not None  # noqa: S101 - a powiat has its voivodeship
    last = start_of(request.start_year)
    years = list(range(last - YEARS + 1, last + 1))
    sheet = Evidence(
        occupation=str(occupation),
        school=str(school),
        powiat=powiat.display_name,
        voivodeship=region.display_name,
        years=years,
    )

    entries = BarometerEntry.objects.filter(
        group__occupations=occupation, unit__in=[powiat, region], year__in=years
    ).select_related("group")
    table: dict[tuple[int, str], dict[int, str]] = {}
    for entry in entries:
        table.setdefault((entry.year, entry.group.name), {})[entry.unit_id] = entry.category
    for (year, group), cats in sorted(table.items(), reverse=True):
        sheet.barometer.append(
            BarometerRow(year, group, _label(cats.get(powiat.pk)), _label(cats.get(region.pk)))
        )
    if sheet.barometer:
        sheet.latest_powiat_category = sheet.barometer[0].powiat
        newest = table[max(table)]
        categories = [newest.get(powiat.pk), newest.get(region.pk)]
        surplus = {Category.SURPLUS, Category.STRONG_SURPLUS}
        known = [c for c in categories if c]
        sheet.against = bool(known) and all(c in surplus for c in known)

    countries = Unit.objects.filter(level=Level.COUNTRY)
    for listed in ForecastEntry.objects.filter(
        occupation=occupation, unit__in=[region, *countries], year__in=years
    ).select_related("unit"):
        sheet.forecast.append(
            ForecastRow(listed.year, listed.get_demand_display(), listed.unit.display_name)
        )
    sheet.forecast.sort(key=lambda r: -r.year)
    sheet.forecast_year = latest_forecast_year(last)
    sheet.on_forecast = any(r.year == sheet.forecast_year for r in sheet.forecast)
    sheet.against = sheet.against and not sheet.on_forecast

    for stat in (
        OccupationStat.objects.filter(
            occupation=occupation, unit__in=[powiat, region], year__in=years
        )
        .select_related("unit")
        .order_by("-year", "-unit__code")  # the powiat before its voivodeship
    ):
        sheet.stats.append(
            StatRow(stat.year, stat.unit.display_name, stat.unemployed, stat.job_offers)
        )

    others = (
        OpinionRequest.objects.filter(
            occupation=occupation, opinion__in=[Opinion.POSITIVE, Opinion.NOT_NEEDED]
        )
        .exclude(school=school)
        .filter(school__powiat__parent=region)
        .select_related("school__powiat")
        .order_by("school__name", "-start_year")
    )
    latest: dict[int, Outcome] = {}
    for outcome in Outcome.objects.filter(request__in=others).order_by("school_year"):
        latest[outcome.request_id] = outcome
    for other in others:
        last_outcome = latest.get(other.pk)
        if last_outcome is None:
            enrolment = _("no data")
        elif not last_outcome.launched:
            enrolment = _("not launched (%(year)s)") % {"year": last_outcome.school_year}
        else:
            enrolment = _("%(n)s in %(year)s") % {
                "n": last_outcome.enrolment if last_outcome.enrolment is not None else "?",
                "year": last_outcome.school_year,
            }
        sheet.schools.append(
            SchoolRow(
                other.school.name,
                other.school.town,
                other.school.powiat.display_name,
                other.get_opinion_display(),
                other.start_year,
                enrolment,
            )
        )

    for earlier in (
        OpinionRequest.objects.filter(occupation=occupation)
        .exclude(pk=request.pk)
        .exclude(opinion=Opinion.PENDING)
        .select_related("school")
        .order_by("-decided_on")[:20]
    ):
        sheet.opinions.append(
            OpinionRow(
                str(earlier.school),
                earlier.start_year,
                earlier.get_opinion_display(),
                earlier.decided_on.isoformat() if earlier.decided_on else "",
                earlier.resolution_number,
            )
        )
    return sheet


def suggested_opinion(sheet: Evidence, exemption: str) -> str:
    """The opinion the evidence points to: none needed, negative when it speaks against."""
    if exemption:
        return str(Opinion.NOT_NEEDED)
    return str(Opinion.NEGATIVE if sheet.against else Opinion.POSITIVE)


def opinion_draft(
    request: OpinionRequest,
    sheet: Evidence,
    opinion: str = Opinion.POSITIVE,
    exemption: str = "",
) -> str:
    """The council's opinion pre-filled from the evidence, in the office's language.

    A positive or a negative opinion, or (when none is needed) a note of the exemption that
    gives no opinion at all; the facts of the sheet follow in each."""
    with translation.override(settings.LANGUAGE_CODE):
        facts = {
            "occupation": request.occupation,
            "form": request.get_form_display(),
            "school": request.school,
            "year": request.start_year,
        }
        if opinion == Opinion.NOT_NEEDED:
            opening = _(
                "No opinion of the council is needed for education in the occupation "
                "%(occupation)s (%(form)s) at %(school)s from the school year %(year)s: "
                "%(reason)s."
            ) % {**facts, "reason": Exemption(exemption or Exemption.FORECAST).label}
            heading = _("Facts of the evidence sheet:")
        elif opinion == Opinion.NEGATIVE:
            opening = (
                _(
                    "The Voivodeship Labour Market Council, having read the Minister's forecast "
                    "of demand for employees in occupations of vocational education and the "
                    "statistical data presented by the Voivodeship Labour Office, gives a "
                    "negative opinion on education in the occupation %(occupation)s (%(form)s) "
                    "at %(school)s from the school year %(year)s: the data do not show a need "
                    "for employees in this occupation."
                )
                % facts
            )
            heading = _("Justification:")
        else:
            opening = (
                _(
                    "The Voivodeship Labour Market Council, having read the Minister's forecast "
                    "of demand for employees in occupations of vocational education and the "
                    "statistical data presented by the Voivodeship Labour Office, gives a "
                    "positive opinion on education in the occupation %(occupation)s (%(form)s) "
                    "at %(school)s from the school year %(year)s."
                )
                % facts
            )
            heading = _("Justification:")
        lines = [opening, "", heading]
        if sheet.barometer:
            row = sheet.barometer[0]
            lines.append(
                _(
                    "- Barometr zawodów %(year)s, group “%(group)s”: %(powiat_cat)s in "
                    "%(powiat)s, %(region_cat)s in %(region)s."
                )
                % {
                    "year": row.year,
                    "group": row.group,
                    "powiat_cat": row.powiat,
                    "powiat": sheet.powiat,
                    "region_cat": row.voivodeship,
                    "region": sheet.voivodeship,
                }
            )
        else:
            lines.append(_("- Barometr zawodów has no forecast for this occupation."))
        current = [r for r in sheet.forecast if r.year == sheet.forecast_year]
        if current:
            lines.append(
                _("- The occupation is on the Minister's forecast for %(year)d: %(list)s.")
                % {"year": current[0].year, "list": current[0].list}
            )
        else:
            lines.append(
                _("- The occupation is not on the Minister's forecast for %(year)d.")
                % {"year": sheet.forecast_year}
            )
        if sheet.stats:
            stat = sheet.stats[0]
            lines.append(
                _(
                    "- %(year)d, %(unit)s: %(unemployed)s registered unemployed, "
                    "%(offers)s job offers."
                )
                % {
                    "year": stat.year,
                    "unit": stat.unit,
                    "unemployed": stat.unemployed if stat.unemployed is not None else "—",
                    "offers": stat.job_offers if stat.job_offers is not None else "—",
                }
            )
        lines.append(
            _("- Other schools in the voivodeship teaching the occupation: %(n)d.")
            % {"n": len(sheet.schools)}
        )
        if request.employers:
            lines.append(
                _("- Cooperating employers: %(employers)s.")
                % {"employers": " ".join(request.employers.split())}
            )
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------
# A sheet's words in the reader's language. A kept sheet holds its labels as they were written
# (in the office's language, or in the language of whoever recorded the opinion); the data
# (schools, groups, years, numbers) stay as they are.

_UNIT_PREFIXES = (gettext_lazy("voivodeship"), gettext_lazy("powiat"), gettext_lazy("gmina"))
_PATTERNS = (gettext_lazy("not launched (%(year)s)"), gettext_lazy("%(n)s in %(year)s"))


def _in_every_language(text: Promise) -> list[str]:
    written = []
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            written.append(str(text))
    return written


Words = dict[str, Promise]
Prefixes = list[tuple[str, Promise]]
Patterns = list[tuple[re.Pattern[str], Promise]]


@functools.cache
def _vocabulary() -> tuple[Words, Prefixes, Patterns]:
    """The labels a sheet may hold, as written in any language, each with its lazy text."""
    labels: list[Promise] = [
        *(label for _value, label in Category.choices),
        *(label for _value, label in Demand.choices),
        *(label for _value, label in Opinion.choices),
        gettext_lazy("no data"),
        gettext_lazy("Poland"),
    ]
    words: Words = {written: label for label in labels for written in _in_every_language(label)}
    prefixes: Prefixes = [
        (f"{written} ", prefix)
        for prefix in _UNIT_PREFIXES
        for written in _in_every_language(prefix)
    ]
    patterns: Patterns = []
    for pattern in _PATTERNS:
        for written in _in_every_language(pattern):
            regex = re.escape(written).replace(re.escape("%(year)s"), "(?P<year>.+)")
            regex = regex.replace(re.escape("%(n)s"), "(?P<n>.+)")
            patterns.append((re.compile(f"^{regex}$"), pattern))
    return words, prefixes, patterns


def _relabel(text: str) -> str:
    words, prefixes, patterns = _vocabulary()
    if text in words:
        return str(words[text])
    for written, prefix in prefixes:
        if text.startswith(written):
            return f"{prefix} {text[len(written) :]}"
    for regex, pattern in patterns:
        match = regex.match(text)
        if match:
            return str(pattern) % match.groupdict()
    return text


def relabelled(sheet: Evidence) -> Evidence:
    """The sheet with its categories, lists, opinions and unit names in the active language."""
    result = Evidence.from_json(sheet.as_json())
    result.powiat, result.voivodeship = _relabel(sheet.powiat), _relabel(sheet.voivodeship)
    result.latest_powiat_category = _relabel(sheet.latest_powiat_category)
    for row in result.barometer:
        row.powiat, row.voivodeship = _relabel(row.powiat), _relabel(row.voivodeship)
    for forecast in result.forecast:
        forecast.list, forecast.territory = _relabel(forecast.list), _relabel(forecast.territory)
    for stat in result.stats:
        stat.unit = _relabel(stat.unit)
    for school in result.schools:
        school.powiat, school.opinion = _relabel(school.powiat), _relabel(school.opinion)
        school.enrolment = _relabel(school.enrolment)
    for opinion in result.opinions:
        opinion.opinion = _relabel(opinion.opinion)
    return result
