"""Resolutions, positions and recommendations: numbered per body and year ("3/2026"), in a
register with what became of them."""

from django.db import IntegrityError, transaction
from django.db.models import Max, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from lll.core.errors import UserError
from lll.core.text import search_key

from ..models import Body, Meeting, Resolution, Vote

KIND_OF_SUBJECT = {
    Vote.Subject.RESOLUTION: Resolution.Kind.RESOLUTION,
    Vote.Subject.POSITION: Resolution.Kind.POSITION,
    Vote.Subject.RECOMMENDATION: Resolution.Kind.RECOMMENDATION,
}
ATTEMPTS = 5


def next_number(body: Body, year: int) -> int:
    taken = Resolution.objects.filter(body=body, year=year).aggregate(top=Max("number"))["top"]
    return (taken or 0) + 1


def number_resolution(vote: Vote, number: int | None = None) -> Resolution | None:
    """The carried vote's resolution (position, recommendation) with the body's next number in
    the year of the decision; None for a question that makes no resolution. Two offices
    numbering at once cannot share a number: the database's unique constraint refuses the
    second, which takes the next number. `number`: the first number to try (tests)."""
    kind = KIND_OF_SUBJECT.get(Vote.Subject(vote.subject))
    if kind is None:
        return None
    existing = Resolution.objects.filter(vote=vote).first()
    if existing is not None:
        existing.title, existing.text, existing.addressee = vote.title, vote.text, vote.addressee
        existing.save(update_fields=["title", "text", "addressee"])
        return existing
    when = vote.meeting.starts_at if vote.meeting else (vote.decided_at or timezone.now())
    day = timezone.localtime(when).date()
    for _attempt in range(ATTEMPTS):
        candidate = number if number is not None else next_number(vote.body, day.year)
        number = None
        try:
            with transaction.atomic():
                return Resolution.objects.create(
                    body=vote.body,
                    year=day.year,
                    number=candidate,
                    kind=kind,
                    title=vote.title,
                    text=vote.text,
                    addressee=vote.addressee,
                    adopted_on=day,
                    vote=vote,
                    meeting=vote.meeting,
                    follow_up=Resolution.FollowUp.TO_SEND
                    if vote.addressee
                    else Resolution.FollowUp.CLOSED,
                )
        except IntegrityError:
            continue
    raise UserError(_("The resolution could not be numbered; try again."))


def search_resolutions(items: QuerySet[Resolution], query: str) -> list[Resolution]:
    """Resolutions whose number, title, text or addressee contains the query (no diacritics)."""
    key = search_key(query.strip())
    rows = list(items.select_related("body", "meeting"))
    if not key:
        return rows
    return [
        r
        for r in rows
        if key in search_key(f"{r.reference} {r.title} {r.text} {r.addressee} {r.body}")
    ]


def open_resolutions(items: QuerySet[Resolution]) -> QuerySet[Resolution]:
    """Those still awaiting follow-up (to be sent, or sent and awaiting an answer)."""
    return items.filter(follow_up__in=Resolution.OPEN_FOLLOW_UP).select_related("body", "meeting")


def meeting_resolutions(meeting: Meeting) -> list[Resolution]:
    return list(meeting.resolutions.order_by("year", "number"))


def resolution_attachments(meeting: Meeting) -> list[str]:
    """The resolutions adopted at `meeting`, as the minutes list them among the attachments."""
    return [
        _("%(kind)s no. %(number)s on %(title)s")
        % {"kind": r.get_kind_display().capitalize(), "number": r.reference, "title": r.title}
        for r in meeting_resolutions(meeting)
    ]
