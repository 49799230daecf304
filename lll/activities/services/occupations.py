"""Finding KZiS occupations for the activity form's combobox: by the start of the six-digit code
or by fragments of the name, forgiving Polish case endings and missing diacritics."""

import re
from dataclasses import dataclass

from lll.core.text import polish_key, polish_stem, search_key
from lll.vet.models import Occupation

LIMIT = 15


@dataclass(frozen=True)
class Option:
    code: str
    name: str

    @property
    def label(self) -> str:
        return f"{self.code} {self.name}"


def last_fragment(text: str) -> str:
    """What the person is typing now in a list of codes: the part after the last , or ;."""
    return re.split(r"[,;]", text or "")[-1].strip()[:100]


def _holds(key: str, stem: str) -> bool:
    """The name (its search key) holds the stem, or a word differing from it only in the last
    two letters: the light stem leaves "elektromechaniki" of "elektromechanikiem", and that
    still finds "elektromechanik"."""
    if stem in key:
        return True
    if len(stem) < 6:
        return False
    return any(_shared_start(word, stem) >= len(stem) - 2 for word in key.split())


def _shared_start(word: str, stem: str) -> int:
    """How many letters the two have in common from the start."""
    count = 0
    for a, b in zip(word, stem, strict=False):
        if a != b:
            break
        count += 1
    return count


def find(text: str, limit: int = LIMIT) -> list[Option]:
    """Occupations whose code starts with the digits typed, or whose name holds every word typed
    (each cut to its light stem: "mechanika pojazdow" finds "Mechanik pojazdów samochodowych").
    Names beginning with the first word come first, then the Polish alphabetical order."""
    query = last_fragment(text)
    if not query:
        return []
    if query.replace(" ", "").isdigit():
        digits = query.replace(" ", "")
        found = Occupation.objects.filter(code__startswith=digits).order_by("code")[:limit]
        return [Option(o.code, o.name) for o in found]
    stems = [search_key(polish_stem(word)) for word in re.findall(r"\w+", query)][:6]
    stems = [stem for stem in stems if len(stem) >= 2]
    if not stems:
        return []
    matches = []
    for code, name in Occupation.objects.values_list("code", "name"):
        key = search_key(name)
        if all(_holds(key, stem) for stem in stems):
            matches.append((not key.startswith(stems[0]), polish_key(name), code, name))
    matches.sort()
    return [Option(code, name) for _first, _key, code, name in matches[:limit]]
