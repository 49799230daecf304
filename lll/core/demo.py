"""The one rule of demo loaders for what they need first: check it, never load it or guess.

A demo loader (`lll load_demo_<app>`) that needs other data (the territory, a classification,
another app's demo) checks each with `require(value, command)` before writing anything; a
missing one stops it with `DemoPrerequisiteMissing`, whose message names the `lll` command to
run first. Its management command turns the error into a `CommandError` (`command_error`), so
the operator reads the message and nothing was written.
"""

from typing import TypeVar

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from .errors import UserError

T = TypeVar("T")


class DemoPrerequisiteMissing(UserError):
    """Data a demo needs is not loaded; the message names the command that loads it."""

    def __init__(self, command: str, what: str = "") -> None:
        self.command = command
        message = _("Run `lll %(command)s` first: the demo data need it.") % {"command": command}
        if what:
            message = _("%(what)s is missing. %(rest)s") % {"what": what, "rest": message}
        super().__init__(message)


def require(value: T | None, command: str, what: str = "") -> T:
    """`value` (an object found, or a condition), unless it is missing or false: then the demo
    loader stops, `command` (e.g. "load_territory") being what loads the missing data and
    `what` (optional, for the user) naming it."""
    if not value:
        raise DemoPrerequisiteMissing(command, what)
    return value


def command_error(error: DemoPrerequisiteMissing) -> CommandError:
    """The management command's answer to a missing prerequisite: its message, nothing written."""
    return CommandError(
        _("%(error)s Nothing was changed.") % {"error": error.message},
    )
