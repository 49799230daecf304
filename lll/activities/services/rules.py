"""The validation rules of an activity's values, the same for the form, the file and the submit.

`check(values, cycle)` returns every broken rule as (field, message in the user's language);
`outliers(report)` warns (never blocks) when the institution's totals differ much from its
previous cycle.
"""

import datetime
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from lll.core.dates import long_date

from ..models import Activity, ActivityType, Report, ReportingCycle

AGE_FIELDS = ("age_under_25", "age_25_49", "age_50_64", "age_65_plus")
OUTLIER_FACTOR = 3  # a total over 3 times (or under a third of) last cycle's is a warning


def check(
    values: dict[str, Any],
    cycle: ReportingCycle | None = None,
    unreadable: Collection[str] = (),
) -> list[tuple[str, str]]:
    """Every rule the values break, as (field name, message), in the order of the fields.

    `unreadable` names fields whose value could not be read (a file's bad cell): a rule that
    needs one of them is not checked, so a bad cell is not also reported as a broken sum."""
    found: list[tuple[str, str]] = []
    skip = set(unreadable)

    def needs(*names: str) -> bool:
        return not skip.intersection(names)

    def number(name: str) -> int:
        return int(values.get(name) or 0)

    participants = number("participants")
    if needs("starts_on", "ends_on"):
        starts, ends = values.get("starts_on"), values.get("ends_on")
        if isinstance(starts, datetime.date) and isinstance(ends, datetime.date):
            if cycle is not None and (starts < cycle.starts_on or ends > cycle.ends_on):
                found.append(
                    (
                        "starts_on",
                        _("The dates must lie inside the reporting period (%(start)s – %(end)s).")
                        % {"start": long_date(cycle.starts_on), "end": long_date(cycle.ends_on)},
                    )
                )
            if ends < starts:
                found.append(("ends_on", _("The end cannot be before the start.")))
    kkz = values.get("activity_type") == ActivityType.KKZ
    if (
        needs("activity_type", "qualification_code")
        and kkz
        and not values.get("qualification_code")
    ):
        found.append(
            (
                "qualification_code",
                _("A qualification course (KKZ) needs its qualification code."),
            )
        )
    territory = values.get("whole_region") or values.get("units")
    if needs("whole_region", "units") and not territory:
        found.append(("units", _("Give the powiats or gminas, or mark the whole region.")))
    if needs("amount"):
        amount = values.get("amount")
        if amount is not None and Decimal(amount) < 0:
            found.append(("amount", _("The amount cannot be negative.")))
    if needs("women", "men", "participants") and number("women") + number("men") != participants:
        found.append(
            (
                "women",
                _("Women (%(women)d) and men (%(men)d) must add up to the participants (%(all)d).")
                % {"women": number("women"), "men": number("men"), "all": participants},
            )
        )
    ages = sum(number(name) for name in AGE_FIELDS)
    if needs("participants", *AGE_FIELDS) and ages and ages != participants:
        found.append(
            (
                "age_under_25",
                _("The age bands (%(ages)d together) must add up to the participants (%(all)d).")
                % {"ages": ages, "all": participants},
            )
        )
    if needs("completions", "participants") and number("completions") > participants:
        found.append(
            (
                "completions",
                _("Completed (%(done)d) cannot be more than participants (%(all)d).")
                % {"done": number("completions"), "all": participants},
            )
        )
    if needs("passed_exam", "completions") and number("passed_exam") > number("completions"):
        found.append(
            (
                "passed_exam",
                _("Passed the exam (%(passed)d) cannot be more than completed (%(done)d).")
                % {"passed": number("passed_exam"), "done": number("completions")},
            )
        )
    return found


def lead_among_partners(lead_id: int | None, partners: Iterable[Any]) -> str | None:
    """The problem when the implementing institution is listed among its own partners."""
    if lead_id is not None and any(partner.pk == lead_id for partner in partners):
        return _("The implementing institution cannot also be its own partner.")
    return None


def values_of(activity: Activity) -> dict[str, Any]:
    """An activity's values as `check` takes them (its territory from the database)."""
    values = {field.name: getattr(activity, field.name) for field in activity._meta.fields}
    values["units"] = list(activity.units.all()) if activity.pk else []
    return values


@dataclass
class Outlier:
    label: str
    now: float
    before: float
    previous_cycle: str

    def __str__(self) -> str:
        return _(
            "%(label)s: %(now)s now against %(before)s in %(cycle)s; please check the figures."
        ) % {
            "label": self.label,
            "now": f"{self.now:,.0f}".replace(",", "\u00a0"),
            "before": f"{self.before:,.0f}".replace(",", "\u00a0"),
            "cycle": self.previous_cycle,
        }


def totals(report: Report) -> dict[str, float]:
    activities = list(report.activities.all())
    return {
        "participants": float(sum(a.participants for a in activities)),
        "completions": float(sum(a.completions for a in activities)),
        "amount": float(sum(a.amount for a in activities)),
    }


def previous_report(report: Report) -> Report | None:
    return (
        Report.objects.filter(
            institution_id=report.institution_id, cycle__starts_on__lt=report.cycle.starts_on
        )
        .exclude(activities=None)
        .select_related("cycle")
        .order_by("-cycle__starts_on")
        .first()
    )


def outliers(report: Report) -> list[Outlier]:
    """Totals over OUTLIER_FACTOR times, or under a fraction of, the previous cycle's."""
    previous = previous_report(report)
    if previous is None:
        return []
    labels = {
        "participants": _("Participants"),
        "completions": _("Completed"),
        "amount": _("Amount (PLN)"),
    }
    now, before = totals(report), totals(previous)
    found = []
    for key, label in labels.items():
        if before[key] <= 0:
            continue
        ratio = now[key] / before[key]
        if ratio > OUTLIER_FACTOR or ratio < 1 / OUTLIER_FACTOR:
            found.append(Outlier(str(label), now[key], before[key], str(previous.cycle)))
    return found
