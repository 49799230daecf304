"""Polish text shared by every app: one search key, one sort order, one place-name key."""

import unicodedata
from collections.abc import Callable, Iterable
from typing import TypeVar

T = TypeVar("T")

# Letters that Unicode does not decompose into a base letter and a combining mark.
_FOLD = str.maketrans({"ł": "l", "Ł": "l", "đ": "d", "ø": "o", "ß": "ss"})


def search_key(text: str) -> str:
    """Lowercase text without diacritics: 'Łomża' -> 'lomza', for search that forgives typing.

    For finding, never for ordering: it puts "Łada" before "Lutek"; sort with `polish_key`."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_FOLD).casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).strip()


POLISH_ALPHABET = "aąbcćdeęfghijklłmnńoópqrsśtuvwxyzźż"
_LETTER = {letter: index for index, letter in enumerate(POLISH_ALPHABET)}


def polish_key(text: str | None) -> tuple[tuple[int, ...], str]:
    """The sort key of the Polish alphabet, the one order of every list in the system:
    "Lutek" before "Łada", "łódzkie" after "lubuskie", "śląskie" after "pomorskie".

    Letters outside the alphabet (digits, punctuation, foreign letters) come before "a" in
    code-point order, foreign letters with diacritics next to their base letter; case only
    breaks ties ("nowak" and "Nowak" stay together)."""
    folded = (text or "").casefold().strip()
    primary = []
    for ch in folded:
        if ch in _LETTER:
            primary.append(1000 + _LETTER[ch])
            continue
        base = unicodedata.normalize("NFKD", ch)[:1]
        primary.append(1000 + _LETTER[base] if base in _LETTER else ord(ch) % 1000)
    return tuple(primary), text or ""


def sorted_polish(items: Iterable[T], *keys: Callable[[T], str | None]) -> list[T]:
    """`items` in Polish alphabetical order of `keys` (first key first: surname, then name)."""
    return sorted(items, key=lambda item: tuple(polish_key(key(item)) for key in keys))


# What a statistics file or a register puts before a place's own name.
_PLACE_PREFIXES = (
    "powiat m. st. ",
    "powiat m.st. ",
    "powiat m. ",
    "powiat miasto ",
    "powiat ",
    "m. st. ",
    "m.st. ",
    "miasto stoleczne ",
    "m. ",
    "miasto ",
    "gmina miejska ",
    "gmina wiejska ",
    "gmina ",
    "wojewodztwo ",
    "woj. ",
)


def place_key(name: str) -> str:
    """A place name as files write it reduced to the unit's own name, for matching rows to
    TERYT units: "Powiat m. st. Warszawa" and "m. st. Warszawa" -> "warszawa",
    "Województwo Podlaskie" -> "podlaskie", "powiat łomżyński" -> "lomzynski"."""
    key = " ".join(search_key(name).split())
    for prefix in _PLACE_PREFIXES:
        if key.startswith(prefix):
            return key[len(prefix) :].strip()
    return key


# The endings of Polish nouns and adjectives, longest first, for `polish_stem`.
_POLISH_ENDINGS = sorted(
    [
        "iami", "iach", "owie", "ego", "emu", "ych", "ymi", "ich", "imi", "ach", "ami",
        "ów", "om", "ie", "ji", "ja", "ję", "ją", "ii", "ia", "ię", "ią", "io", "iu", "em",
        "ej", "ym", "im", "a", "ę", "ą", "y", "i", "u", "e", "o",
    ],
    key=len,
    reverse=True,
)  # fmt: skip
_MIN_STEM = 4


def polish_stem(word: str) -> str:
    """A light stem for search: the lowercase word without its Polish case ending, at least
    four letters long: "Francja" and "Francji" both give "franc", "posiedzenia" "posiedzen".
    Matched as a prefix (PostgreSQL) or a substring (SQLite) it finds the inflected forms; the
    fallback where the database has no Polish dictionary. Not a lemmatiser: it leaves verbs and
    changing stems ("Niemcy", "Niemczech") to the prefix."""
    lowered = word.casefold()
    for ending in _POLISH_ENDINGS:
        if lowered.endswith(ending) and len(lowered) - len(ending) >= _MIN_STEM:
            return lowered[: -len(ending)]
    return lowered
