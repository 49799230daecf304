"""One base for the errors a user reads: a rule the action breaks, a file that cannot be read.

Services raise a subclass with a message written for the user (translated, naming the row and
field where there is one); views catch `UserError` and show the message, never a server error.
"""

from django.db import OperationalError
from django.utils.translation import gettext as _


class UserError(Exception):
    """An action or an input breaks a rule; `str(error)` says which, in words for the user."""

    @property
    def message(self) -> str:
        return str(self.args[0]) if self.args else ""


class NotAllowed(UserError):
    """The user may not do this (now, or to this object); the message says why."""


def failure_message(error: BaseException) -> str:
    """What a failed background job keeps for the user to read: a `UserError`'s own message;
    for anything else a Polish sentence naming the error's kind, never Python's English text.
    SQLite's "database is locked" (another write held the database longer than
    LLL_SQLITE_BUSY_SECONDS) gets its own sentence: nothing was written, run it again."""
    if isinstance(error, UserError):
        return str(error)
    if isinstance(error, OperationalError) and "locked" in str(error):
        return _(
            "The database was busy with another write for too long, and nothing was written. "
            "Run the import again."
        )
    return _("The import stopped on an unexpected error (%(error)s).") % {
        "error": type(error).__name__
    }
