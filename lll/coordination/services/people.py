"""People: a login for a member, and their personal data (RODO: access and erasure)."""

from typing import Any

from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from lll.accounts.models import User
from lll.accounts.roles import MEMBER
from lll.core.errors import UserError

from ..models import Delivery, Person


class CannotInvite(UserError):
    """The person cannot get a login (yet); the message says why."""


@transaction.atomic
def create_member_account(person: Person) -> User:
    """A login with the member role for a person, linked to them; the caller e-mails the link
    where they set their own password. The username is their e-mail address."""
    if person.user_id:
        raise CannotInvite(_("This person already has an account."))
    if not person.email:
        raise CannotInvite(_("Give the person's e-mail address first."))
    if User.objects.filter(username__iexact=person.email).exists():
        raise CannotInvite(_("An account with this e-mail address already exists."))
    user = User(
        username=person.email.lower(),
        email=person.email,
        first_name=person.first_name,
        last_name=person.last_name,
    )
    user.set_unusable_password()
    user.save()
    user.groups.add(Group.objects.get(name=MEMBER))
    person.user = user
    person.save(update_fields=["user"])
    return user


def export_person(person: Person) -> dict[str, Any]:
    """Everything the system holds about a person, for a data subject's access request."""
    return {
        "first_name": person.first_name,
        "last_name": person.last_name,
        "position": person.position,
        "institution": person.institution.name if person.institution else "",
        "email": person.email,
        "phone": person.phone,
        "user_account": person.user.username if person.user else "",
        "memberships": [
            {
                "body": m.body.name,
                "role": m.role,
                "represents": m.represents,
                "appointed_by": m.appointed_by,
                "term_from": m.term_from.isoformat(),
                "term_to": m.term_to.isoformat() if m.term_to else None,
            }
            for m in person.memberships.select_related("body")
        ],
        "attendance": [
            {
                "meeting": str(a.meeting),
                "date": a.meeting.starts_at.date().isoformat(),
                "status": a.status,
            }
            for a in person.attendance.select_related("meeting__body")
        ],
        "action_items": [
            {
                "task": a.title,
                "due_date": a.due_date.isoformat() if a.due_date else None,
                "status": a.status,
            }
            for a in person.action_items.all()
        ],
        "presented": [str(i) for i in person.presented_items.all()],
        "deliveries": list(
            person_deliveries(person).values("mailing__subject", "email", "status", "sent_at")
        ),
    }


def person_deliveries(person: Person) -> QuerySet[Delivery]:
    return Delivery.objects.filter(person=person)


@transaction.atomic
def erase_person(person: Person) -> None:
    """Remove contact data and the link to a login; the name stays, so minutes remain readable."""
    person.email = ""
    person.phone = ""
    person.user = None
    person.erased_at = timezone.now()
    person.save()
    person_deliveries(person).update(email="")
