"""A body's rules of procedure: the templates (the 2025 regulation for the WRRP, the WZK's
own), the rules in force for a body, and what they make of a meeting (quorum, forms allowed,
statutory deadlines)."""

import datetime
import math
from typing import Any

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lll.core.dates import add_working_days
from lll.core.errors import UserError

from ..models import Body, BodyKind, BodyRules, MajorityRule, Meeting, MinutesAcceptance

REGULATION_2025 = (
    "Rozporządzenie Ministra Rodziny, Pracy i Polityki Społecznej z dnia 20 listopada 2025 r. "
    "w sprawie rad rynku pracy (Dz.U. 2025 poz. 1621)"
)

# The regulation's rules for a labour market council (see DOMAIN.md, "Collegial bodies").
WRRP_2025: dict[str, Any] = {
    "source": REGULATION_2025,
    "in_person": True,
    "remote": True,
    "hybrid": True,
    "quorum_percent": 50,
    "majority": MajorityRule.SIMPLE,
    "casting_vote": True,
    "circular_votes": True,
    "circular_turnout_percent": 50,
    "minutes_acceptance": MinutesAcceptance.NEXT_MEETING_OR_CIRCULAR,
    "marshal_copy_days": 20,
    "yearly_report_month": 1,
    "yearly_report_day": 31,
}

# The WZK works by the voivodeship board's resolution 12/257/2024, whose text was not found:
# the usual rules of a collegial body, its minutes approved by the office and signed by the
# chair, no statutory deadlines. The office corrects them on the rules page.
WZK: dict[str, Any] = {
    **WRRP_2025,
    "source": "Uchwała Zarządu Województwa Podlaskiego nr 12/257/2024 (do sprawdzenia)",
    "minutes_acceptance": MinutesAcceptance.OFFICE,
    "marshal_copy_days": None,
    "yearly_report_month": None,
    "yearly_report_day": None,
}

TEMPLATES: dict[str, tuple[Any, dict[str, Any]]] = {
    "wrrp2025": (gettext_lazy("WRRP: the regulation of 20 November 2025"), WRRP_2025),
    "wzk": (gettext_lazy("WZK: the team's own rules"), WZK),
}


def template_for(body: Body) -> str:
    return "wrrp2025" if body.kind == BodyKind.WRRP else "wzk"


def rules_for(body: Body) -> BodyRules:
    """The body's rules; a body whose rules were never set works by its kind's template (not
    saved), its quorum taken from the body's own quorum setting."""
    try:
        return body.rules
    except BodyRules.DoesNotExist:
        values = dict(TEMPLATES[template_for(body)][1])
        values["quorum_percent"] = body.quorum_percent
        return BodyRules(body=body, **values)


def apply_template(body: Body, template: str) -> BodyRules:
    """Set the body's rules to a template's, keeping nothing of the previous ones."""
    if template not in TEMPLATES:
        raise UserError(_("Unknown template of rules."))
    rules = rules_for(body)
    for field, value in TEMPLATES[template][1].items():
        setattr(rules, field, value)
    save_rules(rules)
    return rules


def save_rules(rules: BodyRules) -> None:
    """Store the rules; the body's quorum follows them, so every page counts it alike."""
    if not rules.allowed_modes():
        raise UserError(_("Allow at least one form of meeting."))
    if (rules.yearly_report_month is None) != (rules.yearly_report_day is None):
        raise UserError(_("Give both the month and the day of the yearly report, or neither."))
    if rules.yearly_report_month and rules.yearly_report_day:
        try:
            datetime.date(2024, rules.yearly_report_month, rules.yearly_report_day)
        except ValueError as error:
            raise UserError(_("The yearly report's day does not exist in that month.")) from error
    rules.save()
    if rules.body.quorum_percent != rules.quorum_percent:
        rules.body.quorum_percent = rules.quorum_percent
        rules.body.save(update_fields=["quorum_percent"])


def quorum_needed(rules: BodyRules, members: int) -> int:
    """At least `quorum_percent` per cent of the members: half of 29 is 15."""
    return math.ceil(members * rules.quorum_percent / 100)


def turnout_needed(rules: BodyRules, members: int) -> int:
    """A circular vote is valid when at least this many members voted."""
    return math.ceil(members * rules.circular_turnout_percent / 100)


def check_meeting_mode(body: Body, mode: str) -> None:
    """A meeting only in a form the body's rules allow."""
    rules = rules_for(body)
    if mode and mode not in rules.allowed_modes():
        labels = dict(Meeting.Mode.choices)
        raise UserError(
            _(
                "The rules of %(body)s do not allow this form of meeting (%(mode)s); "
                "allowed: %(allowed)s."
            )
            % {
                "body": body,
                "mode": labels.get(mode, mode),
                "allowed": ", ".join(str(labels[m]) for m in rules.allowed_modes()),
            }
        )


def marshal_copy_due(body: Body, accepted_on: datetime.date) -> datetime.date | None:
    """The copy of the minutes to the marshal: the rules' working days after the members
    accepted them (20 for the WRRP); None when the body's rules ask for no copy. The one place
    the deadline is counted: the meeting page and the office's tracker both ask here."""
    rules = rules_for(body)
    if not rules.marshal_copy_days:
        return None
    return add_working_days(accepted_on, rules.marshal_copy_days)


def yearly_report_due(body: Body, year: int) -> datetime.date | None:
    """The report on `year`, due in the following year (31 January for the WRRP)."""
    rules = rules_for(body)
    if not rules.yearly_report_month or not rules.yearly_report_day:
        return None
    return datetime.date(year + 1, rules.yearly_report_month, rules.yearly_report_day)


def rules_summary(rules: BodyRules) -> list[tuple[str, str]]:
    """The rules in words, for the body's and the meeting's pages."""
    labels = dict(Meeting.Mode.choices)
    rows = [
        (_("Forms of meeting"), ", ".join(str(labels[m]) for m in rules.allowed_modes())),
        (
            _("Quorum"),
            _("at least %(percent)s%% of the members") % {"percent": rules.quorum_percent},
        ),
        (_("Majority"), str(rules.get_majority_display())),
        (_("Tie"), _("the chair's vote decides") if rules.casting_vote else _("not adopted")),
    ]
    if rules.circular_votes:
        rows.append(
            (
                _("Circular votes"),
                _("valid when at least %(percent)s%% of the members voted")
                % {"percent": rules.circular_turnout_percent},
            )
        )
    else:
        rows.append((_("Circular votes"), _("not used")))
    rows.append((_("Minutes accepted"), str(rules.get_minutes_acceptance_display())))
    if rules.marshal_copy_days:
        rows.append(
            (
                _("Copy to the marshal"),
                _("within %(days)s working days") % {"days": rules.marshal_copy_days},
            )
        )
    if rules.yearly_report_month and rules.yearly_report_day:
        day = date_format(
            datetime.date(2000, rules.yearly_report_month, rules.yearly_report_day), "j E"
        )
        rows.append((_("Yearly report"), _("by %(day)s of the following year") % {"day": day}))
    return rows
