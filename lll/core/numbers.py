"""Numbers as people type them into spreadsheets and forms: "1 234,5" and 1234.5 alike.

A number that reads two ways is refused with both readings rather than guessed: "1,234.5" (1234.5
written the English way, or 1.2345 with a dot grouping thousands), and "1.234" in a column whose
other values use a decimal comma (1234 or 1.234). The column's convention is found first by
`decimal_comma`.
"""

import re
from collections.abc import Iterable

from django.utils.translation import gettext as _

from .errors import UserError


class InvalidValue(UserError, ValueError):
    """A cell that cannot be read; the message is for the user (Polish by default)."""


class AmbiguousNumber(InvalidValue):
    """A cell that reads as two different numbers; the message gives both."""


_SPACES = str.maketrans({"\u00a0": "", " ": "", "\u202f": ""})
# Digits grouped by three with a separator and nothing after: "1.234", "12,345,678".
_GROUPED_DOT = re.compile(r"^[-+]?\d{1,3}(\.\d{3})+$")
_GROUPED_COMMA = re.compile(r"^[-+]?\d{1,3}(,\d{3})+$")
# An unmistakable decimal comma / point: not three digits after it, or a group before it.
_DECIMAL_COMMA = re.compile(r"^[-+]?\d+(\.\d{3})*,\d+$")
_DECIMAL_POINT = re.compile(r"^[-+]?\d+(,\d{3})*\.\d+$")


def _plain(raw: object) -> str:
    return str(raw or "").strip().translate(_SPACES)


def _english(text: str) -> bool:
    return "," in text and "." in text and text.index(",") < text.index(".")


def decimal_comma(cells: Iterable[object]) -> bool | None:
    """Whether a column's typed numbers use a decimal comma (True), a decimal point (False),
    or cannot tell (None: no telling cell, or both kinds). Numbers stored as numbers (XLSX)
    do not count."""
    comma = point = False
    for raw in cells:
        if isinstance(raw, bool | int | float) or raw is None:
            continue
        text = _plain(raw)
        if _GROUPED_DOT.match(text) or _GROUPED_COMMA.match(text) or _english(text):
            continue  # "1.234", "1,234", "1,234.5": ambiguous themselves, they tell nothing
        if _DECIMAL_COMMA.match(text):
            comma = True
        elif _DECIMAL_POINT.match(text):
            point = True
        if comma and point:
            return None
    return True if comma else False if point else None


def _shown(number: float) -> str:
    """A reading as the user would write it in Polish: 1234,5 (no grouping, decimal comma)."""
    return repr(number).removesuffix(".0").replace(".", ",")


def _ambiguous(raw: object, first: float, second: float) -> AmbiguousNumber:
    return AmbiguousNumber(
        _(
            "“%(value)s” can be read two ways: %(first)s or %(second)s. Write it without "
            "a thousands separator, with a decimal comma (e.g. %(first)s)."
        )
        % {"value": str(raw)[:40], "first": _shown(first), "second": _shown(second)}
    )


def parse_number(raw: object, decimal_comma: bool | None = None) -> float:
    """A number from a cell: 12.5, "12,5", "1 234,5", "1.234,5", "1\u00a0234".

    `decimal_comma` is the column's convention (see `decimal_comma()`); a cell that reads
    differently under it is refused as ambiguous, with both readings."""
    if isinstance(raw, bool):
        raise InvalidValue(_("“%(value)s” is not a number.") % {"value": raw})
    if isinstance(raw, int | float):
        return float(raw)
    text = _plain(raw)
    if not text:
        raise InvalidValue(_("the value is empty."))
    if _english(text):
        # "1,234.5": English grouping, or a dot grouping and a comma (1,2345)?
        english = _to_float(raw, text.replace(",", ""))
        polish = _to_float(raw, text.replace(".", "").replace(",", ".", 1))
        raise _ambiguous(raw, english, polish)
    if decimal_comma is True and _GROUPED_DOT.match(text):
        raise _ambiguous(raw, _to_float(raw, text.replace(".", "")), _to_float(raw, text))
    if decimal_comma is False and _GROUPED_COMMA.match(text):
        raise _ambiguous(
            raw, _to_float(raw, text.replace(",", "")), _to_float(raw, text.replace(",", "."))
        )
    if "," in text:
        text = text.replace(".", "").replace(",", ".")
    return _to_float(raw, text)


def _to_float(raw: object, text: str) -> float:
    try:
        number = float(text)
    except ValueError:
        raise InvalidValue(_("“%(value)s” is not a number.") % {"value": str(raw)[:40]}) from None
    if number != number or number in (float("inf"), float("-inf")):
        raise InvalidValue(_("“%(value)s” is not a number.") % {"value": str(raw)[:40]})
    return number
