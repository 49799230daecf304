"""Text helpers shared by every app."""

import unicodedata

# Letters that Unicode does not decompose into a base letter and a combining mark.
_FOLD = str.maketrans({"ł": "l", "Ł": "l", "đ": "d", "ø": "o", "ß": "ss"})


def search_key(text: str) -> str:
    """Lowercase text without diacritics: 'Łomża' -> 'lomza', for search that forgives typing."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_FOLD).casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).strip()
