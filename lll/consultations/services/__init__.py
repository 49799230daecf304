"""Consultations, polls and study visits: who may comment and vote, and the rules of each.

Every rule is checked here, on the server; a refused action raises `NotAllowed` (core's) with a
message for the user (Polish by default) and changes nothing. One module per part of the work;
everything is importable from here, as before. The "who sees what" rules live in
`lll.consultations.access` and are re-exported here.
"""

from lll.core.errors import NotAllowed

from ..access import MANAGE, can_manage, visible_consultations, visible_polls, visible_visits
from .comments import (
    CommentSummary,
    active_comments,
    check_change,
    comment_numbers,
    consulted_members,
    edit_comment,
    may_change,
    may_comment,
    respond,
    response_cell,
    restore_comment,
    submit_comment,
    submitter_label,
    summary,
    table_headers,
    table_rows,
    withdraw_comment,
)
from .consultations import (
    TRANSITIONS,
    add_provision,
    adopt_position,
    allowed_statuses,
    awaiting_comment,
    check_provisions_editable,
    delete_provision,
    set_status,
)
from .polls import (
    OptionResult,
    PollResults,
    add_option,
    cast_vote,
    eligible_voters,
    has_voted,
    may_vote,
    open_ballots,
    option_key,
    propose_option,
    record_decision,
    results,
    set_poll_status,
)
from .reminders import (
    ReminderSending,
    last_manual_sending,
    non_responders,
    reminder_message,
    reminder_sendings,
    reminders_due,
    send_reminders,
)
from .visits import (
    body_meetings,
    recommendation_to_action,
)

__all__ = [
    "MANAGE",
    "TRANSITIONS",
    "CommentSummary",
    "NotAllowed",
    "OptionResult",
    "PollResults",
    "ReminderSending",
    "active_comments",
    "add_option",
    "add_provision",
    "adopt_position",
    "allowed_statuses",
    "awaiting_comment",
    "body_meetings",
    "can_manage",
    "cast_vote",
    "check_change",
    "check_provisions_editable",
    "comment_numbers",
    "consulted_members",
    "delete_provision",
    "edit_comment",
    "eligible_voters",
    "has_voted",
    "last_manual_sending",
    "may_change",
    "may_comment",
    "may_vote",
    "non_responders",
    "open_ballots",
    "option_key",
    "propose_option",
    "recommendation_to_action",
    "record_decision",
    "reminder_message",
    "reminder_sendings",
    "reminders_due",
    "respond",
    "response_cell",
    "restore_comment",
    "results",
    "send_reminders",
    "set_poll_status",
    "set_status",
    "submit_comment",
    "submitter_label",
    "summary",
    "table_headers",
    "table_rows",
    "visible_consultations",
    "visible_polls",
    "visible_visits",
    "withdraw_comment",
]
