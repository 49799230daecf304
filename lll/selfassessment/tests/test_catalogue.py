"""Django merges every catalogue into one namespace: the project's wins, then the apps'. A text
of this app translated differently elsewhere would show the other wording here (or ours there)."""

from pathlib import Path

import polib
from django.conf import settings

OURS = Path(__file__).resolve().parents[1] / "locale" / "pl" / "LC_MESSAGES" / "django.po"


def _entries(path: Path) -> dict[tuple[str, str, str], str]:
    return {
        (e.msgctxt or "", e.msgid, e.msgid_plural or ""): e.msgstr
        or "|".join(e.msgstr_plural[i] for i in sorted(e.msgstr_plural))
        for e in polib.pofile(str(path)).translated_entries()
    }


def test_no_text_of_this_app_is_translated_differently_in_another_catalogue():
    base = Path(settings.BASE_DIR)
    others = [base / "locale" / "pl" / "LC_MESSAGES" / "django.po"]
    others += [p for p in sorted(base.glob("lll/*/locale/pl/LC_MESSAGES/django.po")) if p != OURS]
    ours = _entries(OURS)
    clashes = {}
    for path in others:
        if not path.exists():
            continue
        for key, text in _entries(path).items():
            if key in ours and ours[key] != text:
                clashes[key] = (ours[key], text, path.parts[-5])
    assert clashes == {}
