"""Votes: at a meeting (per member or as counts, checked against the quorum and the majority)
and circulated between meetings (in the browser or by a signed e-mail link, with a deadline,
reminders and validity by turnout). A carried resolution, position or recommendation gets its
number (`resolutions.py`); a vote on accepting minutes tells whoever listens (`vote_decided`).
"""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.dispatch import Signal
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from lll.core.errors import UserError
from lll.core.mail import error_text, send_each
from lll.core.text import sorted_polish

from ..models import (
    VOTING_ROLES,
    AgendaItem,
    Attendance,
    Body,
    Meeting,
    MemberVote,
    Minutes,
    Person,
    Role,
    Vote,
    VoteChoice,
    VoteDelivery,
)
from .meetings import polish_order
from .rules import quorum_needed, rules_for, turnout_needed

# Sent once a vote has its outcome (kwargs: vote). The minutes' lifecycle listens for votes on
# accepting minutes (`vote.subject == Vote.Subject.MINUTES`, `vote.minutes`).
vote_decided = Signal()

TOKEN_SALT = "lll.coordination.vote"  # noqa: S105 - a namespace, not a secret
REMINDER_BEFORE = datetime.timedelta(days=2)
CAST = (VoteChoice.FOR, VoteChoice.AGAINST, VoteChoice.ABSTAIN)


class VoteNotAllowed(UserError):
    pass


def vote_day(vote: Vote) -> datetime.date:
    when = vote.meeting.starts_at if vote.meeting else (vote.closes_at or vote.opens_at)
    return timezone.localtime(when).date()


def voting_members(body: Body, day: datetime.date) -> list[Person]:
    """The members entitled to vote on `day` (chair, vice-chairs, members), by Polish name."""
    memberships = body.memberships_on(day).filter(role__in=VOTING_ROLES).select_related("person")
    people = {m.person.pk: m for m in polish_order(memberships)}
    return [m.person for m in people.values()]


def chair_of(body: Body, day: datetime.date, present: set[int] | None = None) -> Person | None:
    """Who chairs: the chair, else a vice-chair (the first present one when `present` is known)."""
    memberships = body.memberships_on(day).filter(role__in=[Role.CHAIR, Role.VICE_CHAIR])
    ordered = sorted(memberships.select_related("person"), key=lambda m: m.role != Role.CHAIR)
    for membership in ordered:
        if present is None or membership.person_id in present:
            return membership.person
    return None


def present_members(meeting: Meeting) -> set[int]:
    """Members recorded as present (or represented by their substitute) at the meeting."""
    return set(
        meeting.attendance.filter(
            status__in=[Attendance.Status.PRESENT, Attendance.Status.SUBSTITUTED]
        ).values_list("person_id", flat=True)
    )


# ---------------------------------------------------------------------------------------------
# The tally and the outcome


@dataclass(frozen=True)
class Tally:
    votes_for: int
    against: int
    abstained: int
    members: int
    needed: int
    took_part: int

    @property
    def cast(self) -> int:
        return self.votes_for + self.against + self.abstained


def tally(vote: Vote) -> Tally:
    """The counts of a vote as they stand (frozen once it closed)."""
    if vote.recording == Vote.Recording.COUNTS and vote.kind == Vote.Kind.MEETING:
        votes_for, against = vote.count_for or 0, vote.count_against or 0
        abstained = vote.count_abstain or 0
    else:
        choices = list(vote.member_votes.values_list("choice", flat=True))
        votes_for, against = choices.count(VoteChoice.FOR), choices.count(VoteChoice.AGAINST)
        abstained = choices.count(VoteChoice.ABSTAIN)
    if vote.status == Vote.Status.CLOSED:
        return Tally(votes_for, against, abstained, vote.members, vote.needed, vote.took_part)
    rules = rules_for(vote.body)
    members = len(voting_members(vote.body, vote_day(vote)))
    cast = votes_for + against + abstained
    if vote.kind == Vote.Kind.CIRCULAR:
        return Tally(votes_for, against, abstained, members, turnout_needed(rules, members), cast)
    if vote.meeting is None:
        raise VoteNotAllowed(_("A vote at a meeting needs its meeting."))
    present = len(present_members(vote.meeting) & _ids(voting_members(vote.body, vote_day(vote))))
    # Attendance decides the quorum; without an attendance list, those who voted count.
    took_part = present or cast
    return Tally(votes_for, against, abstained, members, quorum_needed(rules, members), took_part)


def _ids(people: list[Person]) -> set[int]:
    return {p.pk for p in people}


def _casting(vote: Vote) -> str:
    """The chair's vote: as recorded per member, else the one the office entered."""
    if vote.chair_id and vote.recording == Vote.Recording.PER_MEMBER:
        mine = vote.member_votes.filter(person_id=vote.chair_id).first()
        if mine and mine.choice in (VoteChoice.FOR, VoteChoice.AGAINST):
            return mine.choice
    return vote.casting


def decide(vote: Vote, counts: Tally) -> tuple[str, str]:
    """The outcome and how it was reached, by the body's rules."""
    rules = rules_for(vote.body)
    numbers = _("for: %(for)s, against: %(against)s, abstained: %(abstained)s") % {
        "for": counts.votes_for,
        "against": counts.against,
        "abstained": counts.abstained,
    }
    if vote.kind == Vote.Kind.CIRCULAR and counts.took_part < counts.needed:
        note = _("%(voted)s of %(members)s members voted, %(needed)s needed; %(numbers)s") % {
            "voted": counts.took_part,
            "members": counts.members,
            "needed": counts.needed,
            "numbers": numbers,
        }
        return Vote.Outcome.NO_TURNOUT, note
    if vote.kind == Vote.Kind.MEETING and counts.took_part < counts.needed:
        note = _("%(present)s of %(members)s members present, quorum %(needed)s; %(numbers)s") % {
            "present": counts.took_part,
            "members": counts.members,
            "needed": counts.needed,
            "numbers": numbers,
        }
        return Vote.Outcome.NO_QUORUM, note
    note = f"{numbers}; {rules.get_majority_display()}"
    if rules.majority == "absolute":
        carried = 2 * counts.votes_for > counts.cast
    elif counts.votes_for == counts.against:
        casting = _casting(vote) if rules.casting_vote else ""
        carried = casting == VoteChoice.FOR
        if casting:
            note += "; " + _("a tie decided by the chair's vote (%(choice)s)") % {
                "choice": VoteChoice(casting).label
            }
        else:
            note += "; " + _("a tie: not adopted")
    else:
        carried = counts.votes_for > counts.against
    return (Vote.Outcome.CARRIED if carried else Vote.Outcome.REJECTED), note


@transaction.atomic
def close_vote(vote: Vote, early: bool = False) -> Vote:
    """Freeze the counts, state the outcome; a carried resolution gets its number."""
    from .resolutions import number_resolution

    vote = Vote.objects.select_for_update().get(pk=vote.pk)
    if vote.status == Vote.Status.CLOSED and vote.kind == Vote.Kind.CIRCULAR:
        return vote
    counts = tally(vote)
    vote.outcome, vote.outcome_note = decide(vote, counts)
    if early and vote.kind == Vote.Kind.CIRCULAR:
        vote.outcome_note += "; " + _("closed by the office before the deadline")
    vote.members, vote.needed, vote.took_part = counts.members, counts.needed, counts.took_part
    vote.status = Vote.Status.CLOSED
    vote.decided_at = vote.decided_at or timezone.now()
    vote.save()
    if vote.outcome == Vote.Outcome.CARRIED:
        number_resolution(vote)
    transaction.on_commit(lambda: vote_decided.send(sender=Vote, vote=vote))
    return vote


# ---------------------------------------------------------------------------------------------
# At a meeting


@dataclass
class MeetingVoteInput:
    title: str
    subject: str = Vote.Subject.RESOLUTION
    text: str = ""
    addressee: str = ""
    agenda_item: AgendaItem | None = None
    recording: str = Vote.Recording.PER_MEMBER
    choices: dict[int, str] = field(default_factory=dict)  # person id -> VoteChoice
    counts: tuple[int, int, int] | None = None  # for, against, abstained
    casting: str = ""
    minutes: Minutes | None = None


def meeting_voters(meeting: Meeting) -> list[tuple[Person, bool]]:
    """The members entitled to vote at the meeting, each with whether the attendance list has
    them present (absent members are preset as not voting)."""
    day = timezone.localtime(meeting.starts_at).date()
    present = present_members(meeting)
    return [(p, p.pk in present) for p in voting_members(meeting.body, day)]


@transaction.atomic
def record_meeting_vote(
    meeting: Meeting, user: Any, data: MeetingVoteInput, vote: Vote | None = None
) -> Vote:
    """Put a question to the vote at `meeting` and record its result (or correct one recorded
    before): per member or as counts. The outcome follows the body's rules at once."""
    if not data.title.strip():
        raise VoteNotAllowed(_("Give the question put to the vote."))
    if data.agenda_item is not None and data.agenda_item.meeting_id != meeting.pk:
        raise VoteNotAllowed(_("Choose an agenda item of this meeting."))
    voters = {p.pk: p for p, _present in meeting_voters(meeting)}
    if data.recording == Vote.Recording.PER_MEMBER:
        unknown = set(data.choices) - set(voters)
        if unknown:
            raise VoteNotAllowed(_("Only members entitled to vote can be recorded."))
        if any(choice not in VoteChoice.values for choice in data.choices.values()):
            raise VoteNotAllowed(_("Record each member as for, against, abstained or absent."))
    else:
        if data.counts is None or any(n < 0 for n in data.counts):
            raise VoteNotAllowed(_("Give the numbers for, against and abstained."))
        if sum(data.counts) > len(voters):
            raise VoteNotAllowed(
                _("More votes (%(cast)s) than members entitled to vote (%(members)s).")
                % {"cast": sum(data.counts), "members": len(voters)}
            )
    if vote is None:
        vote = Vote(body=meeting.body, meeting=meeting, kind=Vote.Kind.MEETING, created_by=user)
    day = timezone.localtime(meeting.starts_at).date()
    vote.title, vote.subject, vote.text = data.title.strip(), data.subject, data.text.strip()
    vote.addressee, vote.agenda_item, vote.minutes = data.addressee, data.agenda_item, data.minutes
    vote.recording, vote.casting = data.recording, data.casting
    vote.chair = vote.chair or chair_of(meeting.body, day, present_members(meeting))
    vote.count_for, vote.count_against, vote.count_abstain = data.counts or (None, None, None)
    vote.status = Vote.Status.OPEN
    vote.opens_at = meeting.starts_at
    vote.save()
    vote.member_votes.all().delete()
    if data.recording == Vote.Recording.PER_MEMBER:
        MemberVote.objects.bulk_create(
            MemberVote(vote=vote, person_id=pk, choice=choice, via=MemberVote.Via.MEETING)
            for pk, choice in data.choices.items()
            if choice
        )
    closed = close_vote(vote)
    # A correction that changes the outcome must not leave a number behind.
    resolution = getattr(closed, "resolution", None)
    if closed.outcome != Vote.Outcome.CARRIED and resolution is not None:
        raise VoteNotAllowed(
            _("Resolution %(number)s was numbered from this vote; it can no longer be rejected.")
            % {"number": resolution.reference}
        )
    return closed


# ---------------------------------------------------------------------------------------------
# Circular votes


def vote_token(vote: Vote, person: Person) -> str:
    """The member's own link to vote: signed, so it cannot be turned into another's vote."""
    return signing.dumps({"v": vote.pk, "p": person.pk}, salt=TOKEN_SALT, compress=True)


def read_token(token: str) -> tuple[Vote, Person]:
    try:
        data = signing.loads(token, salt=TOKEN_SALT)
        vote = Vote.objects.select_related("body").get(pk=data["v"], kind=Vote.Kind.CIRCULAR)
        person = Person.objects.get(pk=data["p"])
    except (signing.BadSignature, KeyError, TypeError, Vote.DoesNotExist, Person.DoesNotExist):
        raise VoteNotAllowed(_("This voting link is not valid.")) from None
    return vote, person


def vote_url(vote: Vote, person: Person, base_url: str = "") -> str:
    from django.urls import reverse

    base_url = base_url or getattr(settings, "LLL_SITE_URL", "")
    path = reverse("coordination:vote_by_link", args=[vote_token(vote, person)])
    return base_url.rstrip("/") + path


@transaction.atomic
def start_circular_vote(
    body: Body,
    user: Any,
    *,
    title: str,
    closes_at: datetime.datetime,
    subject: str = Vote.Subject.RESOLUTION,
    text: str = "",
    addressee: str = "",
    minutes: Minutes | None = None,
) -> Vote:
    """Open a circular vote; the members get their links with `send_vote_invitations`."""
    rules = rules_for(body)
    if not rules.circular_votes:
        raise VoteNotAllowed(
            _("The rules of %(body)s do not provide for circular votes.") % {"body": body}
        )
    if not title.strip():
        raise VoteNotAllowed(_("Give the question put to the vote."))
    if closes_at <= timezone.now():
        raise VoteNotAllowed(_("The deadline must be in the future."))
    if minutes is not None and minutes.meeting.body_id != body.pk:
        raise VoteNotAllowed(_("Choose minutes of a meeting of %(body)s.") % {"body": body})
    day = timezone.localdate()
    return Vote.objects.create(
        body=body,
        kind=Vote.Kind.CIRCULAR,
        subject=Vote.Subject.MINUTES if minutes is not None else subject,
        minutes=minutes,
        title=title.strip(),
        text=text.strip(),
        addressee=addressee.strip(),
        closes_at=closes_at,
        chair=chair_of(body, day),
        created_by=user,
    )


def start_minutes_acceptance(
    minutes: Minutes,
    user: Any,
    *,
    closes_at: datetime.datetime | None = None,
    meeting: Meeting | None = None,
) -> Vote:
    """The hook for the minutes' lifecycle: put the acceptance of `minutes` to a circular vote
    (with `closes_at`), or to the vote of a later `meeting` (recorded there with
    `record_meeting_vote`). Listen to `vote_decided` for the outcome."""
    title = _("Acceptance of the minutes of %(meeting)s") % {"meeting": minutes.meeting}
    if meeting is not None:
        if meeting.body_id != minutes.meeting.body_id:
            raise VoteNotAllowed(_("Choose a meeting of the same body."))
        return Vote.objects.create(
            body=meeting.body,
            kind=Vote.Kind.MEETING,
            meeting=meeting,
            subject=Vote.Subject.MINUTES,
            minutes=minutes,
            title=title,
            created_by=user,
        )
    if closes_at is None:
        raise VoteNotAllowed(_("Give the deadline of the circular vote."))
    return start_circular_vote(
        minutes.meeting.body, user, title=title, closes_at=closes_at, minutes=minutes
    )


def may_vote(vote: Vote, person: Person | None) -> bool:
    if person is None or vote.kind != Vote.Kind.CIRCULAR:
        return False
    return person.pk in _ids(voting_members(vote.body, timezone.localdate()))


def cast_circular_vote(vote: Vote, person: Person | None, choice: str, via: str) -> MemberVote:
    """A member's vote in a circular vote: once, before the deadline."""
    if vote.kind != Vote.Kind.CIRCULAR:
        raise VoteNotAllowed(_("Votes at a meeting are recorded by the office."))
    if not vote.is_open:
        raise VoteNotAllowed(_("The vote is closed; votes can no longer be cast."))
    if person is None or not may_vote(vote, person):
        raise VoteNotAllowed(
            _("Only members of %(body)s entitled to vote may vote.") % {"body": vote.body}
        )
    if choice not in CAST:
        raise VoteNotAllowed(_("Choose for, against or abstain."))
    try:
        with transaction.atomic():
            return MemberVote.objects.create(vote=vote, person=person, choice=choice, via=via)
    except IntegrityError:
        raise VoteNotAllowed(_("You have already voted; a vote cannot be cast twice.")) from None


def non_voters(vote: Vote) -> list[Person]:
    voted = set(vote.member_votes.values_list("person_id", flat=True))
    return [p for p in voting_members(vote.body, timezone.localdate()) if p.pk not in voted]


def _mail(vote: Vote, people: list[Person], template: str, base_url: str) -> tuple[int, int]:
    with override(settings.LANGUAGE_CODE):
        if template == "reminder":
            subject = _("Reminder: circular vote “%(title)s”") % {"title": vote.title}
        else:
            subject = _("Circular vote: %(title)s") % {"title": vote.title}
        closes = timezone.localtime(vote.closes_at) if vote.closes_at else None

        def message_for(person: Person) -> EmailMessage:
            with override(settings.LANGUAGE_CODE):
                body = render_to_string(
                    "coordination/email/circular_vote.txt",
                    {
                        "vote": vote,
                        "person": person,
                        "closes_at": closes,
                        "reminder": template == "reminder",
                        "url": vote_url(vote, person, base_url),
                        "office": settings.LLL_OFFICE_NAME,
                    },
                )
            return EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [person.email])

    def record(person: Person, error: Exception | None) -> None:
        VoteDelivery.objects.create(
            vote=vote,
            person=person,
            email=person.email,
            kind=template,
            sent=error is None,
            error=error_text(error),
        )

    recipients = [p for p in people if p.email]
    return send_each(recipients, message_for, record)


def send_vote_invitations(vote: Vote, base_url: str = "") -> tuple[int, int]:
    """E-mail every member entitled to vote their own link; (sent, failed)."""
    return _mail(vote, voting_members(vote.body, timezone.localdate()), "invitation", base_url)


def send_vote_reminders(vote: Vote, base_url: str = "") -> tuple[int, int]:
    """Remind the members who have not voted yet; (sent, failed)."""
    if not vote.is_open:
        raise VoteNotAllowed(_("Reminders are sent only while the vote is open."))
    result = _mail(vote, non_voters(vote), "reminder", base_url)
    vote.reminder_sent_at = timezone.now()
    vote.save(update_fields=["reminder_sent_at"])
    return result


def reminders_due(now: datetime.datetime | None = None) -> QuerySet[Vote]:
    """Open circular votes closing within two days whose reminder has not gone out."""
    now = now or timezone.now()
    return Vote.objects.filter(
        kind=Vote.Kind.CIRCULAR,
        status=Vote.Status.OPEN,
        reminder_sent_at__isnull=True,
        closes_at__gt=now,
        closes_at__lte=now + REMINDER_BEFORE,
    )


def close_due_votes(now: datetime.datetime | None = None) -> list[Vote]:
    """Close the circular votes whose deadline has passed."""
    now = now or timezone.now()
    due = Vote.objects.filter(kind=Vote.Kind.CIRCULAR, status=Vote.Status.OPEN, closes_at__lte=now)
    return [close_vote(vote) for vote in due]


# ---------------------------------------------------------------------------------------------
# For the minutes


@dataclass(frozen=True)
class VoteRecord:
    """A vote as the minutes state it."""

    vote: Vote
    title: str
    outcome: str
    note: str
    resolution: str  # "3/2026" or ""
    per_member: list[tuple[str, str]]  # (full name, vote)


def meeting_votes(meeting: Meeting) -> list[VoteRecord]:
    """The votes taken at `meeting`, with their results per member (when recorded so) and the
    resolutions' numbers, in agenda order: what the minutes carry."""
    votes = (
        meeting.votes.filter(status=Vote.Status.CLOSED)
        .select_related("agenda_item", "resolution")
        .prefetch_related("member_votes__person")
        .order_by("agenda_item__position", "opens_at", "pk")
    )
    records = []
    for vote in votes:
        resolution = getattr(vote, "resolution", None)
        members = member_rows(vote)
        records.append(
            VoteRecord(
                vote=vote,
                title=vote.title,
                outcome=vote.get_outcome_display(),
                note=vote.outcome_note,
                resolution=resolution.reference if resolution else "",
                per_member=[(m.person.full_name, m.get_choice_display()) for m in members],
            )
        )
    return records


def member_rows(vote: Vote) -> list[MemberVote]:
    """How each member voted, by Polish name."""
    return sorted_polish(
        vote.member_votes.select_related("person"),
        lambda m: m.person.last_name,
        lambda m: m.person.first_name,
    )


def open_votes_for(person: Person | None) -> list[Vote]:
    """Circular votes open now in which `person` may vote and has not voted yet."""
    if person is None:
        return []
    votes = Vote.objects.filter(kind=Vote.Kind.CIRCULAR, status=Vote.Status.OPEN).exclude(
        member_votes__person=person
    )
    return [v for v in votes.select_related("body") if v.is_open and may_vote(v, person)]
