"""The coordination office's work: the agenda, attendance, minutes, people's data.

Functions that change state take the acting user and leave a record of what they did. One
module per part of the work; everything is importable from here, as before. The "who sees what"
rules live in `lll.coordination.access` and are re-exported here for the other apps' code.
"""

from ..access import MANAGE, can_manage, person_of, visible_bodies, visible_meetings
from .attendance import (
    Quorum,
    attendance_rows,
    expected_members,
    participant_count,
    quorum,
    record_attendance,
)
from .meetings import (
    StatusNotAllowed,
    add_agenda_item,
    add_follow_up_review,
    delete_agenda_item,
    follow_up_for,
    move_agenda_item,
    my_action_items,
    next_meeting_number,
    open_action_items,
    polish_order,
    set_meeting_status,
)
from .minutes import (
    MinutesFrozen,
    approve_minutes,
    attachment_titles,
    draft_minutes,
    minutes_attachments,
    minutes_attendance,
    minutes_title,
    new_minutes_version,
    ordinal,
)
from .people import (
    CannotInvite,
    create_member_account,
    erase_person,
    export_person,
    person_deliveries,
)

__all__ = [
    "MANAGE",
    "CannotInvite",
    "MinutesFrozen",
    "Quorum",
    "StatusNotAllowed",
    "add_agenda_item",
    "add_follow_up_review",
    "approve_minutes",
    "attachment_titles",
    "attendance_rows",
    "can_manage",
    "create_member_account",
    "delete_agenda_item",
    "draft_minutes",
    "erase_person",
    "expected_members",
    "export_person",
    "follow_up_for",
    "minutes_attachments",
    "minutes_attendance",
    "minutes_title",
    "move_agenda_item",
    "my_action_items",
    "new_minutes_version",
    "next_meeting_number",
    "open_action_items",
    "ordinal",
    "participant_count",
    "person_deliveries",
    "person_of",
    "polish_order",
    "quorum",
    "record_attendance",
    "set_meeting_status",
    "visible_bodies",
    "visible_meetings",
]
