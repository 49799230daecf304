"""The coordination office's work: who may see what, the agenda, attendance, minutes, mailings.

Functions that change state take the acting user and leave a record of what they did.
"""

import datetime
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models import F, Max, QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, override

from lll.accounts.models import User
from lll.accounts.roles import MEMBER
from lll.core.text import polish_key

from .models import (
    VOTING_ROLES,
    ActionItem,
    AgendaChange,
    AgendaItem,
    Attendance,
    Body,
    Delivery,
    Meeting,
    Membership,
    Minutes,
    MinutesSection,
    Person,
)

MANAGE = "coordination.manage_coordination"

# ---------------------------------------------------------------------------------------------
# Who sees what


def can_manage(user: Any) -> bool:
    return bool(user.is_authenticated and user.has_perm(MANAGE))


def person_of(user: Any) -> Person | None:
    if not user.is_authenticated:
        return None
    return Person.objects.filter(user=user).first()


def visible_bodies(user: Any) -> QuerySet[Body]:
    """The office sees every body; a member sees the bodies they belong to today."""
    if can_manage(user):
        return Body.objects.all()
    person = person_of(user)
    if person is None:
        return Body.objects.none()
    today = timezone.localdate()
    current = Membership.objects.filter(person=person).current(today)
    return Body.objects.filter(pk__in=current.values("body"))


def visible_meetings(user: Any) -> QuerySet[Meeting]:
    return Meeting.objects.filter(body__in=visible_bodies(user)).select_related("body")


def my_action_items(user: Any) -> QuerySet[ActionItem]:
    person = person_of(user)
    if person is None:
        return ActionItem.objects.none()
    return open_action_items(ActionItem.objects.filter(owner=person))


def open_action_items(items: QuerySet[ActionItem] | None = None) -> QuerySet[ActionItem]:
    """Open items, overdue first (earliest due date first), then those with no due date."""
    items = ActionItem.objects.all() if items is None else items
    return (
        items.filter(status__in=ActionItem.OPEN_STATUSES)
        .select_related("meeting__body", "owner", "agenda_item")
        .order_by(F("due_date").asc(nulls_last=True), "pk")
    )


# ---------------------------------------------------------------------------------------------
# Meetings and the agenda


def polish_order(memberships: Any) -> list[Membership]:
    """Alphabetical the Polish way whatever the database's collation: Ł after L, not after Z."""
    return sorted(
        memberships,
        key=lambda m: (polish_key(m.person.last_name), polish_key(m.person.first_name)),
    )


class StatusNotAllowed(Exception):
    pass


def set_meeting_status(meeting: Meeting, status: str) -> None:
    """The office may correct a meeting's status by hand, but not past what the minutes say."""
    if status not in Meeting.Status.values:
        raise StatusNotAllowed(_("Unknown status."))
    approved = meeting.minutes.filter(status=Minutes.Status.APPROVED).exists()
    if status == Meeting.Status.MINUTES_APPROVED and not approved:
        raise StatusNotAllowed(_("The minutes are approved on the minutes page, not here."))
    if approved and status != Meeting.Status.MINUTES_APPROVED:
        raise StatusNotAllowed(_("The minutes of this meeting are approved; its status stays."))
    meeting.status = status
    meeting.save(update_fields=["status"])


def next_meeting_number(body: Body) -> int:
    return (body.meetings.aggregate(n=Max("number"))["n"] or 0) + 1


def add_agenda_item(meeting: Meeting, title: str, **fields: Any) -> AgendaItem:
    position = (meeting.agenda_items.aggregate(n=Max("position"))["n"] or 0) + 1
    return AgendaItem.objects.create(meeting=meeting, position=position, title=title, **fields)


@transaction.atomic
def move_agenda_item(
    item: AgendaItem, to_position: int, user: User | None, reason: str = ""
) -> None:
    """Put the item at `to_position`, shifting the others. Once the members were invited,
    the change is recorded: the published order is no longer the order of the meeting."""
    items = list(item.meeting.agenda_items.select_for_update().order_by("position"))
    to_position = max(1, min(to_position, len(items)))
    from_position = item.position
    if to_position == from_position:
        return
    items = [i for i in items if i.pk != item.pk]
    items.insert(to_position - 1, item)
    _renumber(items)
    if item.meeting.status != Meeting.Status.PLANNED:
        AgendaChange.objects.create(
            meeting=item.meeting,
            item_title=item.title,
            from_position=from_position,
            to_position=to_position,
            reason=reason,
            changed_by=user,
        )


@transaction.atomic
def delete_agenda_item(item: AgendaItem) -> None:
    meeting = item.meeting
    item.delete()
    _renumber(list(meeting.agenda_items.order_by("position")))


def _renumber(items: list[AgendaItem]) -> None:
    for index, agenda_item in enumerate(items, start=1):
        agenda_item.position = index
    AgendaItem.objects.bulk_update(items, ["position"])


def add_follow_up_review(meeting: Meeting) -> AgendaItem:
    """An agenda item reviewing what earlier meetings of the body left open."""
    existing = meeting.agenda_items.filter(is_follow_up_review=True).first()
    if existing:
        return existing
    return add_agenda_item(meeting, _("Review of the open action items"), is_follow_up_review=True)


def follow_up_for(meeting: Meeting) -> QuerySet[ActionItem]:
    """Open action items of the body's earlier meetings."""
    return open_action_items(
        ActionItem.objects.filter(
            meeting__body=meeting.body, meeting__starts_at__lt=meeting.starts_at
        )
    )


# ---------------------------------------------------------------------------------------------
# Attendance and quorum


def expected_members(meeting: Meeting) -> QuerySet[Membership]:
    day = timezone.localtime(meeting.starts_at).date()
    return (
        meeting.body.memberships_on(day)
        .select_related("person__institution", "substitute")
        .order_by("person__last_name", "person__first_name")
    )


@dataclass(frozen=True)
class Quorum:
    members: int
    needed: int
    present: int

    @property
    def reached(self) -> bool:
        return self.members > 0 and self.present >= self.needed


def quorum(meeting: Meeting) -> Quorum:
    voting = expected_members(meeting).filter(role__in=VOTING_ROLES)
    member_ids = set(voting.values_list("person_id", flat=True))
    present = meeting.attendance.filter(
        person_id__in=member_ids,
        status__in=[Attendance.Status.PRESENT, Attendance.Status.SUBSTITUTED],
    ).count()
    return Quorum(len(member_ids), meeting.body.quorum_needed(len(member_ids)), present)


@transaction.atomic
def record_attendance(meeting: Meeting, statuses: dict[Membership, str]) -> None:
    """Set each member's attendance; an empty status clears it. A substituted member is
    represented by the substitute their membership names."""
    for membership, status in statuses.items():
        if not status:
            meeting.attendance.filter(person=membership.person).delete()
            continue
        substitute = membership.substitute if status == Attendance.Status.SUBSTITUTED else None
        Attendance.objects.update_or_create(
            meeting=meeting,
            person=membership.person,
            defaults={"status": status, "substitute": substitute},
        )


def participant_count(meeting: Meeting) -> int:
    """Everybody who took part: present members, substitutes and guests, or the number entered."""
    if meeting.participant_count:
        return meeting.participant_count
    return meeting.attendance.filter(
        status__in=[
            Attendance.Status.PRESENT,
            Attendance.Status.SUBSTITUTED,
            Attendance.Status.GUEST,
        ]
    ).count()


def attendance_rows(meeting: Meeting) -> list[dict[str, str]]:
    """The attendance list attached to the minutes: members first, then guests."""
    by_person = {
        a.person_id: a
        for a in meeting.attendance.select_related("person__institution", "substitute")
    }
    rows = []
    for membership in polish_order(expected_members(meeting)):
        record = by_person.pop(membership.person_id, None)
        status = record.get_status_display() if record else _("not recorded")
        if record and record.substitute:
            status = f"{status}: {record.substitute.full_name}"
        rows.append(
            {
                "name": membership.person.full_name,
                "institution": membership.person.affiliation,
                "role": membership.get_role_display(),
                "status": status,
            }
        )
    for record in by_person.values():
        rows.append(
            {
                "name": record.person.full_name,
                "institution": record.person.affiliation,
                "role": _("guest"),
                "status": record.get_status_display(),
            }
        )
    return rows


# ---------------------------------------------------------------------------------------------
# Minutes

# Polish ordinals, as the title of the minutes needs them: "Protokół z drugiego posiedzenia".
_ORDINAL_NOMINATIVE = [
    "pierwsze",
    "drugie",
    "trzecie",
    "czwarte",
    "piąte",
    "szóste",
    "siódme",
    "ósme",
    "dziewiąte",
    "dziesiąte",
    "jedenaste",
    "dwunaste",
    "trzynaste",
    "czternaste",
    "piętnaste",
    "szesnaste",
    "siedemnaste",
    "osiemnaste",
    "dziewiętnaste",
    "dwudzieste",
]
_ORDINAL_GENITIVE = [
    "pierwszego",
    "drugiego",
    "trzeciego",
    "czwartego",
    "piątego",
    "szóstego",
    "siódmego",
    "ósmego",
    "dziewiątego",
    "dziesiątego",
    "jedenastego",
    "dwunastego",
    "trzynastego",
    "czternastego",
    "piętnastego",
    "szesnastego",
    "siedemnastego",
    "osiemnastego",
    "dziewiętnastego",
    "dwudziestego",
]


def ordinal(number: int, genitive: bool = False) -> str:
    words = _ORDINAL_GENITIVE if genitive else _ORDINAL_NOMINATIVE
    if 1 <= number <= len(words):
        return words[number - 1]
    return f"{number}."


def minutes_title(meeting: Meeting) -> str:
    with override(settings.LANGUAGE_CODE):
        return _("Minutes of the %(ordinal)s meeting of the %(body)s") % {
            "ordinal": ordinal(meeting.number, genitive=True),
            "body": meeting.body.name_genitive or meeting.body.name,
        }


def _polish_date(day: datetime.date) -> str:
    return date_format(day, "j E Y") + " r."


def _draft_introduction(meeting: Meeting) -> str:
    body = meeting.body
    start = timezone.localtime(meeting.starts_at)
    members_present = quorum(meeting).present
    lines = [
        _("On %(date)s the %(ordinal)s meeting of the %(body)s took place.")
        % {
            "date": _polish_date(start.date()),
            "ordinal": ordinal(meeting.number),
            "body": body.name_genitive or body.name,
        }
    ]
    mode = {
        Meeting.Mode.REMOTE: _("The meeting was held remotely (%(place)s)."),
        Meeting.Mode.IN_PERSON: _("The meeting was held in person (%(place)s)."),
        Meeting.Mode.HYBRID: _("The meeting was held in a hybrid form (%(place)s)."),
    }[Meeting.Mode(meeting.mode)]
    lines.append(mode % {"place": meeting.location or "—"})
    appointed = f" ({body.legal_basis})" if body.legal_basis else ""
    count = participant_count(meeting)
    lines.append(
        ngettext(
            "%(count)s person took part in the meeting, including %(members)s members of the "
            "team%(appointed)s, presenters and staff of the coordination office.",
            "%(count)s persons took part in the meeting, including %(members)s members of the "
            "team%(appointed)s, presenters and staff of the coordination office.",
            count,
        )
        % {"count": count, "members": members_present, "appointed": appointed}
    )
    changes = list(meeting.agenda_changes.all())
    if changes:
        moved = "; ".join(
            _("item “%(title)s” moved from %(old)s to %(new)s")
            % {"title": c.item_title, "old": c.from_position, "new": c.to_position}
            + (f" ({c.reason})" if c.reason else "")
            for c in changes
        )
        lines.append(_("The order of the agenda changed during the meeting: %s.") % moved)
    return "\n\n".join(lines)


def _draft_section(item: AgendaItem) -> str:
    parts = []
    presenters = ", ".join(p.full_name for p in item.presenters.all())
    if presenters:
        parts.append(_("Presentation: %s.") % presenters)
    if item.notes:
        parts.append(item.notes.strip())
    speakers = ", ".join(p.full_name for p in item.speakers.all())
    if speakers:
        parts.append(_("Speakers in the discussion: %s.") % speakers)
    for outcome in item.outcomes.all():
        addressee = f" ({_('addressed to')}: {outcome.addressee})" if outcome.addressee else ""
        parts.append(f"{outcome.get_kind_display().capitalize()}: {outcome.text}{addressee}")
    for action in item.action_items.select_related("owner"):
        due = f", {_('due')} {action.due_date:%d.%m.%Y}" if action.due_date else ""
        parts.append(
            _("Action: %(task)s (owner: %(owner)s%(due)s).")
            % {"task": action.title, "owner": action.owner.full_name, "due": due}
        )
    if item.is_follow_up_review:
        for action in follow_up_for(item.meeting):
            parts.append(
                _("Open from meeting %(number)s: %(task)s (%(owner)s, %(status)s).")
                % {
                    "number": action.meeting.number,
                    "task": action.title,
                    "owner": action.owner.full_name,
                    "status": action.get_status_display(),
                }
            )
    return "\n\n".join(parts)


@transaction.atomic
def draft_minutes(meeting: Meeting, user: User | None) -> Minutes:
    """Write the first draft from the structured meeting, in the office's language (Polish)."""
    existing = meeting.minutes.first()
    if existing is not None:
        return existing
    if meeting.starts_at > timezone.now():
        raise StatusNotAllowed(_("The meeting has not taken place yet; minutes come after it."))
    with override(settings.LANGUAGE_CODE):
        chair = expected_members(meeting).filter(role__in=["chair", "vice_chair"]).first()
        minutes = Minutes.objects.create(
            meeting=meeting,
            version=1,
            place=settings.LLL_OFFICE_PLACE,
            dated=timezone.localdate(),
            introduction=_draft_introduction(meeting),
            closing=_("That ended the meeting. No other remarks were made."),
            signatory_name=chair.person.full_name if chair else "",
            signatory_position=chair.person.position if chair else "",
            created_by=user,
        )
        MinutesSection.objects.bulk_create(
            MinutesSection(
                minutes=minutes, position=i.position, title=i.title, text=_draft_section(i)
            )
            for i in meeting.agenda_items.prefetch_related("presenters", "speakers", "outcomes")
        )
    if meeting.status in (Meeting.Status.PLANNED, Meeting.Status.INVITED, Meeting.Status.HELD):
        meeting.status = Meeting.Status.MINUTES_DRAFTED
        meeting.save(update_fields=["status"])
    return minutes


class MinutesFrozen(Exception):
    pass


def attachment_titles(meeting: Meeting) -> list[str]:
    titles = [_("Attendance list")]
    titles += [m.title for m in meeting.materials.all()]
    return titles


@transaction.atomic
def approve_minutes(minutes: Minutes, user: User | None) -> None:
    if minutes.is_frozen:
        raise MinutesFrozen(_("These minutes are already approved."))
    with override(settings.LANGUAGE_CODE):
        minutes.attendance_snapshot = attendance_rows(minutes.meeting)
        minutes.attachments_snapshot = attachment_titles(minutes.meeting)
    minutes.status = Minutes.Status.APPROVED
    minutes.approved_by = user
    minutes.approved_at = timezone.now()
    minutes.save()
    minutes.meeting.minutes.filter(status=Minutes.Status.APPROVED).exclude(pk=minutes.pk).update(
        status=Minutes.Status.SUPERSEDED
    )
    minutes.meeting.status = Meeting.Status.MINUTES_APPROVED
    minutes.meeting.save(update_fields=["status"])


@transaction.atomic
def new_minutes_version(minutes: Minutes, user: User | None, reason: str) -> Minutes:
    """A draft copy of approved minutes; the approved version stays as it was."""
    if not minutes.is_frozen:
        return minutes
    if draft := minutes.meeting.minutes.filter(status=Minutes.Status.DRAFT).first():
        return draft
    sections = list(minutes.sections.all())
    latest = minutes.meeting.minutes.aggregate(n=Max("version"))["n"] or minutes.version
    copy = Minutes.objects.create(
        meeting=minutes.meeting,
        version=latest + 1,
        place=minutes.place,
        dated=timezone.localdate(),
        introduction=minutes.introduction,
        closing=minutes.closing,
        signatory_name=minutes.signatory_name,
        signatory_position=minutes.signatory_position,
        change_reason=reason,
        created_by=user,
    )
    MinutesSection.objects.bulk_create(
        MinutesSection(minutes=copy, position=s.position, title=s.title, text=s.text)
        for s in sections
    )
    return copy


def minutes_attendance(minutes: Minutes) -> list[dict[str, str]]:
    """What the attendance attachment shows: frozen at approval, live for a draft."""
    if minutes.is_frozen:
        return list(minutes.attendance_snapshot)
    with override(settings.LANGUAGE_CODE):
        return attendance_rows(minutes.meeting)


def minutes_attachments(minutes: Minutes) -> list[str]:
    if minutes.is_frozen:
        return list(minutes.attachments_snapshot)
    with override(settings.LANGUAGE_CODE):
        return attachment_titles(minutes.meeting)


class CannotInvite(Exception):
    pass


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


# ---------------------------------------------------------------------------------------------
# Personal data (RODO)


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
