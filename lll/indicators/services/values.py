"""Parsing the values people type into spreadsheets: Polish numbers, periods, flags."""

import datetime
import functools
import re
from collections.abc import Callable

from django.utils import timezone
from django.utils.translation import gettext as _

from lll.core.numbers import InvalidValue, parse_number
from lll.indicators.models import Periodicity

__all__ = ["InvalidValue", "parse_flags", "parse_number", "parse_period", "source_flags"]

PERIOD_PATTERNS = {
    Periodicity.YEAR: re.compile(r"^(\d{4})$"),
    Periodicity.SCHOOL_YEAR: re.compile(r"^(\d{4})/(\d{2})$"),
    Periodicity.QUARTER: re.compile(r"^(\d{4})-Q([1-4])$"),
    Periodicity.MONTH: re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$"),
}
PERIOD_EXAMPLES = {
    Periodicity.YEAR: "2023",
    Periodicity.SCHOOL_YEAR: "2023/24",
    Periodicity.QUARTER: "2023-Q1",
    Periodicity.MONTH: "2023-05",
}
FIRST_YEAR = 1990
FLAG_LETTERS = {"p": "provisional", "e": "estimated", "c": "confidential"}


def parse_period(raw: object, periodicity: str) -> str:
    """The canonical period text for a cell: 2023 -> "2023", a date in May 2023 -> "2023-05"."""
    # A file repeats the same few periods on every row: remember the answers.
    return _parse_period(raw, periodicity, timezone.localdate().year + 1)


def period_reader(periodicity: str) -> Callable[[object], str]:
    """parse_period for many cells of one import: today's date is read once."""
    last_year = timezone.localdate().year + 1
    return lambda raw: _parse_period(raw, periodicity, last_year)


@functools.lru_cache(maxsize=2048)
def _parse_period(raw: object, periodicity: str, last_year: int) -> str:
    if isinstance(raw, datetime.datetime | datetime.date):
        # Excel stores dates; a yearly indicator takes the year, a monthly one the month.
        if periodicity == Periodicity.MONTH:
            text = f"{raw.year:04d}-{raw.month:02d}"
        elif periodicity == Periodicity.QUARTER:
            text = f"{raw.year:04d}-Q{(raw.month - 1) // 3 + 1}"
        else:
            text = f"{raw.year:04d}"
    elif isinstance(raw, float) and raw.is_integer():
        text = str(int(raw))
    else:
        text = str(raw or "").strip().upper().replace(" ", "")
    if periodicity == Periodicity.SCHOOL_YEAR and re.fullmatch(r"\d{4}/\d{4}", text):
        text = text[:5] + text[7:]  # 2023/2024 -> 2023/24
    match = PERIOD_PATTERNS[Periodicity(periodicity)].match(text)
    if not match:
        raise InvalidValue(
            _("“%(value)s” is not a period of this indicator (e.g. %(example)s).")
            % {"value": str(raw)[:40], "example": PERIOD_EXAMPLES[Periodicity(periodicity)]}
        )
    year = int(match.group(1))
    if periodicity == Periodicity.SCHOOL_YEAR and int(match.group(2)) != (year + 1) % 100:
        raise InvalidValue(
            _("“%(value)s”: a school year spans two years in a row.") % {"value": text}
        )
    if not FIRST_YEAR <= year <= last_year:
        raise InvalidValue(
            _("period %(value)s is out of range (%(first)d–%(last)d).")
            % {"value": text, "first": FIRST_YEAR, "last": last_year}
        )
    return text


def source_flags(raw: object) -> str:
    """The source's other flag letters (Eurostat b, u, d, ...), kept as given: "bu"."""
    letters = str(raw or "").strip().lower()
    return "".join(ch for ch in letters if ch.isalpha() and ch not in FLAG_LETTERS)[:8]


def parse_flags(raw: object) -> dict[str, bool]:
    """Flags as Eurostat and GUS letter them: p provisional, e estimated, c confidential."""
    letters = str(raw or "").strip().lower()
    return {field: letter in letters for letter, field in FLAG_LETTERS.items()}
