"""Comments on a consultation: who may comment, change and withdraw; the office's responses;
the comment table (zestawienie uwag) and its summary."""

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, F, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from lll.accounts.models import User
from lll.coordination.access import person_of
from lll.coordination.models import Membership, Person, Role
from lll.core.errors import NotAllowed
from lll.core.text import polish_key

from ..access import can_manage
from ..models import Comment, Consultation, Provision


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
    person = person_of(user)
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
    person = person_of(user)
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
