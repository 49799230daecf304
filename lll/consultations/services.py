"""Consultations, polls and study visits: who may see, comment and vote, and the rules of each.

Every rule is checked here, on the server; a refused action raises `NotAllowed` with a message
for the user (Polish by default) and changes nothing.
"""

import datetime
import smtplib
import uuid
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.db.models import Count, F, QuerySet
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override, pgettext

from lll.accounts.models import User
from lll.coordination import services as coordination
from lll.coordination.models import (
    VOTING_ROLES,
    ActionItem,
    Body,
    Meeting,
    Membership,
    Person,
    Role,
)
from lll.core.text import polish_key, search_key

from .models import (
    Ballot,
    BallotChoice,
    Comment,
    Consultation,
    Participation,
    Poll,
    PollOption,
    Provision,
    Recommendation,
    ReminderDelivery,
    StudyVisit,
)

MANAGE = "consultations.manage_consultations"


class NotAllowed(Exception):
    """The action breaks a rule; the message says which, in words for the user."""


# ---------------------------------------------------------------------------------------------
# Who sees what


def can_manage(user: Any) -> bool:
    return bool(user.is_authenticated and user.has_perm(MANAGE))


def visible_consultations(user: Any) -> QuerySet[Consultation]:
    """The office sees every consultation; a member those of their bodies once opened."""
    if can_manage(user):
        return Consultation.objects.all()
    bodies = coordination.visible_bodies(user)
    ids = Consultation.objects.filter(bodies__in=bodies).values("pk")
    return Consultation.objects.filter(pk__in=ids).exclude(status=Consultation.Status.DRAFT)


def visible_polls(user: Any) -> QuerySet[Poll]:
    if can_manage(user):
        return Poll.objects.select_related("body")
    return (
        Poll.objects.filter(body__in=coordination.visible_bodies(user))
        .exclude(status=Poll.Status.DRAFT)
        .select_related("body")
    )


def visible_visits(user: Any) -> QuerySet[StudyVisit]:
    if can_manage(user):
        return StudyVisit.objects.select_related("body")
    return StudyVisit.objects.filter(body__in=coordination.visible_bodies(user)).select_related(
        "body"
    )


# ---------------------------------------------------------------------------------------------
# Consultations


def _consulted(consultation: Consultation) -> QuerySet[Membership]:
    """Today's memberships of the consulted bodies; the body's secretary (the office) is not
    consulted, permanent guests are."""
    memberships = Membership.objects.filter(body__in=consultation.bodies.all()).exclude(
        role=Role.SECRETARY
    )
    return memberships.current()


def consulted_members(consultation: Consultation) -> list[Person]:
    """Everyone consulted today, each once, in Polish alphabetical order."""
    memberships = _consulted(consultation).select_related("person__institution")
    people = {m.person.pk: m.person for m in memberships}
    return sorted(
        people.values(), key=lambda p: (polish_key(p.last_name), polish_key(p.first_name))
    )


def may_comment(consultation: Consultation, person: Person | None) -> bool:
    if person is None:
        return False
    return _consulted(consultation).filter(person=person).exists()


def submitter_label(person: Person) -> str:
    if person.institution:
        return f"{person.full_name} ({person.institution.name})"
    return person.full_name


def _check_open(consultation: Consultation) -> None:
    if consultation.status == Consultation.Status.DRAFT:
        raise NotAllowed(_("The consultation has not been opened yet."))
    if timezone.now() < consultation.opens_at:
        opens = timezone.localtime(consultation.opens_at)
        raise NotAllowed(
            _("The consultation opens on %(date)s.") % {"date": f"{opens:%d.%m.%Y %H:%M}"}
        )
    if not consultation.is_open:
        closes = timezone.localtime(consultation.closes_at)
        raise NotAllowed(
            _(
                "The consultation closed on %(date)s; "
                "comments can no longer be submitted or changed."
            )
            % {"date": f"{closes:%d.%m.%Y %H:%M}"}
        )


def _check_provision(consultation: Consultation, provision: Provision | None) -> None:
    if provision is not None and provision.consultation_id != consultation.pk:
        raise NotAllowed(_("This provision belongs to another consultation."))


def submit_comment(
    consultation: Consultation,
    user: User,
    *,
    text: str,
    provision: Provision | None = None,
    proposed_wording: str = "",
    justification: str = "",
    on_behalf_of: str = "",
) -> Comment:
    """A member's comment, or (with `on_behalf_of`) one the office enters for an invited
    institution that sent it in writing."""
    _check_open(consultation)
    _check_provision(consultation, provision)
    if not text.strip():
        raise NotAllowed(_("Write the comment."))
    person = coordination.person_of(user)
    if on_behalf_of:
        if not can_manage(user):
            raise NotAllowed(_("Only the coordination office enters comments of institutions."))
        author, submitter = None, on_behalf_of.strip()
    else:
        if person is None or not may_comment(consultation, person):
            raise NotAllowed(_("Only members of the consulted bodies may comment."))
        author, submitter = person, submitter_label(person)
    return Comment.objects.create(
        consultation=consultation,
        provision=provision,
        author=author,
        submitter=submitter,
        on_behalf=bool(on_behalf_of),
        text=text.strip(),
        proposed_wording=proposed_wording.strip(),
        justification=justification.strip(),
        created_by=user,
    )


def may_change(comment: Comment, user: Any) -> bool:
    """The author (for an institution's comment: the office) while the consultation is open."""
    if comment.withdrawn_at is not None or not comment.consultation.is_open:
        return False
    return _is_author(comment, user)


def _is_author(comment: Comment, user: Any) -> bool:
    if not user.is_authenticated:
        return False
    if comment.on_behalf:
        return can_manage(user)
    person = coordination.person_of(user)
    return person is not None and comment.author_id == person.pk


def check_change(comment: Comment, user: Any) -> None:
    if not _is_author(comment, user):
        raise NotAllowed(_("Only the author can change or withdraw this comment."))
    if comment.withdrawn_at is not None:
        raise NotAllowed(_("This comment was withdrawn."))
    _check_open(comment.consultation)


def edit_comment(
    comment: Comment,
    user: Any,
    *,
    text: str,
    provision: Provision | None = None,
    proposed_wording: str = "",
    justification: str = "",
) -> Comment:
    check_change(comment, user)
    _check_provision(comment.consultation, provision)
    if not text.strip():
        raise NotAllowed(_("Write the comment."))
    comment.text = text.strip()
    comment.provision = provision
    comment.proposed_wording = proposed_wording.strip()
    comment.justification = justification.strip()
    comment.edited_at = timezone.now()
    comment.save()
    return comment


def withdraw_comment(comment: Comment, user: Any) -> None:
    check_change(comment, user)
    comment.withdrawn_at = timezone.now()
    comment.save(update_fields=["withdrawn_at", "updated_at"])


def restore_comment(comment: Comment, user: Any) -> None:
    """Undo a withdrawal, while the consultation is still open."""
    if not _is_author(comment, user):
        raise NotAllowed(_("Only the author can change or withdraw this comment."))
    _check_open(comment.consultation)
    comment.withdrawn_at = None
    comment.save(update_fields=["withdrawn_at", "updated_at"])


def respond(
    comment: Comment, response: str, text: str = "", duplicate_of: Comment | None = None
) -> None:
    """The office's answer; the only change a comment gets after the close."""
    if comment.consultation.status == Consultation.Status.ADOPTED:
        raise NotAllowed(_("The position is adopted; the responses can no longer change."))
    if comment.withdrawn_at is not None:
        raise NotAllowed(_("This comment was withdrawn; it needs no response."))
    if response not in Comment.Response.values:
        raise NotAllowed(_("Unknown response."))
    if duplicate_of is not None and (
        duplicate_of.pk == comment.pk or duplicate_of.consultation_id != comment.consultation_id
    ):
        raise NotAllowed(_("A comment can only be merged with another comment of this draft."))
    comment.response = response
    comment.response_text = text.strip()
    comment.duplicate_of = duplicate_of
    comment.save(update_fields=["response", "response_text", "duplicate_of", "updated_at"])


def active_comments(consultation: Consultation) -> QuerySet[Comment]:
    return (
        consultation.comments.filter(withdrawn_at__isnull=True)
        .select_related("provision", "author", "duplicate_of")
        # General comments first, then by provision, as comment tables are read.
        .order_by(F("provision__position").asc(nulls_first=True), "created_at", "pk")
    )


def comment_numbers(consultation: Consultation) -> dict[int, int]:
    """Lp. of every active comment, as in the comment table."""
    return {c.pk: n for n, c in enumerate(active_comments(consultation), start=1)}


def table_headers() -> list[str]:
    """The standard columns of a Polish comment table (zestawienie uwag)."""
    return [
        pgettext("comment table", "No."),
        pgettext("comment table", "Provision"),
        pgettext("comment table", "Submitted by"),
        pgettext("comment table", "Comment"),
        pgettext("comment table", "Proposed change"),
        pgettext("comment table", "Justification"),
        pgettext("comment table", "Position / response"),
    ]


def response_cell(comment: Comment, numbers: dict[int, int]) -> str:
    parts = []
    if comment.response:
        parts.append(str(comment.get_response_display()).capitalize() + ".")
    if comment.duplicate_of_id and comment.duplicate_of_id in numbers:
        parts.append(_("Same as comment no. %(n)s.") % {"n": numbers[comment.duplicate_of_id]})
    if comment.response_text:
        parts.append(comment.response_text)
    return " ".join(parts)


def table_rows(consultation: Consultation) -> list[list[Any]]:
    numbers = comment_numbers(consultation)
    return [
        [
            numbers[c.pk],
            c.provision_label,
            c.submitter,
            c.text,
            c.proposed_wording,
            c.justification,
            response_cell(c, numbers),
        ]
        for c in active_comments(consultation)
    ]


@dataclass(frozen=True)
class CommentSummary:
    total: int
    answered: int
    by_response: dict[str, int]
    members: int
    responded: int


def summary(consultation: Consultation) -> CommentSummary:
    comments = active_comments(consultation)
    counts = dict(
        comments.exclude(response="").values_list("response").annotate(n=Count("pk")).order_by()
    )
    members = consulted_members(consultation)
    authors = set(comments.values_list("author", flat=True))
    return CommentSummary(
        total=comments.count(),
        answered=sum(counts.values()),
        by_response={
            str(label): counts.get(value, 0) for value, label in Comment.Response.choices if value
        },
        members=len(members),
        responded=sum(1 for p in members if p.pk in authors),
    )


S = Consultation.Status

# The changes of status the office may make from the drop-down. Opening again after the close
# (e.g. to extend the deadline) is allowed; a draft cannot jump to a position, and an adopted
# position is not taken back to a draft hidden from the members.
TRANSITIONS: dict[str, set[str]] = {
    S.DRAFT: {S.OPEN},
    S.OPEN: {S.CLOSED, S.DRAFT},
    S.CLOSED: {S.OPEN, S.ADOPTED},
    S.ADOPTED: {S.CLOSED},
}


def allowed_statuses(consultation: Consultation) -> list[tuple[str, str]]:
    """The current status and those it may change to, for the drop-down."""
    current = consultation.current_status
    allowed = TRANSITIONS[current] | {current}
    return [(value, str(label)) for value, label in S.choices if value in allowed]


def set_status(consultation: Consultation, status: str) -> None:
    if status not in Consultation.Status.values:
        raise NotAllowed(_("Unknown status."))
    current = consultation.current_status
    if status == current:
        return
    if status not in TRANSITIONS[current]:
        raise NotAllowed(
            _("The status cannot change from “%(old)s” to “%(new)s”.")
            % {"old": S(current).label, "new": S(status).label}
        )
    if status == Consultation.Status.ADOPTED and not consultation.position_text.strip():
        raise NotAllowed(_("Write the adopted position first."))
    if status == S.DRAFT and consultation.comments.exists():
        raise NotAllowed(_("Comments were submitted; the consultation cannot go back to a draft."))
    if status == Consultation.Status.OPEN and consultation.closes_at <= timezone.now():
        raise NotAllowed(_("Move the close date into the future before opening it again."))
    consultation.status = status
    consultation.save(update_fields=["status"])


def adopt_position(
    consultation: Consultation, text: str, meeting: Meeting | None, addressee: str
) -> None:
    if consultation.current_status not in (S.CLOSED, S.ADOPTED):
        raise NotAllowed(_("The position can be adopted once the consultation is closed."))
    if meeting is not None and (
        timezone.localtime(meeting.starts_at).date() > timezone.localdate()
        or not consultation.bodies.filter(pk=meeting.body_id).exists()
    ):
        raise NotAllowed(_("Choose a meeting of a consulted body that has already taken place."))
    if not text.strip():
        raise NotAllowed(_("Write the adopted position first."))
    consultation.position_text = text.strip()
    consultation.position_meeting = meeting
    consultation.addressee = addressee.strip()
    consultation.status = Consultation.Status.ADOPTED
    consultation.save(update_fields=["position_text", "position_meeting", "addressee", "status"])


def check_provisions_editable(consultation: Consultation) -> None:
    """The provisions are the draft's text: fixed once the consultation is opened."""
    if consultation.status != S.DRAFT:
        raise NotAllowed(_("The provisions can be changed only while the consultation is a draft."))


def add_provision(consultation: Consultation, label: str, text: str = "") -> Provision:
    check_provisions_editable(consultation)
    position = consultation.provisions.count() + 1
    return Provision.objects.create(
        consultation=consultation, position=position, label=label.strip(), text=text.strip()
    )


def delete_provision(provision: Provision) -> None:
    """Only a provision nobody has commented on; the others are renumbered."""
    consultation = provision.consultation
    check_provisions_editable(consultation)
    if provision.comments.exists():
        raise NotAllowed(_("Comments refer to this provision; it cannot be removed."))
    provision.delete()
    for position, remaining in enumerate(consultation.provisions.order_by("position"), start=1):
        if remaining.position != position:
            remaining.position = position
            remaining.save(update_fields=["position"])


def awaiting_comment(user: Any) -> set[int]:
    """Open consultations of the user's bodies where they have no standing comment yet."""
    person = coordination.person_of(user)
    if person is None:
        return set()
    now = timezone.now()
    bodies = Membership.objects.filter(person=person).current().values("body")
    candidates = Consultation.objects.filter(
        status=Consultation.Status.OPEN, opens_at__lte=now, closes_at__gt=now, bodies__in=bodies
    )
    commented = Comment.objects.filter(author=person, withdrawn_at__isnull=True).values(
        "consultation"
    )
    return set(candidates.exclude(pk__in=commented).values_list("pk", flat=True))


# Reminders -----------------------------------------------------------------------------------


def non_responders(consultation: Consultation) -> list[Person]:
    """Members of the consulted bodies, with an address, who have no comment standing."""
    authors = set(
        active_comments(consultation).exclude(author=None).values_list("author", flat=True)
    )
    return [p for p in consulted_members(consultation) if p.pk not in authors and p.email]


def reminder_message(consultation: Consultation, base_url: str = "") -> tuple[str, str]:
    base_url = base_url or getattr(settings, "LLL_SITE_URL", "")
    with override(settings.LANGUAGE_CODE):
        subject = _("Reminder: comments on “%(title)s” until %(date)s") % {
            "title": consultation.title,
            "date": f"{timezone.localtime(consultation.closes_at):%d.%m.%Y %H:%M}",
        }
        body = render_to_string(
            "consultations/email/reminder.txt",
            {
                "consultation": consultation,
                "closes_at": timezone.localtime(consultation.closes_at),
                "legal_acts": [
                    line.strip() for line in consultation.legal_acts.splitlines() if line.strip()
                ],
                "url": base_url.rstrip("/") + consultation.get_absolute_url(),
                "office": settings.LLL_OFFICE_NAME,
            },
        )
    return subject, body


def send_reminders(
    consultation: Consultation, base_url: str = "", *, scheduled: bool = False
) -> tuple[int, int]:
    """E-mail every member who has not commented; returns (sent, failed). One message per
    recipient over one connection, so a refused address fails alone. `scheduled`: the automatic
    reminder before the close (sent once); otherwise a sending the office asked for by hand,
    which does not replace the automatic one."""
    if not consultation.is_open:
        raise NotAllowed(_("Reminders are sent only while the consultation is open."))
    recipients = non_responders(consultation)
    subject, body = reminder_message(consultation, base_url)
    sending = uuid.uuid4()
    sent = failed = 0
    connection = get_connection(fail_silently=False)
    try:
        connection.open()
    except (smtplib.SMTPException, OSError) as error:
        for person in recipients:
            _delivery(consultation, person, error, scheduled, sending)
        _mark_scheduled(consultation, scheduled)
        return 0, len(recipients)
    try:
        for person in recipients:
            try:
                EmailMessage(
                    subject=subject,
                    body=body,
                    from_email=settings.DEFAULT_FROM_EMAIL,
                    to=[person.email],
                    connection=connection,
                ).send()
            except (smtplib.SMTPException, OSError) as error:
                _delivery(consultation, person, error, scheduled, sending)
                failed += 1
            else:
                _delivery(consultation, person, None, scheduled, sending)
                sent += 1
    finally:
        connection.close()
    _mark_scheduled(consultation, scheduled)
    return sent, failed


def _mark_scheduled(consultation: Consultation, scheduled: bool) -> None:
    if scheduled:
        consultation.scheduled_reminder_sent_at = timezone.now()
        consultation.save(update_fields=["scheduled_reminder_sent_at"])


def _delivery(
    consultation: Consultation,
    person: Person,
    error: Exception | None,
    scheduled: bool,
    sending: uuid.UUID,
) -> None:
    ReminderDelivery.objects.create(
        consultation=consultation,
        person=person,
        email=person.email,
        scheduled=scheduled,
        sending=sending,
        status=ReminderDelivery.Status.FAILED if error else ReminderDelivery.Status.SENT,
        error=(str(error)[:1000] or error.__class__.__name__) if error else "",
    )


def reminders_due(now: datetime.datetime | None = None) -> QuerySet[Consultation]:
    """Open consultations within their reminder period whose reminder has not gone out."""
    now = now or timezone.now()
    candidates = Consultation.objects.filter(
        status=Consultation.Status.OPEN,
        opens_at__lte=now,
        closes_at__gt=now,
        scheduled_reminder_sent_at__isnull=True,
    )
    due = [
        c.pk for c in candidates if c.closes_at - datetime.timedelta(days=c.reminder_days) <= now
    ]
    return Consultation.objects.filter(pk__in=due)


@dataclass(frozen=True)
class ReminderSending:
    """The reminders sent at one go: automatically or by hand."""

    at: datetime.datetime
    scheduled: bool
    sent: int
    failed: int


def reminder_sendings(consultation: Consultation) -> list[ReminderSending]:
    """The sendings, newest first (deliveries recorded before sendings were numbered: one per
    minute)."""
    by_sending: dict[object, list[ReminderDelivery]] = {}
    for delivery in consultation.reminders.order_by("sent_at", "pk"):
        key = delivery.sending or (
            delivery.scheduled,
            delivery.sent_at.replace(second=0, microsecond=0),
        )
        by_sending.setdefault(key, []).append(delivery)
    groups = list(by_sending.values())
    return [
        ReminderSending(
            at=group[0].sent_at,
            scheduled=group[0].scheduled,
            sent=sum(1 for d in group if d.status == ReminderDelivery.Status.SENT),
            failed=sum(1 for d in group if d.status == ReminderDelivery.Status.FAILED),
        )
        for group in reversed(groups)
    ]


def last_manual_sending(consultation: Consultation) -> ReminderSending | None:
    return next((s for s in reminder_sendings(consultation) if not s.scheduled), None)


# ---------------------------------------------------------------------------------------------
# Polls


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

    @property
    def turnout(self) -> float:
        return round(100 * self.ballots / self.eligible, 1) if self.eligible else 0.0

    @property
    def winners(self) -> list[PollOption]:
        if not self.ballots or not self.rows:
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
    return PollResults(rows, ballots, len(eligible_voters(poll)))


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


def set_poll_status(poll: Poll, status: str) -> None:
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


def record_decision(poll: Poll, text: str, meeting: Meeting | None) -> None:
    if meeting is not None and meeting.body_id != poll.body_id:
        raise NotAllowed(_("Choose a meeting of %(body)s.") % {"body": poll.body})
    if meeting is not None and timezone.localtime(meeting.starts_at).date() > timezone.localdate():
        raise NotAllowed(_("A decision cannot come from a meeting that has not taken place yet."))
    poll.decision = text.strip()
    poll.decision_meeting = meeting
    poll.save(update_fields=["decision", "decision_meeting"])


# ---------------------------------------------------------------------------------------------
# Study visits


def recommendation_to_action(
    recommendation: Recommendation,
    meeting: Meeting,
    owner: Person,
    due_date: datetime.date | None,
) -> ActionItem:
    """Put a visit's recommendation on the follow-up board, as a task of the chosen meeting."""
    if recommendation.action_item_id is not None:
        raise NotAllowed(_("This recommendation is already on the follow-up board."))
    with transaction.atomic():
        item = ActionItem.objects.create(
            meeting=meeting,
            title=recommendation.text.strip()[:500],
            owner=owner,
            due_date=due_date,
            progress_note=_("From the study visit: %(visit)s") % {"visit": recommendation.visit},
        )
        recommendation.action_item = item
        recommendation.save(update_fields=["action_item"])
    return item


def body_meetings(body: Body) -> QuerySet[Meeting]:
    return body.meetings.order_by("-starts_at")
