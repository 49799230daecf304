"""The annual monitoring report: its figures (live for a draft, frozen once published)."""

import datetime
from collections import defaultdict
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from lll.core.errors import UserError
from lll.indicators.models import Indicator, Observation, Target
from lll.territory.models import Unit
from lll.territory.services import home_region

from ..models import AnnualReport, Priority
from . import indicators, kkz


class CannotPublish(UserError):
    """A step of the annual report that is not possible now."""


def _number(value: float, decimals: int = 0) -> str:
    text = f"{value:,.{decimals}f}".replace(",", "\u00a0").replace(".", ",")
    return text


def figures(year: int) -> dict[str, Any]:
    """The report's tables as text rows, as the pages and documents show them."""
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
            _number(by_priority[code][0]),
            _number(by_priority[code][1]),
            _number(by_priority[code][2], 2),
        ]
        for code, label in Priority.choices
    ]
    region = home_region()
    units = [region, *Unit.objects.filter(parent=region).order_by("code")] if region else []
    values = {
        (code, unit_id): value
        for code, unit_id, value in Observation.objects.filter(
            indicator__code__in=[indicators.PARTICIPANTS, indicators.PER_1000],
            period=str(year),
        ).values_list("indicator__code", "unit_id", "value")
    }
    powiats = [
        [
            unit.display_name,
            _number(values.get((indicators.PARTICIPANTS, unit.pk), 0), 1),
            _number(per, 1) if (per := values.get((indicators.PER_1000, unit.pk))) else "—",
        ]
        for unit in units
        if unit is not None
    ]
    courses = [
        [
            f"{r.occupation.code} {r.occupation.name}" if r.occupation else "—",
            r.powiat.name if r.powiat else _("the whole region"),
            _number(r.courses),
            _number(r.enrolled),
            _number(r.passed),
            r.barometer_label or "—",
        ]
        for r in kkz.kkz_table(year)
    ]
    gaps = [
        f"{g.group} ({g.category_label}, {g.year})" for g in kkz.deficits_without_courses([], year)
    ]
    return {
        "activities": len(activities),
        "participants": _number(sum(a.participants for a in activities)),
        "amount": _number(sum(float(a.amount) for a in activities), 2),
        "priorities": priorities,
        "powiats": powiats,
        "courses": courses,
        "gaps": gaps,
        "key_indicators": key_indicators(year),
        "as_of": timezone.localdate().isoformat(),
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


KEY_INDICATORS = ("al-participation-4-weeks", "al-participation-12-months")


def key_indicators(year: int) -> list[list[str]]:
    """The key adult-learning indicators: the region's latest value up to the year, its place
    among the voivodeships with a value in that period, and the region's targets."""
    region = home_region()
    if region is None:
        return []
    rows = []
    for indicator in Indicator.objects.filter(code__in=KEY_INDICATORS).order_by("code"):
        own = (
            Observation.objects.filter(indicator=indicator, unit=region, period__lte=str(year))
            .order_by("-period")
            .first()
        )
        if own is None:
            continue
        peers = list(
            Observation.objects.filter(
                indicator=indicator, period=own.period, unit__level="voivodeship"
            ).values_list("value", flat=True)
        )
        better = (
            [v for v in peers if v > own.value]
            if indicator.polarity != "lower"
            else [v for v in peers if v < own.value]
        )
        targets = "; ".join(
            f"{t.year}: {_number(t.value, 1)}"
            for t in Target.objects.filter(indicator=indicator, unit=region).order_by("year")
        )
        rows.append(
            [
                indicator.name_pl if get_language() == "pl" else indicator.name_en,
                own.period,
                _number(own.value, indicator.decimals),
                f"{len(better) + 1} / {len(peers)}",
                targets or "—",
            ]
        )
    return rows
