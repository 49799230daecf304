"""The vet catalogue shares one namespace with the others: a msgid it has in common with
another catalogue must have the same Polish, or the other catalogue's text shows in vet's pages."""

from pathlib import Path

import polib
from django.conf import settings
from django.utils import translation

from lll.vet.models import Reason

BASE = Path(settings.BASE_DIR)
VET = BASE / "lll" / "vet" / "locale" / "pl" / "LC_MESSAGES" / "django.po"


def _translations(po: Path) -> dict[tuple[str | None, str], object]:
    return {
        (e.msgctxt, e.msgid): e.msgstr or dict(e.msgstr_plural)
        for e in polib.pofile(str(po))
        if e.msgid and not e.obsolete
    }


def test_no_vet_message_is_translated_differently_elsewhere():
    vet = _translations(VET)
    others = [BASE / "locale" / "pl" / "LC_MESSAGES" / "django.po"]
    others += sorted((BASE / "lll").glob("*/locale/pl/LC_MESSAGES/django.po"))
    clashes = [
        (str(po.relative_to(BASE)), key[1], text, vet[key])
        for po in others
        if po != VET
        for key, text in _translations(po).items()
        if key in vet and vet[key] != text
    ]
    assert clashes == []


def test_the_reason_other_reads_as_vet_translated_it():
    with translation.override("pl"):
        assert str(Reason.OTHER.label) == "inna"
        assert translation.gettext("Start year") == "Rok rozpoczęcia"
