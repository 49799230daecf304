"""Who was expected at a meeting, who came, and whether the meeting was quorate."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from lll.core.text import polish_key

from ..models import VOTING_ROLES, Attendance, Meeting, Membership
from .meetings import polish_order


def expected_members(meeting: Meeting) -> QuerySet[Membership]:
    day = timezone.localtime(meeting.starts_at).date()
    return (
        meeting.body.memberships_on(day)
        .select_related("person__institution", "substitute")
        .order_by("person__last_name", "person__first_name")
    )


# The statuses of who took part (in the room or by electronic means).
TOOK_PART = (Attendance.Status.PRESENT, Attendance.Status.SUBSTITUTED, Attendance.Status.GUEST)


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
def record_attendance(
    meeting: Meeting,
    statuses: dict[Membership, str],
    remote: Iterable[int] | None = None,
) -> None:
    """Set each member's attendance; an empty status clears it. A substituted member is
    represented by the substitute their membership names. `remote`: the ids of the people
    (members and guests) who took part by electronic means; None leaves that as recorded."""
    remote_ids = None if remote is None else set(remote)
    for membership, status in statuses.items():
        if not status:
            meeting.attendance.filter(person=membership.person).delete()
            continue
        substitute = membership.substitute if status == Attendance.Status.SUBSTITUTED else None
        defaults: dict[str, object] = {"status": status, "substitute": substitute}
        if remote_ids is not None:
            defaults["remote"] = membership.person_id in remote_ids and status in TOOK_PART
        Attendance.objects.update_or_create(
            meeting=meeting, person=membership.person, defaults=defaults
        )
    if remote_ids is not None:
        guests = meeting.attendance.filter(status=Attendance.Status.GUEST)
        guests.filter(person_id__in=remote_ids).update(remote=True)
        guests.exclude(person_id__in=remote_ids).update(remote=False)


def set_all_present(meeting: Meeting) -> int:
    """Every member not recorded yet is present (in the room); returns how many were set."""
    recorded = set(meeting.attendance.values_list("person_id", flat=True))
    missing = [m for m in expected_members(meeting) if m.person_id not in recorded]
    Attendance.objects.bulk_create(
        Attendance(meeting=meeting, person=m.person, status=Attendance.Status.PRESENT)
        for m in missing
    )
    return len(missing)


def participant_count(meeting: Meeting) -> int:
    """Everybody who took part, or the number the office entered instead: present members,
    the substitutes who came for absent ones, guests, and the presenters and speakers of the
    agenda items (each person once)."""
    if meeting.participant_count:
        return meeting.participant_count
    people: set[int] = set()
    for person_id, status, substitute_id in meeting.attendance.values_list(
        "person_id", "status", "substitute_id"
    ):
        if status == Attendance.Status.SUBSTITUTED:
            people.add(substitute_id or -person_id)
        elif status in (Attendance.Status.PRESENT, Attendance.Status.GUEST):
            people.add(person_id)
    for field in ("presenters", "speakers"):
        people.update(
            i for i in meeting.agenda_items.values_list(field, flat=True) if i is not None
        )
    return len(people)


# The Polish forms of each status, masculine and feminine, from the person's record.
_STATUS_FORMS = {
    Attendance.Status.PRESENT: (
        pgettext_lazy("masculine", "present"),
        pgettext_lazy("feminine", "present"),
    ),
    Attendance.Status.ABSENT: (
        pgettext_lazy("masculine", "absent"),
        pgettext_lazy("feminine", "absent"),
    ),
    Attendance.Status.EXCUSED: (
        pgettext_lazy("masculine", "excused"),
        pgettext_lazy("feminine", "excused"),
    ),
    Attendance.Status.SUBSTITUTED: (
        pgettext_lazy("masculine", "represented by a substitute"),
        pgettext_lazy("feminine", "represented by a substitute"),
    ),
}
_REMOTE_FORMS = (
    pgettext_lazy("masculine", "took part by electronic means"),
    pgettext_lazy("feminine", "took part by electronic means"),
)


def status_text(record: Attendance) -> str:
    """ "obecna", "nieobecny", "obecny – uczestniczył zdalnie"...: in the person's form."""
    feminine = int(record.person.is_feminine)
    forms = _STATUS_FORMS.get(Attendance.Status(record.status))
    text = str(forms[feminine]) if forms else record.get_status_display()
    if record.substitute:
        text = f"{text}: {record.substitute.full_name}"
    if record.remote:
        text = f"{text} – {_REMOTE_FORMS[feminine]}"
    return text


def attendance_rows(meeting: Meeting) -> list[dict[str, str]]:
    """The attendance list attached to the minutes: members first, then guests. "remote"
    holds the note that replaces a signature for who took part by electronic means."""
    by_person = {
        a.person_id: a
        for a in meeting.attendance.select_related("person__institution", "substitute")
    }
    rows = []
    for membership in polish_order(expected_members(meeting)):
        record = by_person.pop(membership.person_id, None)
        rows.append(
            {
                "name": membership.person.full_name,
                "institution": membership.person.affiliation,
                "role": membership.get_role_display(),
                "status": status_text(record) if record else _("not recorded"),
                "remote": _remote_note(record),
            }
        )
    guests = sorted(by_person.values(), key=lambda r: polish_key(r.person.last_name))
    for record in guests:
        rows.append(
            {
                "name": record.person.full_name,
                "institution": record.person.affiliation,
                "role": _("guest"),
                "status": record.get_status_display(),
                "remote": _remote_note(record),
            }
        )
    return rows


def _remote_note(record: Attendance | None) -> str:
    if record is None or not record.remote:
        return ""
    return str(_REMOTE_FORMS[int(record.person.is_feminine)])
