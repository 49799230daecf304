"""A consultation's course: its status, the draft's provisions, the position adopted."""

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from lll.coordination.access import person_of
from lll.coordination.models import Meeting, Membership
from lll.core.errors import NotAllowed

from ..models import Comment, Consultation, Provision

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
    person = person_of(user)
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
