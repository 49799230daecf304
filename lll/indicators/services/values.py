"""Parsing the values people type into spreadsheets: Polish numbers, periods, flags."""

import datetime
import functools
import re
from collections.abc import Callable
from typing import NamedTuple

from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from lll.core.numbers import InvalidValue, parse_number
from lll.core.text import search_key
from lll.indicators.models import Periodicity

__all__ = [
    "FLAG_CODES",
    "Flags",
    "InvalidValue",
    "flag_labels",
    "flag_letters",
    "parse_flags",
    "parse_number",
    "parse_period",
    "read_flags",
    "source_flags",
]

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


class Flags(NamedTuple):
    provisional: bool = False
    estimated: bool = False
    confidential: bool = False
    other: str = ""  # the other codes of the closed list, in alphabetical order: "bu"


# The flags users meet in Eurostat and GUS data: a closed list. p, e and c have fields of their
# own on an observation; the others are kept as letters in `source_flags`.
FLAG_CODES: dict[str, Promise] = {
    "b": pgettext_lazy("flag", "break in series"),
    "c": pgettext_lazy("flag", "confidential"),
    "d": pgettext_lazy("flag", "definition differs"),
    "e": pgettext_lazy("flag", "estimated"),
    "f": pgettext_lazy("flag", "forecast"),
    "n": pgettext_lazy("flag", "not significant"),
    "p": pgettext_lazy("flag", "provisional"),
    "r": pgettext_lazy("flag", "revised"),
    "s": pgettext_lazy("flag", "Eurostat estimate"),
    "u": pgettext_lazy("flag", "low reliability"),
    "z": pgettext_lazy("flag", "not applicable"),
}
BREAK, CONFIDENTIAL = "b", "c"
# Words for the same flags, compared without case or diacritics (search_key).
FLAG_WORDS = {
    "dane wstepne": "p",
    "wstepne": "p",
    "provisional": "p",
    "dane szacunkowe": "e",
    "szacunkowe": "e",
    "szacunek": "e",
    "estimated": "e",
    "estimate": "e",
    "dane poufne": "c",
    "poufne": "c",
    "tajemnica statystyczna": "c",
    "#": "c",
    "confidential": "c",
    "przerwa w szeregu": "b",
    "przerwa w szeregu czasowym": "b",
    "break in series": "b",
    "break in time series": "b",
    "niska wiarygodnosc": "u",
    "mala precyzja": "u",
    "low reliability": "u",
    "definicja odmienna": "d",
    "inna definicja": "d",
    "definition differs": "d",
    "prognoza": "f",
    "forecast": "f",
    "nieistotne": "n",
    "not significant": "n",
    "dane zrewidowane": "r",
    "zrewidowane": "r",
    "revised": "r",
    "szacunek eurostatu": "s",
    "eurostat estimate": "s",
    "nie dotyczy": "z",
    "not applicable": "z",
}
_SEPARATORS = re.compile(r"[,;/+|]")


@functools.lru_cache(maxsize=1024)
def read_flags(raw: object) -> Flags:
    """The flags of a cell: codes ("p", "pe", "b u", "p, e") or words ("dane wstępne",
    "szacunek; przerwa w szeregu"). Anything else is refused, naming the allowed codes."""
    text = search_key(" ".join(str(raw or "").split()))
    if not text:
        return Flags()
    letters: set[str] = set()
    parts = [text] if text in FLAG_WORDS else [p.strip() for p in _SEPARATORS.split(text)]
    for part in parts:
        if not part:
            continue
        if part in FLAG_WORDS:
            letters.add(FLAG_WORDS[part])
            continue
        codes = part.replace(" ", "")
        if codes and all(ch in FLAG_CODES for ch in codes):
            letters.update(codes)
            continue
        raise InvalidValue(
            _("“%(value)s” is not a flag. Allowed: %(codes)s, or these words.")
            % {"value": str(raw)[:40], "codes": allowed_flags()}
        )
    return Flags(
        "p" in letters,
        "e" in letters,
        "c" in letters,
        "".join(sorted(letters - set(FLAG_LETTERS))),
    )


def allowed_flags() -> str:
    return ", ".join(f"{code} ({label})" for code, label in FLAG_CODES.items())


def flag_letters(observation: object) -> str:
    """All flag letters of an observation, in alphabetical order: "bp"."""
    own = "".join(letter for letter, field in FLAG_LETTERS.items() if getattr(observation, field))
    return "".join(sorted(own + str(getattr(observation, "source_flags", "") or "")))


def flag_labels(letters: str) -> list[tuple[str, str]]:
    """(code, its name in the page's language) for each letter: [("b", "przerwa w szeregu")]."""
    return [(letter, str(FLAG_CODES.get(letter, letter))) for letter in letters]


def shown_flags(letters: str) -> list[tuple[str, str]]:
    """The flags a page marks next to a value: all but "c" (a confidential value is not shown)."""
    return flag_labels("".join(ch for ch in letters or "" if ch != CONFIDENTIAL))


def confidential_text() -> str:
    """What pages and exports show instead of a confidential value: "dane poufne"."""
    return str(FLAG_CODES[CONFIDENTIAL])


def exported(value: float | None, letters: str) -> float | str:
    """A value for an export's cell: the number, "dane poufne", or empty."""
    if CONFIDENTIAL in (letters or ""):
        return confidential_text()
    return "" if value is None else value


def source_flags(raw: object) -> str:
    """The flag codes other than p, e, c (Eurostat b, u, d, ...): "bu"."""
    return read_flags(raw).other


def parse_flags(raw: object) -> dict[str, bool]:
    """Flags as Eurostat and GUS letter them: p provisional, e estimated, c confidential."""
    flags = read_flags(raw)
    return {
        "provisional": flags.provisional,
        "estimated": flags.estimated,
        "confidential": flags.confidential,
    }
