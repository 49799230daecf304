"""The annual monitoring report: its figures (live for a draft, frozen once published)."""

import datetime
from collections import defaultdict
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lll.core.dates import long_date
from lll.core.errors import UserError
from lll.indicators.models import Indicator, Target
from lll.indicators.services import position
from lll.territory.models import Unit
from lll.territory.services import home_region

from ..models import AnnualReport, Priority
from . import annual_team, indicators, kkz


class CannotPublish(UserError):
    """A step of the annual report that is not possible now."""


def number_text(value: float, decimals: int = 0) -> str:
    text = f"{value:,.{decimals}f}".replace(",", "\u00a0").replace(".", ",")
    return text


def figures(year: int) -> dict[str, Any]:
    """The report's tables as text rows, as the pages and documents show them, and the numbers
    its charts are drawn from; all of it is frozen when the report is published."""
    activities = list(indicators.year_activities(year).select_related("institution"))
    by_priority: dict[str, list[float]] = defaultdict(lambda: [0, 0, 0.0])
    for activity in activities:
        for code in activity.priority_list():
            row = by_priority[code]
            row[0] += 1
            row[1] += activity.participants
            row[2] += float(activity.amount)
    priorities = [
        [
            str(label),
            number_text(by_priority[code][0]),
            number_text(by_priority[code][1]),
            number_text(by_priority[code][2], 2),
        ]
        for code, label in Priority.choices
    ]
    courses = [
        [
            f"{r.occupation.code} {r.occupation.name}" if r.occupation else "—",
            r.powiat.name if r.powiat else _("the whole region"),
            number_text(r.courses),
            number_text(r.enrolled),
            number_text(r.passed),
            r.barometer_label or "—",
        ]
        for r in kkz.kkz_table(year)
    ]
    gaps = [
        f"{g.group} ({g.category_label}, {g.year})" for g in kkz.deficits_without_courses([], year)
    ]
    key_rows, key_sources = key_indicators()
    return {
        "activities": len(activities),
        "participants": number_text(sum(a.participants for a in activities)),
        "amount": number_text(sum(float(a.amount) for a in activities), 2),
        "priorities": priorities,
        "priority_counts": [[str(label), by_priority[code][0]] for code, label in Priority.choices],
        **reached(year),
        "courses": courses,
        "gaps": gaps,
        "key_indicators": key_rows,
        "key_sources": key_sources,  # absent from reports published before it
        "coordination": annual_team.coordination_year(year),
        "self_assessment": annual_team.self_assessment(year),
        "as_of": timezone.localdate().isoformat(),
    }


def reached(year: int) -> dict[str, Any]:
    """People reached by powiat (the region first) and per 1,000 people of working age, by the
    same computation as the office's indicator (`indicators.per_1000`)."""
    region = home_region()
    if region is None:
        return {"powiats": [], "map": [], "population": {"year": "", "source": ""}}
    units = [region, *Unit.objects.filter(parent=region).order_by("code").defer("geometry")]
    participants = indicators.figures(year).get(indicators.PARTICIPANTS, {})
    ratio = indicators.per_1000(year, participants)
    powiats = []
    points = []
    for unit in units:
        per = ratio.values.get(unit.pk)
        population = ratio.population.get(unit.pk)
        powiats.append(
            [
                unit.display_name,
                number_text(participants.get(unit.pk, 0), 1),
                number_text(population) if population else "—",
                number_text(per, 1) if per is not None else "—",
            ]
        )
        if unit.pk != region.pk:
            points.append([unit.code, unit.display_name, None if per is None else round(per, 1)])
    return {
        "powiats": powiats,
        "map": points,
        "region_code": region.code,
        "population": {"year": ratio.population_year, "source": ratio.source},
    }


def figures_of(report: AnnualReport) -> dict[str, Any]:
    return report.figures if report.published_at else figures(report.year)


def publish(report: AnnualReport) -> None:
    if report.published_at:
        raise CannotPublish(_("This version is already published; correct it as a new version."))
    report.figures = figures(report.year)
    report.published_at = timezone.now()
    report.save(update_fields=["figures", "published_at"])


@transaction.atomic
def new_version(report: AnnualReport) -> AnnualReport:
    """A draft copy of a published report, to correct it."""
    if not report.published_at:
        raise CannotPublish(
            _("A draft is edited as it is; only a published report gets a new version.")
        )
    latest = AnnualReport.objects.filter(year=report.year).order_by("-version").first()
    return AnnualReport.objects.create(
        year=report.year,
        version=(latest.version if latest else report.version) + 1,
        summary=report.summary,
        coordination=report.coordination,
        self_assessment=report.self_assessment,
        conclusions=report.conclusions,
    )


def title(report: AnnualReport) -> str:
    region = home_region()
    return _(
        "Report on the monitoring of regional lifelong learning activities – %(region)s, %(year)d"
    ) % {"region": region.display_name if region else "", "year": report.year}


def as_of(report: AnnualReport) -> datetime.date:
    data = figures_of(report)
    return datetime.date.fromisoformat(data["as_of"])


# The adult-learning indicators the report always shows (with their targets, where they have
# values for the region), then the home page's headline figures.
KEY_INDICATORS = (
    "al-participation-4-weeks",
    "al-participation-4-weeks-gus",
    "al-participation-12-months",
    *position.HEADLINE,
)


def key_indicators() -> tuple[list[list[str]], list[str]]:
    """The key indicators: the region's latest value, its place among the voivodeships (the
    indicators app's position service), Poland's value and the targets (the region's, else
    Poland's); and for each value shown, its source (its batch's) and the indicator's last
    update, as one line of text."""
    region = home_region()
    if region is None:
        return [], []
    chosen = {i.code: i for i in Indicator.objects.filter(code__in=KEY_INDICATORS)}
    ordered = [chosen[code] for code in dict.fromkeys(KEY_INDICATORS) if code in chosen]
    placed = {p.indicator.pk: p for p in position.positions(ordered, region)}
    targets: dict[int, list[Target]] = defaultdict(list)
    for target in Target.objects.filter(indicator__in=ordered).select_related("unit"):
        targets[target.indicator_id].append(target)
    rows = []
    cited = []
    for indicator in ordered:
        found = placed.get(indicator.pk)
        own = [t for t in targets[indicator.pk] if t.unit_id == region.pk]
        shown = sorted(own or targets[indicator.pk], key=lambda t: t.year)
        if found is None and not shown:
            continue
        name, unit = indicator.name, indicator.unit_label
        decimals = indicator.decimals
        rows.append(
            [
                f"{name} ({unit})" if unit else name,
                found.period if found else "—",
                number_text(found.value, decimals) if found else "—",
                f"{found.rank} / {found.ranked}" if found else "—",
                number_text(found.country_value, decimals)
                if found and found.country_value is not None
                else "—",
                "; ".join(
                    f"{t.unit.display_name} {t.year}: {number_text(t.value, decimals)}"
                    for t in shown
                )
                or "—",
            ]
        )
        if found is not None:
            cited.append(
                _("%(indicator)s: %(source)s; last updated %(date)s")
                % {
                    "indicator": name,
                    "source": found.source,
                    "date": long_date(found.last_updated) or "—",
                }
            )
    return rows, cited
