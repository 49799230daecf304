"""The minutes: a first draft written from the meeting, approval that freezes a version,
and new versions of approved minutes."""

from typing import TypedDict, cast

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, override

from lll.accounts.models import User
from lll.core.dates import long_date
from lll.core.errors import NotAllowed

from ..models import AgendaItem, Meeting, Minutes, MinutesSection, Person
from .attendance import attendance_rows, participant_count, quorum
from .meetings import StatusNotAllowed, announced_agenda, chair_of, follow_up_for, signatory_of
from .resolutions import resolution_attachments
from .votes import meeting_votes

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


def _draft_introduction(meeting: Meeting) -> str:
    body = meeting.body
    start = timezone.localtime(meeting.starts_at)
    members_present = quorum(meeting).present
    lines = [
        _("On %(date)s the %(ordinal)s meeting of the %(body)s took place.")
        % {
            "date": long_date(start.date()),
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
    return "\n\n".join(lines)


def _agenda_changes(meeting: Meeting) -> str:
    """The changes to the announced agenda, as a paragraph of their own."""
    changes = list(meeting.agenda_changes.all())
    if not changes:
        return ""
    moved = "; ".join(
        _("item “%(title)s” moved from %(old)s to %(new)s")
        % {"title": c.item_title, "old": c.from_position, "new": c.to_position}
        + (f" ({c.reason})" if c.reason else "")
        for c in changes
    )
    return _("The order of the agenda changed during the meeting: %s.") % moved


def _person_line(person: Person | None) -> str:
    if person is None:
        return ""
    return f"{person.full_name}, {person.position}" if person.position else person.full_name


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
        parts.append(f"{outcome.heading}: {outcome.text}{addressee}")
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
        signatory = signatory_of(meeting)
        minutes = Minutes.objects.create(
            meeting=meeting,
            version=1,
            place=settings.LLL_OFFICE_PLACE,
            dated=timezone.localdate(),
            introduction=_draft_introduction(meeting),
            closing=_("That ended the meeting. No other remarks were made."),
            signatory_name=signatory.full_name if signatory else "",
            signatory_position=signatory.position if signatory else "",
            chaired_by=_person_line(chair_of(meeting)),
            project_paragraph=meeting.body.project_paragraph,
            announced_agenda="\n".join(announced_agenda(meeting)),
            agenda_changes=_agenda_changes(meeting),
            attachment_list="\n".join(attachment_titles(meeting)),
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


class MinutesFrozen(NotAllowed):
    """Approved minutes do not change; a change makes a new version."""


def attachment_titles(meeting: Meeting) -> list[str]:
    """The attachments the draft proposes; the office may rename or add to them."""
    titles = [_("Attendance list")]
    titles += resolution_attachments(meeting)
    titles += [m.title for m in meeting.materials.all()]
    return titles


def _listed(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


@transaction.atomic
def approve_minutes(minutes: Minutes, user: User | None) -> None:
    """Lock the minutes: the attendance and attachments are frozen with them. The office
    records the members' acceptance through `lifecycle.accept_minutes`, which calls this."""
    if minutes.is_frozen:
        raise MinutesFrozen(_("These minutes are already approved."))
    with override(settings.LANGUAGE_CODE):
        minutes.attendance_snapshot = attendance_rows(minutes.meeting)
        minutes.attachments_snapshot = _listed(minutes.attachment_list) or attachment_titles(
            minutes.meeting
        )
        minutes.votes_snapshot = _vote_rows(minutes.meeting)
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
        chaired_by=minutes.chaired_by,
        project_paragraph=minutes.project_paragraph,
        announced_agenda=minutes.announced_agenda,
        agenda_changes=minutes.agenda_changes,
        attachment_list=minutes.attachment_list,
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


class VoteRow(TypedDict):
    """A vote as the minutes state it, in plain data that locked minutes keep."""

    title: str
    outcome: str
    note: str
    resolution: str  # "3/2026" or ""
    per_member: list[list[str]]  # [full name, vote]


def _vote_rows(meeting: Meeting) -> list[VoteRow]:
    """The meeting's closed votes as the minutes state them, in plain data to freeze."""
    return [
        VoteRow(
            title=record.title,
            outcome=str(record.outcome),
            note=record.note,
            resolution=record.resolution,
            per_member=[[name, str(choice)] for name, choice in record.per_member],
        )
        for record in meeting_votes(meeting)
    ]


def minutes_votes(minutes: Minutes) -> list[VoteRow]:
    """The votes the minutes carry: frozen at acceptance, live while a draft. Minutes locked
    before the votes were frozen (none stored) show the votes as they are."""
    if minutes.is_frozen and minutes.votes_snapshot:
        return cast(list[VoteRow], list(minutes.votes_snapshot))
    with override(settings.LANGUAGE_CODE):
        return _vote_rows(minutes.meeting)


def minutes_attachments(minutes: Minutes) -> list[str]:
    if minutes.is_frozen:
        return list(minutes.attachments_snapshot)
    if listed := _listed(minutes.attachment_list):
        return listed
    with override(settings.LANGUAGE_CODE):
        return attachment_titles(minutes.meeting)


def minutes_agenda(minutes: Minutes) -> list[str]:
    """The agenda the minutes print: as announced (the changes follow in their own paragraph)."""
    return _listed(minutes.announced_agenda) or [
        s.title for s in minutes.sections.order_by("position")
    ]
