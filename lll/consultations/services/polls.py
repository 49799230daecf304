"""Polls: who may vote and propose options, the ballots, and the results."""

from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from lll.coordination.models import VOTING_ROLES, Meeting, Membership, Person
from lll.core.errors import NotAllowed
from lll.core.mail import send_each
from lll.core.text import polish_key, search_key

from ..models import Ballot, BallotChoice, Participation, Poll, PollOption


def eligible_voters(poll: Poll) -> list[Person]:
    """Who may vote: the body's voting members (chair, vice-chairs, members) or, if the poll
    says so, every member; on the day: today while the poll runs, the close day once closed."""
    day = timezone.localdate()
    if poll.current_status == Poll.Status.CLOSED:
        day = min(day, timezone.localtime(poll.closes_at).date())
    memberships = Membership.objects.filter(body=poll.body)
    if poll.electorate == Poll.Electorate.VOTING:
        memberships = memberships.filter(role__in=VOTING_ROLES)
    current = memberships.current(day).select_related("person")
    return list({m.person.pk: m.person for m in current}.values())


def may_vote(poll: Poll, person: Person | None) -> bool:
    return person is not None and any(p.pk == person.pk for p in eligible_voters(poll))


def has_voted(poll: Poll, person: Person | None) -> bool:
    return person is not None and poll.participations.filter(person=person).exists()


def _check_poll_open(poll: Poll) -> None:
    if poll.status == Poll.Status.DRAFT:
        raise NotAllowed(_("The poll has not been opened yet."))
    if not poll.is_open:
        raise NotAllowed(_("The poll is closed; votes can no longer be cast or changed."))


def cast_vote(poll: Poll, person: Person | None, option_ids: list[int]) -> None:
    """One ballot per member. `option_ids`: the chosen option (single choice), the approved
    options (approval) or the options in order of preference, best first (ranking)."""
    _check_poll_open(poll)
    if person is None or not may_vote(poll, person):
        raise NotAllowed(
            _("Only members of %(body)s entitled to vote may vote.") % {"body": poll.body}
        )
    if has_voted(poll, person):
        raise NotAllowed(_("You have already voted in this poll; a vote cannot be cast twice."))
    valid = set(poll.options.values_list("pk", flat=True))
    if len(set(option_ids)) != len(option_ids) or not set(option_ids) <= valid:
        raise NotAllowed(_("Choose among the poll's options, each at most once."))
    if not option_ids:
        raise NotAllowed(_("Choose at least one option."))
    if poll.method == Poll.Method.SINGLE and len(option_ids) != 1:
        raise NotAllowed(_("Choose exactly one option."))
    try:
        with transaction.atomic():
            Participation.objects.create(poll=poll, person=person)
            ballot = Ballot.objects.create(poll=poll, voter=None if poll.secret else person)
            ranked = poll.method == Poll.Method.RANKING
            BallotChoice.objects.bulk_create(
                BallotChoice(ballot=ballot, option_id=pk, rank=index if ranked else None)
                for index, pk in enumerate(option_ids, start=1)
            )
    except IntegrityError as error:  # two submissions at once: the second one loses
        raise NotAllowed(
            _("You have already voted in this poll; a vote cannot be cast twice.")
        ) from error


def propose_option(
    poll: Poll, person: Person | None, label: str, details: str, justification: str
) -> PollOption:
    """A member adds an option while the poll is open (the France case); a reason is needed."""
    _check_poll_open(poll)
    if not poll.allow_proposals:
        raise NotAllowed(_("This poll does not take new options."))
    if not may_vote(poll, person):
        raise NotAllowed(
            _("Only members of %(body)s entitled to vote may propose options.")
            % {"body": poll.body}
        )
    if has_voted(poll, person):
        # The new option could never be on the proposer's own ballot; propose before voting.
        raise NotAllowed(
            _(
                "You have already voted; options are proposed before voting, because a new "
                "option does not change the ballots already cast."
            )
        )
    if not label.strip() or not justification.strip():
        raise NotAllowed(_("Give the option and say why it should be added."))
    return add_option(poll, label, details, proposed_by=person, justification=justification)


def option_key(label: str) -> str:
    """Options are the same if they differ only in case, accents or spaces."""
    return " ".join(search_key(label).split())


def add_option(
    poll: Poll,
    label: str,
    details: str = "",
    proposed_by: Person | None = None,
    justification: str = "",
) -> PollOption:
    if not label.strip():
        raise NotAllowed(_("Give the option."))
    if any(option_key(o.label) == option_key(label) for o in poll.options.all()):
        raise NotAllowed(_("This option is already on the list."))
    position = poll.options.count() + 1
    return PollOption.objects.create(
        poll=poll,
        position=position,
        label=label.strip(),
        details=details.strip(),
        proposed_by=proposed_by,
        justification=justification.strip(),
    )


@dataclass(frozen=True)
class OptionResult:
    option: PollOption
    votes: int  # choices (single, approval) or first preferences (ranking)
    points: int  # Borda points (ranking); equal to votes otherwise
    share: float  # per cent of the ballots


@dataclass(frozen=True)
class PollResults:
    rows: list[OptionResult]
    ballots: int
    eligible: int
    threshold: int | None = None  # per cent of the eligible voters needed for a result

    @property
    def turnout(self) -> float:
        return round(100 * self.ballots / self.eligible, 1) if self.eligible else 0.0

    @property
    def valid(self) -> bool:
        """Enough voters for a result: 3 of 29 is no result with a threshold of 50%."""
        if not self.threshold:
            return True
        return 100 * self.ballots >= self.threshold * self.eligible

    @property
    def winners(self) -> list[PollOption]:
        if not self.ballots or not self.rows or not self.valid:
            return []
        top = self.rows[0].points
        return [r.option for r in self.rows if r.points == top]


def results(poll: Poll) -> PollResults:
    """Counts per option. Ranking: Borda count, n - 1 points for a first place down to 0 for
    the last; options a voter left unranked get nothing from that ballot."""
    options = list(poll.options.all())
    n = len(options)
    votes = dict.fromkeys((o.pk for o in options), 0)
    points = dict.fromkeys((o.pk for o in options), 0)
    for option_id, rank in BallotChoice.objects.filter(ballot__poll=poll).values_list(
        "option_id", "rank"
    ):
        if poll.method == Poll.Method.RANKING:
            points[option_id] += max(n - (rank or n), 0)
            votes[option_id] += 1 if rank == 1 else 0
        else:
            votes[option_id] += 1
            points[option_id] += 1
    ballots = poll.ballots.count()
    rows = [
        OptionResult(
            o, votes[o.pk], points[o.pk], round(100 * votes[o.pk] / ballots, 1) if ballots else 0.0
        )
        for o in options
    ]
    rows.sort(key=lambda r: (-r.points, -r.votes, r.option.position))
    return PollResults(rows, ballots, len(eligible_voters(poll)), poll.turnout_threshold)


def open_ballots(poll: Poll) -> list[tuple[str, list[str]]]:
    """Who chose what, for an open (not secret) poll."""
    if poll.secret:
        return []
    result = []
    for ballot in (
        poll.ballots.exclude(voter=None).select_related("voter").prefetch_related("choices__option")
    ):
        if ballot.voter is None:
            continue
        chosen = sorted(ballot.choices.all(), key=lambda c: (c.rank or 0, c.option.position))
        result.append((ballot.voter.full_name, [c.option.label for c in chosen]))
    return sorted(result, key=lambda row: polish_key(row[0].split()[-1]))


def notify_opened(poll: Poll, base_url: str = "") -> tuple[int, int]:
    """E-mail every member who may vote that the poll is open (once per poll); (sent, failed)."""
    if poll.opened_notice_sent_at is not None:
        return 0, 0
    base_url = base_url or getattr(settings, "LLL_SITE_URL", "")
    with override(settings.LANGUAGE_CODE):
        subject = _("Poll open: %(question)s") % {"question": poll.question}
        body = render_to_string(
            "consultations/email/poll_opened.txt",
            {
                "poll": poll,
                "closes_at": timezone.localtime(poll.closes_at),
                "opens_at": timezone.localtime(poll.opens_at),
                "options": poll.options.all(),
                "url": base_url.rstrip("/") + poll.get_absolute_url(),
                "office": settings.LLL_OFFICE_NAME,
            },
        )
    recipients = [p for p in eligible_voters(poll) if p.email]

    def message_for(person: Person) -> EmailMessage:
        return EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [person.email])

    result = send_each(recipients, message_for, lambda _person, _error: None)
    poll.opened_notice_sent_at = timezone.now()
    poll.save(update_fields=["opened_notice_sent_at"])
    return result


def polls_awaiting(person: Person | None) -> list[Poll]:
    """Open polls in which `person` may vote and has not voted yet (the member's overview)."""
    if person is None:
        return []
    bodies = Membership.objects.filter(person=person).current().values("body")
    polls = Poll.objects.filter(status=Poll.Status.OPEN, body__in=bodies).exclude(
        participations__person=person
    )
    return [p for p in polls.select_related("body") if p.is_open and may_vote(p, person)]


def set_poll_status(poll: Poll, status: str, base_url: str = "") -> tuple[int, int]:
    """Change the status; opening the poll e-mails the members who may vote (the first time).
    Returns the notice's (sent, failed)."""
    if status not in Poll.Status.values:
        raise NotAllowed(_("Unknown status."))
    if status == Poll.Status.OPEN:
        if poll.closes_at <= timezone.now():
            raise NotAllowed(_("Move the close date into the future before opening it again."))
        if poll.options.count() < 2:
            raise NotAllowed(_("A poll needs at least two options."))
    if status == Poll.Status.CLOSED and poll.closes_at > timezone.now():
        poll.closes_at = timezone.now()
    poll.status = status
    poll.save(update_fields=["status", "closes_at"])
    if status == Poll.Status.OPEN:
        return notify_opened(poll, base_url)
    return 0, 0


def record_decision(poll: Poll, text: str, meeting: Meeting | None) -> None:
    if meeting is not None and meeting.body_id != poll.body_id:
        raise NotAllowed(_("Choose a meeting of %(body)s.") % {"body": poll.body})
    if meeting is not None and timezone.localtime(meeting.starts_at).date() > timezone.localdate():
        raise NotAllowed(_("A decision cannot come from a meeting that has not taken place yet."))
    poll.decision = text.strip()
    poll.decision_meeting = meeting
    poll.save(update_fields=["decision", "decision_meeting"])
