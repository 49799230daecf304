"""Cell readers: one cell of a row into a value, or a RowError naming the field."""

import re
from collections.abc import Mapping
from typing import Any

from django.db import models
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from lll.core.imports import RowError
from lll.core.numbers import InvalidValue, parse_number
from lll.core.text import search_key

from ...models import (
    Category,
    Demand,
    Reason,
    SchoolType,
)


def text(cells: dict[str, Any], key: str, required: bool = False, limit: int = 300) -> str:
    raw = cells.get(key)
    value = "" if raw is None else str(raw).strip()
    if isinstance(raw, float) and raw.is_integer():
        value = str(int(raw))
    if required and not value:
        raise RowError(key, _("the value is empty."))
    if len(value) > limit:
        raise RowError(key, _("the text is longer than %(n)d characters.") % {"n": limit}, value)
    return value


def integer(cells: dict[str, Any], key: str, required: bool = False) -> int | None:
    raw = cells.get(key)
    if raw is None or str(raw).strip() == "":
        if required:
            raise RowError(key, _("the value is empty."))
        return None
    try:
        number = parse_number(raw)
    except InvalidValue as exc:
        raise RowError(key, str(exc), raw) from None
    if not number.is_integer() or number < 0:
        raise RowError(key, _("“%(value)s” is not a whole number ≥ 0.") % {"value": raw}, raw)
    return int(number)


def year(cells: dict[str, Any], key: str = "year") -> int:
    value = integer(cells, key, required=True)
    last = timezone.localdate().year + 2
    if value is None or not 2000 <= value <= last:
        raise RowError(
            key, _("the year must be between 2000 and %(last)d.") % {"last": last}, value
        )
    return value


def yes_no(cells: dict[str, Any], key: str, default: bool | None = None) -> bool:
    raw = search_key(str(cells.get(key) if cells.get(key) is not None else ""))
    if raw in ("tak", "t", "yes", "y", "1", "true", "x", "prawda", "uruchomiony", "uruchomiono"):
        return True
    if raw in ("nie", "n", "no", "0", "false", "falsz", "nieuruchomiony", "nie uruchomiono"):
        return False
    if raw == "" and default is not None:
        return default
    raise RowError(key, _("write “tak” or “nie”."), cells.get(key))


def occupation_code(cells: dict[str, Any], key: str = "code") -> str:
    code = text(cells, key, required=True)
    if code.isdigit() and len(code) == 5:  # Excel dropped the leading zero
        code = "0" + code
    if not re.fullmatch(r"\d{6}", code):
        raise RowError(key, _("“%(value)s” is not a 6-digit occupation code.") % {"value": code})
    return code


def _choice(
    raw: Any, key: str, words: Mapping[str, str], what: str, choices: type[models.TextChoices]
) -> str:
    """The choice whose code, Polish or English label or known synonym equals the cell exactly.

    Nothing is guessed from a part of the text: "deficyt mocny" or "brak deficytu" are errors,
    not a deficit, so a wrong file cannot slip a wrong category into the dictionary.
    """
    value = " ".join(search_key(str(raw or "")).replace("_", " ").split())
    accepted = _accepted_words(words, choices)
    if value in accepted:
        return accepted[value]
    with translation.override("pl"):
        allowed = ", ".join(f"„{label}”" for code, label in choices.choices if code)
    raise RowError(
        key,
        _("“%(value)s” is not a known %(what)s; allowed values: %(allowed)s.")
        % {"value": raw, "what": what, "allowed": allowed},
        raw,
    )


_ACCEPTED: dict[tuple[int, type[models.TextChoices]], dict[str, str]] = {}


def _accepted_words(words: Mapping[str, str], choices: type[models.TextChoices]) -> dict[str, str]:
    """The accepted spellings of a choice, built once per process (not once per row: reading
    the labels in both languages costs more than the rest of a row's checks)."""
    key = (id(words), choices)
    if key not in _ACCEPTED:
        _ACCEPTED[key] = _build_accepted(words, choices)
    return _ACCEPTED[key]


def _build_accepted(words: Mapping[str, str], choices: type[models.TextChoices]) -> dict[str, str]:
    accepted: dict[str, str] = {}
    for code, label in choices.choices:
        if not code:
            continue
        accepted[" ".join(search_key(code).replace("_", " ").split())] = code
        for language in ("pl", "en"):
            with translation.override(language):
                accepted[search_key(str(label))] = code
    for word, choice in words.items():
        accepted[" ".join(search_key(word).replace("_", " ").split())] = choice
    return accepted


CATEGORY_WORDS = {
    "duzy deficyt": Category.STRONG_DEFICIT,
    "duza nadwyzka": Category.STRONG_SURPLUS,
    "silny deficyt": Category.STRONG_DEFICIT,
    "silna nadwyzka": Category.STRONG_SURPLUS,
    "deficyt": Category.DEFICIT,
    "deficytowy": Category.DEFICIT,
    "zawod deficytowy": Category.DEFICIT,
    "rownowaga": Category.BALANCE,
    "zrownowazony": Category.BALANCE,
    "zawod zrownowazony": Category.BALANCE,
    "nadwyzka": Category.SURPLUS,
    "nadwyzkowy": Category.SURPLUS,
    "zawod nadwyzkowy": Category.SURPLUS,
}
DEMAND_WORDS = {
    "szczegolne": Demand.SPECIAL,
    "szczegolnym": Demand.SPECIAL,
    "szczegolne znaczenie": Demand.SPECIAL,
    "istotne": Demand.SIGNIFICANT,
    "istotnym": Demand.SIGNIFICANT,
    "istotne zapotrzebowanie": Demand.SIGNIFICANT,
    "umiarkowane": Demand.MODERATE,
    "umiarkowanym": Demand.MODERATE,
    "umiarkowane zapotrzebowanie": Demand.MODERATE,
}
SCHOOL_TYPE_WORDS = {
    "branzowa szkola i stopnia": SchoolType.BRANZOWA_1,
    "branzowa szkola ii stopnia": SchoolType.BRANZOWA_2,
    "technikum": SchoolType.TECHNIKUM,
    "szkola policealna": SchoolType.POLICEALNA,
    "policealna": SchoolType.POLICEALNA,
    "centrum ksztalcenia zawodowego": SchoolType.KKZ,
    "centrum ksztalcenia ustawicznego": SchoolType.KKZ,
    "centrum ksztalcenia zawodowego i ustawicznego": SchoolType.KKZ,
    "kkz": SchoolType.KKZ,
    "bs1": SchoolType.BRANZOWA_1,
    "bs2": SchoolType.BRANZOWA_2,
}
REASON_WORDS = {
    "za malo kandydatow": Reason.FEW_CANDIDATES,
    "zbyt malo kandydatow": Reason.FEW_CANDIDATES,
    "brak kandydatow": Reason.FEW_CANDIDATES,
    "brak naboru": Reason.FEW_CANDIDATES,
    "kandydaci": Reason.FEW_CANDIDATES,
    "brak nauczyciela": Reason.NO_TEACHER,
    "brak nauczycieli": Reason.NO_TEACHER,
    "brak kadry": Reason.NO_TEACHER,
    "nauczyciel": Reason.NO_TEACHER,
    "brak pracodawcy": Reason.NO_EMPLOYER,
    "brak pracodawcow": Reason.NO_EMPLOYER,
    "brak miejsc praktyk": Reason.NO_EMPLOYER,
    "pracodawca": Reason.NO_EMPLOYER,
    "inna": Reason.OTHER,
    "inne": Reason.OTHER,
    "inny": Reason.OTHER,
    "inna przyczyna": Reason.OTHER,
}
