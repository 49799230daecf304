"""Reporting cycles: opening one, inviting reporters, saving activities with their change log,
submitting, returning, approving, completeness and reminders."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import Group
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from lll.accounts.models import User
from lll.accounts.roles import PARTNER_REPORTER
from lll.coordination.models import Institution
from lll.core.dates import long_date
from lll.core.errors import UserError
from lll.core.mail import send_each

from ..models import (
    Activity,
    ActivityChange,
    Report,
    Reporter,
    ReportingCycle,
    ReportStatus,
    codes,
)
from . import indicators, rules
from .columns import BY_KEY

M2M = ("units", "occupations", "partners", "outcomes", "indicators")


class CannotReport(UserError):
    """A step of the reporting that is not possible now; the message says why."""


def open_cycle(
    name: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
    deadline: datetime.date,
    institutions: Iterable[Institution],
    is_demo: bool = False,
) -> ReportingCycle:
    if ends_on < starts_on:
        raise CannotReport(_("The period cannot end before it starts."))
    with transaction.atomic():
        cycle = ReportingCycle.objects.create(
            name=name, starts_on=starts_on, ends_on=ends_on, deadline=deadline, is_demo=is_demo
        )
        Report.objects.bulk_create(
            Report(cycle=cycle, institution=i, is_demo=is_demo) for i in institutions
        )
    return cycle


def add_institutions(cycle: ReportingCycle, institutions: Iterable[Institution]) -> int:
    have = set(cycle.reports.values_list("institution_id", flat=True))
    new = [Report(cycle=cycle, institution=i) for i in institutions if i.pk not in have]
    Report.objects.bulk_create(new)
    return len(new)


def invite_reporter(
    institution: Institution, email: str, first_name: str = "", last_name: str = ""
) -> User:
    """A login with the partner reporter role for one institution; the caller e-mails the link
    where they set their own password (as member accounts are made). Username: the address."""
    email = email.strip()
    if User.objects.filter(username__iexact=email).exists():
        raise CannotReport(_("An account with this e-mail address already exists."))
    with transaction.atomic():
        user = User(username=email.lower(), email=email, first_name=first_name, last_name=last_name)
        user.set_unusable_password()
        user.save()
        user.groups.add(Group.objects.get(name=PARTNER_REPORTER))
        Reporter.objects.create(user=user, institution=institution)
    return user


def display(activity: Activity, key: str, items: Iterable[Any] | None = None) -> str:
    """A value as the change log shows it (`items`: a relation's new links, when known)."""
    if key in M2M:
        if items is None:
            items = getattr(activity, key).all()
        return "; ".join(sorted(getattr(i, "code", None) or str(i) for i in items))
    value = getattr(activity, key)
    if key in ("priorities", "target_groups"):
        return value.strip(",").replace(",", "; ")
    choices = getattr(activity._meta.get_field(key), "choices", None)
    if choices:
        return str(dict(choices).get(value, value))
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, datetime.date):
        return long_date(value)
    if isinstance(value, Decimal):  # 12500 from a file and 12500.00 from the database alike
        return f"{value:.2f}"
    return "" if value is None else str(value)


LOGGED = [key for key in BY_KEY if key != "id"] + ["is_published"]


def snapshot(activity: Activity, relations: dict[str, Any] | None = None) -> dict[str, str]:
    """The logged values as shown; `relations` gives links not yet written (the bulk path)."""
    if not activity.pk:
        return {}
    relations = relations or {}
    return {key: display(activity, key, relations.get(key)) for key in LOGGED}


def label_of(key: str) -> str:
    column = BY_KEY.get(key)
    if column is not None:
        return str(column.label)
    return str(getattr(Activity._meta.get_field(key), "verbose_name", key))


def save_activity(
    activity: Activity, values: dict[str, Any], user: Any, report: Report | None = None
) -> Activity:
    """Set the values (M2M ones too) and save; after the report was first submitted every changed
    value is logged with who, when, the old and the new value."""
    before = snapshot(activity)
    for key in ("priorities", "target_groups"):
        if key in values and isinstance(values[key], list | tuple):
            values[key] = codes(values[key])
    relations = {key: values.pop(key) for key in M2M if key in values}
    for key, value in values.items():
        setattr(activity, key, value)
    if report is not None:
        activity.report = report
        activity.institution_id = report.institution_id
    with transaction.atomic():
        activity.save()
        for key, items in relations.items():
            if before:
                getattr(activity, key).set(items)
            elif items:  # a new activity has no links yet: add, without reading them first
                getattr(activity, key).add(*items)
        logged_report = activity.report
        if before and logged_report is not None and logged_report.submitted_at is not None:
            after = snapshot(activity)
            ActivityChange.objects.bulk_create(
                ActivityChange(
                    activity=activity,
                    report=logged_report,
                    activity_title=activity.title,
                    field=label_of(key),
                    old_value=before[key],
                    new_value=after[key],
                    changed_by=user if getattr(user, "is_authenticated", False) else None,
                )
                for key in LOGGED
                if before[key] != after[key]
            )
        if logged_report is not None and logged_report.status == ReportStatus.NOT_STARTED:
            logged_report.status = ReportStatus.DRAFT
            logged_report.save(update_fields=["status"])
    return activity


@dataclass
class Problem:
    activity: Activity
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.activity.title}: {self.message}"


def problems_of(report: Report) -> list[Problem]:
    found = []
    for activity in report.activities.prefetch_related("units"):
        for field, message in rules.check(rules.values_of(activity), report.cycle):
            found.append(Problem(activity, field, message))
    return found


def submit(report: Report) -> None:
    if not report.is_editable:
        raise CannotReport(_("This report was already submitted."))
    problems = problems_of(report)
    if problems:
        raise CannotReport(
            _("The report cannot be submitted: %(problem)s (and %(more)d more problems).")
            % {"problem": problems[0], "more": len(problems) - 1}
            if len(problems) > 1
            else _("The report cannot be submitted: %(problem)s") % {"problem": problems[0]}
        )
    report.status = ReportStatus.SUBMITTED
    report.submitted_at = timezone.now()
    report.save(update_fields=["status", "submitted_at"])


def return_report(report: Report, comment: str) -> None:
    if report.status != ReportStatus.SUBMITTED:
        raise CannotReport(_("Only a submitted report can be returned."))
    if not comment.strip():
        raise CannotReport(_("Say what the partner should correct."))
    report.status = ReportStatus.RETURNED
    report.comment = comment.strip()
    report.decided_at = timezone.now()
    report.save(update_fields=["status", "comment", "decided_at"])


def approve(report: Report) -> None:
    if report.status != ReportStatus.SUBMITTED:
        raise CannotReport(_("Only a submitted report can be approved."))
    report.status = ReportStatus.APPROVED
    report.decided_at = timezone.now()
    report.save(update_fields=["status", "decided_at"])
    _refresh_indicators(report)


def withdraw_approval(report: Report) -> None:
    if report.status != ReportStatus.APPROVED:
        raise CannotReport(_("The report is not approved."))
    report.status = ReportStatus.SUBMITTED
    report.decided_at = timezone.now()
    report.save(update_fields=["status", "decided_at"])
    _refresh_indicators(report)


def _refresh_indicators(report: Report) -> None:
    """The office's indicators of every year the report's activities end in."""
    years = {d.year for d in report.activities.values_list("ends_on", flat=True)}
    for year in sorted(years):
        indicators.publish(year)


SUBMITTED = (ReportStatus.SUBMITTED, ReportStatus.APPROVED)


def state(report: Report, today: datetime.date) -> str:
    """submitted, late (never submitted and past the deadline), in progress (a draft, or a
    returned report being corrected) or not started."""
    if report.status in SUBMITTED:
        return "submitted"
    if report.status == ReportStatus.RETURNED:
        return "in_progress"
    if today > report.cycle.deadline:
        return "late"
    return "not_started" if report.status == ReportStatus.NOT_STARTED else "in_progress"


def completeness(cycle: ReportingCycle, today: datetime.date) -> dict[str, int]:
    counts = {"submitted": 0, "late": 0, "in_progress": 0, "not_started": 0}
    for report in cycle.reports.select_related("cycle"):
        counts[state(report, today)] += 1
    counts["total"] = sum(counts.values())
    return counts


def reporters_of(report: Report) -> QuerySet[Reporter]:
    return Reporter.objects.filter(institution_id=report.institution_id, user__is_active=True)


def send_reminders(
    cycle: ReportingCycle, today: datetime.date, link: str, days_before: int = 7
) -> tuple[int, int]:
    """E-mail the reporters of every report not yet submitted: a reminder within `days_before`
    days of the deadline, a notice that it is late after it. Returns (sent, failed)."""
    if today < cycle.deadline - datetime.timedelta(days=days_before):
        return 0, 0
    late = today > cycle.deadline
    pending = [r for r in cycle.reports.select_related("institution") if r.status not in SUBMITTED]
    recipients = [(r, rep) for r in pending for rep in reporters_of(r).select_related("user")]

    def message_for(item: tuple[Report, Reporter]) -> EmailMessage:
        report, reporter = item
        subject = (
            _("The report for %(cycle)s is late") if late else _("Reminder: report for %(cycle)s")
        ) % {"cycle": cycle.name}
        body = _(
            "The report of %(institution)s for %(cycle)s is due on %(deadline)s and has not been "
            "submitted yet. Fill it in or upload the file here: %(link)s"
        ) % {
            "institution": report.institution.name,
            "cycle": cycle.name,
            "deadline": long_date(cycle.deadline),
            "link": link,
        }
        return EmailMessage(subject, body, None, [reporter.user.email])

    reminded: set[int] = set()

    def record(item: tuple[Report, Reporter], error: Exception | None) -> None:
        if error is None:
            reminded.add(item[0].pk)

    sent, failed = send_each(recipients, message_for, record)
    Report.objects.filter(pk__in=reminded).update(reminded_at=timezone.now())
    return sent, failed
