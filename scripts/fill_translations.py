"""Fill Polish translations from a Python file of {msgid: msgstr} (T) and plurals (P).

Usage: .venv/bin/python scripts/fill_translations.py FILE.py
A msgid with a context (pgettext) is keyed "context|msgid".
Entries already translated keep their text unless FILE gives a new one; fuzzy flags are cleared
for the entries FILE translates. Prints what is still untranslated.
"""

import runpy
import sys

import polib

PO = "locale/pl/LC_MESSAGES/django.po"


def main(path: str) -> None:
    data = runpy.run_path(path)
    singular, plural = data.get("T", {}), data.get("P", {})
    po = polib.pofile(PO)
    for entry in po:
        if entry.msgctxt:
            # A msgid in context is keyed "context|msgid" in FILE.
            key = f"{entry.msgctxt}|{entry.msgid}"
            if key not in singular:
                continue
            entry.msgstr = singular[key]
        elif entry.msgid_plural and entry.msgid in plural:
            entry.msgstr_plural = dict(enumerate(plural[entry.msgid]))
        elif not entry.msgid_plural and entry.msgid in singular:
            entry.msgstr = singular[entry.msgid]
        else:
            continue
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
            entry.previous_msgid = entry.previous_msgid_plural = None
    po.save(PO)
    missing = [
        e.msgid
        for e in po
        if "fuzzy" in e.flags or not (e.msgstr or (e.msgstr_plural and e.msgstr_plural.get(0)))
    ]
    print(f"{len(missing)} untranslated or fuzzy:", *missing, sep="\n  ")


if __name__ == "__main__":
    main(sys.argv[1])
