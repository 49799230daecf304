"""Meetings and their agenda; the action items they leave open."""

from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F, Max, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from lll.accounts.models import User
from lll.core.errors import NotAllowed, UserError
from lll.core.text import polish_key, sorted_polish

from ..access import person_of
from ..models import (
    ActionItem,
    AgendaChange,
    AgendaItem,
    Body,
    Meeting,
    Membership,
    Minutes,
    Person,
    Role,
)


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


def polish_order(memberships: Any) -> list[Membership]:
    """Alphabetical the Polish way whatever the database's collation: Ł after L, not after Z."""
    return sorted(
        memberships,
        key=lambda m: (polish_key(m.person.last_name), polish_key(m.person.first_name)),
    )


class StatusNotAllowed(NotAllowed):
    """The meeting's status (or its minutes) does not allow this now."""


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
    """The item at the end of the agenda. Additions to one meeting take turns (its row is
    locked while the number is chosen); the unique constraint on the number is the guard,
    and an addition it refuses takes the next number and tries again."""
    for attempt in range(ADD_ATTEMPTS):
        try:
            with transaction.atomic():
                list(Meeting.objects.select_for_update().filter(pk=meeting.pk).values("pk"))
                position = (meeting.agenda_items.aggregate(n=Max("position"))["n"] or 0) + 1
                return AgendaItem.objects.create(
                    meeting=meeting, position=position, title=title, **fields
                )
        except IntegrityError:
            if attempt == ADD_ATTEMPTS - 1:
                raise
    raise AssertionError  # unreachable


ADD_ATTEMPTS = 10


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
    # In two steps, so that no two items share a position on the way (the unique constraint
    # is checked row by row): first out of the way, then the final numbers.
    for index, agenda_item in enumerate(items, start=1):
        agenda_item.position = RENUMBER_OFFSET + index
    AgendaItem.objects.bulk_update(items, ["position"])
    for index, agenda_item in enumerate(items, start=1):
        agenda_item.position = index
    AgendaItem.objects.bulk_update(items, ["position"])


RENUMBER_OFFSET = 10_000


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


def announced_agenda(meeting: Meeting) -> list[str]:
    """The agenda as the members were invited to it: today's order with the recorded moves
    undone, latest first."""
    titles = list(meeting.agenda_items.order_by("position").values_list("title", flat=True))
    for change in reversed(list(meeting.agenda_changes.all())):
        index = change.to_position - 1
        if not (0 <= index < len(titles)) or titles[index] != change.item_title:
            continue  # the list changed since (an item added or removed): leave it
        titles.insert(change.from_position - 1, titles.pop(index))
    return titles


def chair_of(meeting: Meeting) -> Person | None:
    """Who chaired the meeting: as recorded, else the body's chair (or vice-chair) that day."""
    if meeting.chaired_by_id:
        return meeting.chaired_by
    day = timezone.localtime(meeting.starts_at).date()
    for role in (Role.CHAIR, Role.VICE_CHAIR):
        membership = meeting.body.memberships_on(day).filter(role=role).first()
        if membership:
            return membership.person
    return None


def signatory_of(meeting: Meeting) -> Person | None:
    """Who signs the minutes: as recorded per meeting, else whoever chaired."""
    return meeting.signed_by if meeting.signed_by_id else chair_of(meeting)


def rename_agenda_item(item: AgendaItem, title: str) -> None:
    title = " ".join(title.split())
    if not title:
        raise UserError(_("Title: give the agenda item's title."))
    limit = AgendaItem._meta.get_field("title").max_length or 500
    if len(title) > limit:
        raise UserError(
            _("Title: at most %(limit)s characters (%(length)s given).")
            % {"limit": limit, "length": len(title)}
        )
    item.title = title
    item.save(update_fields=["title"])


def set_item_notes(item: AgendaItem, notes: str) -> None:
    item.notes = notes.strip()
    item.save(update_fields=["notes"])


def people_to_choose() -> list[Person]:
    """The register's people (not erased) in Polish order, for the owner and presenter lists."""
    people = Person.objects.filter(erased_at__isnull=True).select_related("institution")
    return sorted_polish(people, lambda p: p.last_name, lambda p: p.first_name)
