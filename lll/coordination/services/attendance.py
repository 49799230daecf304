"""Who was expected at a meeting, who came, and whether the meeting was quorate."""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import VOTING_ROLES, Attendance, Meeting, Membership
from .meetings import polish_order


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
