"""Every Polish catalogue (the project's and each app's own) is complete, and its compiled .mo
matches the .po that is checked in."""

import gettext
import re
from pathlib import Path

import polib
import pytest
from django.conf import settings

BASE = Path(settings.BASE_DIR)
# The project's catalogue, and one per app that keeps its own (so apps can be translated apart).
CATALOGUES = [
    BASE / "locale" / "pl" / "LC_MESSAGES" / "django.po",
    *sorted((BASE / "lll").glob("*/locale/pl/LC_MESSAGES/django.po")),
]


def test_the_apps_catalogues_are_found():
    names = {po.relative_to(BASE).parts[1] for po in CATALOGUES[1:]}
    assert {"consultations", "selfassessment", "vet"} <= names


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda po: str(po.relative_to(BASE)))
def test_every_message_is_translated_to_polish(po: Path):
    catalogue = polib.pofile(str(po))
    missing = [e.msgid for e in catalogue.untranslated_entries()]
    fuzzy = [e.msgid for e in catalogue.fuzzy_entries()]
    assert missing == []
    assert fuzzy == []


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda po: str(po.relative_to(BASE)))
def test_compiled_catalogue_is_up_to_date(po: Path):
    catalogue = polib.pofile(str(po))
    with po.with_suffix(".mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    for entry in catalogue.translated_entries():
        if entry.msgid_plural:
            assert compiled.ngettext(entry.msgid, entry.msgid_plural, 5) == entry.msgstr_plural[2]
        elif entry.msgctxt:
            assert compiled.pgettext(entry.msgctxt, entry.msgid) == entry.msgstr
        else:
            assert compiled.gettext(entry.msgid) == entry.msgstr, entry.msgid


def test_no_two_catalogues_translate_the_same_text_differently():
    # Django merges every catalogue into one: the project's wins, then the apps in
    # INSTALLED_APPS order. The same English text translated two ways would show one app the
    # other's words; such texts need a context (pgettext) or their own wording.
    translations: dict[tuple[str, str, str], dict[str, str]] = {}
    for po in CATALOGUES:
        relative = po.relative_to(BASE).parts
        owner = relative[1] if relative[0] == "lll" else "project"
        for entry in polib.pofile(str(po)).translated_entries():
            key = (entry.msgctxt or "", entry.msgid, entry.msgid_plural or "")
            text = entry.msgstr or "|".join(
                entry.msgstr_plural[i] for i in sorted(entry.msgstr_plural)
            )
            translations.setdefault(key, {})[owner] = text
    clashes = {key[1]: by for key, by in translations.items() if len(set(by.values())) > 1}
    assert clashes == {}


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda po: str(po.relative_to(BASE)))
def test_every_plural_has_all_the_forms_polish_needs(po: Path):
    # `msgfmt -c` refuses a catalogue where an entry has fewer forms than the header declares;
    # plain msgfmt compiles it and the missing form shows the English text.
    catalogue = polib.pofile(str(po))
    declared = int(re.search(r"nplurals=(\d+)", catalogue.metadata["Plural-Forms"]).group(1))
    short = [
        e.msgid
        for e in catalogue.translated_entries()
        if e.msgid_plural and len(e.msgstr_plural) != declared
    ]
    assert short == []
