"""The annual monitoring report: its figures (live for a draft, frozen once published)."""

import datetime
from collections import defaultdict
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lll.core.errors import UserError
from lll.indicators.models import Observation
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
