"""The coordination pages, one module per part of the work; `urls.py` finds every view here."""

from .actions import action_edit, action_update, follow_up, outcome_edit
from .attendance import attendance, attendance_sheet, guest_add, guest_remove
from .bodies import body_detail, body_edit, body_list, membership_edit
from .mailings import mailing_detail, mailing_new, mailing_retry
from .materials import material_delete, material_download, material_upload
from .meetings import (
    agenda_item_delete,
    agenda_item_edit,
    agenda_item_move,
    agenda_item_notes,
    follow_up_add,
    meeting_detail,
    meeting_edit,
    meeting_ics,
    meeting_list,
    meeting_status,
)
from .minutes import (
    minutes_comment,
    minutes_detail,
    minutes_download,
    minutes_draft,
    minutes_new_version,
)
from .overview import home
from .people import (
    institution_edit,
    institution_list,
    person_detail,
    person_edit,
    person_erase,
    person_export,
    person_invite,
    person_list,
)
from .resolutions import resolution_detail, resolution_list
from .studies import search_view, study_detail, study_edit, study_file, study_list
from .votes import (
    body_rules,
    circular_vote_new,
    meeting_vote,
    vote_by_link,
    vote_cast,
    vote_close,
    vote_detail,
    vote_remind,
)

__all__ = [
    "action_edit",
    "action_update",
    "agenda_item_delete",
    "agenda_item_edit",
    "agenda_item_move",
    "agenda_item_notes",
    "attendance",
    "attendance_sheet",
    "body_detail",
    "body_edit",
    "body_list",
    "body_rules",
    "circular_vote_new",
    "follow_up",
    "follow_up_add",
    "guest_add",
    "guest_remove",
    "home",
    "institution_edit",
    "institution_list",
    "mailing_detail",
    "mailing_new",
    "mailing_retry",
    "material_delete",
    "material_download",
    "material_upload",
    "meeting_detail",
    "meeting_edit",
    "meeting_ics",
    "meeting_list",
    "meeting_status",
    "meeting_vote",
    "membership_edit",
    "minutes_comment",
    "minutes_detail",
    "minutes_download",
    "minutes_draft",
    "minutes_new_version",
    "outcome_edit",
    "person_detail",
    "person_edit",
    "person_erase",
    "person_export",
    "person_invite",
    "person_list",
    "resolution_detail",
    "resolution_list",
    "search_view",
    "study_detail",
    "study_edit",
    "study_file",
    "study_list",
    "vote_by_link",
    "vote_cast",
    "vote_close",
    "vote_detail",
    "vote_remind",
]
