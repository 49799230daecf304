"""The minutes' way to acceptance, by the 2025 rules for labour-market councils: the office's
draft goes to the members for comments with a deadline, the office amends it, the members
accept it (at the next meeting or by circular vote) and it is locked. Each step is dated.
The statutory deadlines that follow (the copy to the marshal, the yearly report) are
counted by the body's rules in `deadlines`."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.dispatch import receiver
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from lll.accounts.models import User
from lll.core.dates import add_working_days
from lll.core.errors import NotAllowed, UserError
from lll.core.mail import send_each

from ..models import Minutes, MinutesComment, MinutesSection, Vote
from .minutes import MinutesFrozen, approve_minutes, minutes_title
from .votes import vote_decided

COMMENT_DAYS = 7  # the deadline the office proposes for comments


class CommentsClosed(NotAllowed):
    """The minutes take no comments now."""


@dataclass(frozen=True)
class Step:
    label: str
    when: datetime.date | datetime.datetime | None
    note: str = ""

    @property
    def done(self) -> bool:
        return self.when is not None


def steps(minutes: Minutes) -> list[Step]:
    """Where the minutes stand, step by step, for the minutes page."""
    deadline = (
        _("comments due by %(date)s") % {"date": minutes.comments_deadline.strftime("%d.%m.%Y")}
        if minutes.comments_deadline
        else ""
    )
    return [
        Step(_("Drafted by the office"), minutes.created_at),
        Step(_("Sent to the members for comments"), minutes.sent_for_comments_at, deadline),
        Step(_("Amended by the office"), minutes.amended_at),
        Step(
            _("Accepted by the members"),
            minutes.accepted_on,
            minutes.acceptance_note or minutes.get_accepted_how_display(),
        ),
        Step(_("Locked"), minutes.approved_at),
    ]


def default_comments_deadline(today: datetime.date | None = None) -> datetime.date:
    return add_working_days(today or timezone.localdate(), COMMENT_DAYS)


@transaction.atomic
def send_for_comments(minutes: Minutes, deadline: datetime.date, user: User | None) -> None:
    """Open the draft to the members: they see it and comment on it until `deadline`."""
    if minutes.is_frozen:
        raise MinutesFrozen(_("These minutes are already accepted."))
    if deadline < timezone.localdate():
        raise UserError(_("Comments due by: the deadline cannot be in the past."))
    minutes.status = Minutes.Status.COMMENTS
    minutes.sent_for_comments_at = timezone.now()
    minutes.comments_deadline = deadline
    minutes.save(update_fields=["status", "sent_for_comments_at", "comments_deadline"])


def comments_open(minutes: Minutes, today: datetime.date | None = None) -> bool:
    today = today or timezone.localdate()
    return minutes.takes_comments and (
        minutes.comments_deadline is None or today <= minutes.comments_deadline
    )


def add_comment(
    minutes: Minutes, user: User, text: str, section: MinutesSection | None = None
) -> MinutesComment:
    if not comments_open(minutes):
        raise CommentsClosed(_("The minutes take no comments now."))
    text = text.strip()
    if not text:
        raise UserError(_("Comment: write what should change."))
    if section is not None and section.minutes_id != minutes.pk:
        raise UserError(_("Section: it belongs to other minutes."))
    person = getattr(user, "person", None)
    name = person.full_name if person else (user.get_full_name() or user.get_username())
    return MinutesComment.objects.create(
        minutes=minutes, section=section, author=user, author_name=name, text=text
    )


def reply_to_comment(
    comment: MinutesComment, user: User, text: str, *, url: str = "", by_email: bool = False
) -> bool:
    """The office answers a member's comment; the member sees the reply under the comment and,
    when asked and the member has an address, gets it by e-mail. True when a mail went out."""
    text = text.strip()
    if not text:
        raise UserError(_("Reply: write the answer to the comment."))
    if comment.minutes.is_frozen:
        raise MinutesFrozen(_("These minutes are already accepted."))
    person = getattr(user, "person", None)
    comment.reply = text
    comment.replied_by = user
    comment.replied_by_name = (
        person.full_name if person else (user.get_full_name() or user.get_username())
    )
    comment.replied_at = timezone.now()
    comment.save(update_fields=["reply", "replied_by", "replied_by_name", "replied_at"])
    author = comment.author
    member = getattr(author, "person", None)
    address = (member.email if member else "") or (author.email if author else "")
    if not by_email or not address:
        return False
    with override(settings.LANGUAGE_CODE):
        subject = _("The office's reply to a comment: %(title)s") % {
            "title": minutes_title(comment.minutes.meeting)
        }
        body = render_to_string(
            "coordination/email/comment_reply.txt",
            {"comment": comment, "url": url, "office": settings.LLL_OFFICE_NAME},
        )
    sent, _failed = send_each(
        [address],
        lambda to: EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [to]),
        lambda to, error: None,
    )
    return sent == 1


def record_amendment(minutes: Minutes) -> None:
    """The office saved the minutes after the members' comments: the amendment is dated."""
    if minutes.sent_for_comments_at is not None and not minutes.is_frozen:
        minutes.amended_at = timezone.now()
        minutes.save(update_fields=["amended_at"])


@transaction.atomic
def accept_minutes(
    minutes: Minutes,
    user: User | None,
    *,
    on: datetime.date,
    how: str,
    note: str = "",
) -> None:
    """The members accepted the minutes (`how`: Minutes.Acceptance, at a meeting or by circular
    vote) on `on`: record it and lock the minutes. The circular vote calls this when it passes;
    meanwhile the office records "accepted at meeting no. X" by hand."""
    if minutes.is_frozen:
        raise MinutesFrozen(_("These minutes are already accepted."))
    if how not in Minutes.Acceptance.values:
        raise UserError(_("Accepted: choose at a meeting or by circular vote."))
    if on > timezone.localdate():
        raise UserError(_("Accepted on: the date cannot be in the future."))
    held = timezone.localtime(minutes.meeting.starts_at).date()
    if on < held:
        raise UserError(_("Accepted on: the date is before the meeting."))
    minutes.accepted_on = on
    minutes.accepted_how = how
    minutes.acceptance_note = note.strip()
    minutes.save(update_fields=["accepted_on", "accepted_how", "acceptance_note"])
    approve_minutes(minutes, user)


@receiver(vote_decided)
def accept_on_carried_vote(sender: object, vote: Vote, **kwargs: object) -> None:
    """A vote on accepting minutes was carried (by circular vote, or at a meeting): the minutes
    are accepted and locked. One that fails leaves them as they are; so does a refusal (e.g.
    minutes locked meanwhile), which the office then sees on the minutes page."""
    if vote.subject != Vote.Subject.MINUTES or vote.minutes_id is None:
        return
    if vote.outcome != Vote.Outcome.CARRIED:
        return
    minutes = Minutes.objects.get(pk=vote.minutes_id)
    how = (
        Minutes.Acceptance.CIRCULAR
        if vote.kind == Vote.Kind.CIRCULAR
        else Minutes.Acceptance.MEETING
    )
    on = timezone.localdate(vote.decided_at) if vote.decided_at else timezone.localdate()
    try:
        accept_minutes(minutes, None, on=on, how=how, note=str(vote.outcome_note or vote.title))
    except UserError:
        return
