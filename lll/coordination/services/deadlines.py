"""The statutory deadlines that follow from a body's rules, counted in one place for the meeting
page and the office's tracker: the copy of accepted minutes to the voivodeship marshal (the
rules' working days from acceptance: 20 for the WRRP) and the yearly report (by 31 January
of the next year for the WRRP). The office marks each one done, with the date and who did it."""

import datetime
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lll.accounts.models import User
from lll.core.errors import UserError

from ..models import Body, DutyDone, Meeting, Minutes
from .rules import marshal_copy_due, rules_for, yearly_report_due

RECENT_DAYS = 90  # done duties stay in the tracker this long


@dataclass(frozen=True)
class Deadline:
    body: Body
    what: str
    due: datetime.date | None  # None: counted from an acceptance still to come
    duty: str
    meeting: Meeting | None = None
    minutes: Minutes | None = None
    year: int | None = None
    done: DutyDone | None = None
    pending: str = ""  # how the date will be counted, while there is none

    @property
    def overdue(self) -> bool:
        return self.done is None and self.due is not None and self.due < timezone.localdate()

    # The meeting page's name for it.
    @property
    def label(self) -> str:
        return self.what


def marshal_copy(minutes: Minutes, done: DutyDone | None = None) -> Deadline | None:
    """The copy of these minutes to the marshal, if the body's rules ask for one: due the
    rules' working days after the members accepted them."""
    body = minutes.meeting.body
    days = rules_for(body).marshal_copy_days
    if not days:
        return None
    what = _("Copy of the minutes of meeting no. %(number)s to the voivodeship marshal") % {
        "number": minutes.meeting.number
    }
    due = marshal_copy_due(body, minutes.accepted_on) if minutes.accepted_on else None
    pending = (
        "" if due else _("within %(days)s working days of the minutes' acceptance") % {"days": days}
    )
    return Deadline(
        body,
        what,
        due,
        DutyDone.Duty.MARSHAL_COPY,
        meeting=minutes.meeting,
        minutes=minutes,
        done=done,
        pending=pending,
    )


def yearly_report(body: Body, year: int, done: DutyDone | None = None) -> Deadline | None:
    due = yearly_report_due(body, year)
    if due is None:
        return None
    what = _("Yearly report for %(year)s") % {"year": year}
    return Deadline(body, what, due, DutyDone.Duty.YEARLY_REPORT, year=year, done=done)


def meeting_deadlines(meeting: Meeting) -> list[Deadline]:
    """The deadlines that follow from a meeting, for its page: the copy of its minutes (dated
    once they are accepted) and the yearly report on its year."""
    result = []
    minutes = (
        meeting.minutes.filter(status=Minutes.Status.APPROVED).first()
        or meeting.minutes.first()
        or Minutes(meeting=meeting)
    )
    done = (
        DutyDone.objects.filter(minutes=minutes, duty=DutyDone.Duty.MARSHAL_COPY).first()
        if minutes.pk
        else None
    )
    if copy := marshal_copy(minutes, done):
        result.append(copy)
    year = timezone.localtime(meeting.starts_at).year
    report_done = DutyDone.objects.filter(
        body=meeting.body, duty=DutyDone.Duty.YEARLY_REPORT, year=year
    ).first()
    if report := yearly_report(meeting.body, year, report_done):
        result.append(report)
    return result


def statutory_deadlines(today: datetime.date | None = None) -> list[Deadline]:
    """The office's tracker: each accepted set of minutes whose copy to the marshal is not done
    (accepted in the last year) or was done in the last 90 days, and each body's yearly reports
    on last year (until done) and this year, by each body's own rules."""
    today = today or timezone.localdate()
    recent = today - datetime.timedelta(days=RECENT_DAYS)
    done_copies = {
        d.minutes_id: d
        for d in DutyDone.objects.filter(duty=DutyDone.Duty.MARSHAL_COPY).select_related("minutes")
    }
    result = []
    accepted = Minutes.objects.filter(
        status=Minutes.Status.APPROVED, accepted_on__isnull=False
    ).select_related("meeting__body")
    for minutes in accepted:
        done = done_copies.get(minutes.pk)
        if done is not None and done.done_on < recent:
            continue
        if (
            done is None
            and minutes.accepted_on
            and minutes.accepted_on < today.replace(year=today.year - 1, day=min(today.day, 28))
        ):
            continue  # accepted over a year ago, before the office kept track
        if copy := marshal_copy(minutes, done):
            result.append(copy)
    reports = {
        (d.body_id, d.year): d for d in DutyDone.objects.filter(duty=DutyDone.Duty.YEARLY_REPORT)
    }
    for body in Body.objects.select_related("rules"):
        for year in (today.year - 1, today.year):
            done = reports.get((body.pk, year))
            if year < today.year and done is not None and done.done_on < recent:
                continue
            if report := yearly_report(body, year, done):
                result.append(report)
    return sorted(result, key=lambda d: (d.due or today, d.body.short_name, d.what))


def mark_done(
    body: Body,
    duty: str,
    user: User,
    done_on: datetime.date,
    *,
    minutes: Minutes | None = None,
    year: int | None = None,
) -> DutyDone:
    """The office did a statutory duty on `done_on`: recorded once, with who did it."""
    if duty not in DutyDone.Duty.values:
        raise UserError(_("Unknown statutory duty."))
    if done_on > timezone.localdate():
        raise UserError(_("Done on: the date cannot be in the future."))
    if duty == DutyDone.Duty.MARSHAL_COPY:
        if minutes is None or minutes.status != Minutes.Status.APPROVED:
            raise UserError(_("The copy to the marshal follows accepted minutes only."))
        if minutes.accepted_on and done_on < minutes.accepted_on:
            raise UserError(_("Done on: the date is before the minutes' acceptance."))
        year = None
    elif year is None:
        raise UserError(_("Year: say which year the report covers."))
    else:
        minutes = None
    person = getattr(user, "person", None)
    name = person.full_name if person else (user.get_full_name() or user.get_username())
    try:
        with transaction.atomic():
            return DutyDone.objects.create(
                body=body,
                duty=duty,
                minutes=minutes,
                year=year,
                done_on=done_on,
                done_by=user,
                done_by_name=name,
            )
    except IntegrityError as error:
        raise UserError(_("This duty is already marked done.")) from error
