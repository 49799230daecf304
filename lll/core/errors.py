"""One base for the errors a user reads: a rule the action breaks, a file that cannot be read.

Services raise a subclass with a message written for the user (translated, naming the row and
field where there is one); views catch `UserError` and show the message, never a server error.
"""


class UserError(Exception):
    """An action or an input breaks a rule; `str(error)` says which, in words for the user."""

    @property
    def message(self) -> str:
        return str(self.args[0]) if self.args else ""


class NotAllowed(UserError):
    """The user may not do this (now, or to this object); the message says why."""
