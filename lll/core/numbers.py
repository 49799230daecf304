"""Numbers as people type them into spreadsheets and forms: "1 234,5" and 1234.5 alike."""

from django.utils.translation import gettext as _

from .errors import UserError


class InvalidValue(UserError, ValueError):
    """A cell that cannot be read; the message is for the user (Polish by default)."""


def parse_number(raw: object) -> float:
    """A number from a cell: 12.5, "12,5", "1 234,5", "1.234,5", "1\u00a0234"."""
    if isinstance(raw, bool):
        raise InvalidValue(_("“%(value)s” is not a number.") % {"value": raw})
    if isinstance(raw, int | float):
        return float(raw)
    text = str(raw or "").strip().replace("\u00a0", "").replace(" ", "").replace("\u202f", "")
    if not text:
        raise InvalidValue(_("the value is empty."))
    if "," in text:
        text = text.replace(".", "").replace(",", ".")
    try:
        number = float(text)
    except ValueError:
        raise InvalidValue(_("“%(value)s” is not a number.") % {"value": str(raw)[:40]}) from None
    if number != number or number in (float("inf"), float("-inf")):
        raise InvalidValue(_("“%(value)s” is not a number.") % {"value": str(raw)[:40]})
    return number
