"""What every document shows the same way: user text made safe, the office's letterhead, and
the page numbers ("Strona 2 z 5")."""

import re
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

# Characters XML 1.0 cannot hold (python-docx would refuse them) and that have no place in a
# document anyway: C0 controls other than tab and newline, lone surrogates, U+FFFE and U+FFFF.
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_PAGE_FIELD = re.compile(r"%\((number|total)\)s")
_COUNTERS = {"number": "page", "total": "pages"}


def clean(text: object) -> str:
    """User text made safe for XML: unified line ends, no control characters."""
    text = str(text or "").replace("\r\n", "\n").replace("\r", "\n")
    return _INVALID_XML.sub("", text)


def paragraphs(text: object) -> list[str]:
    """Paragraphs separated by blank lines; single line breaks inside a paragraph are kept."""
    result = []
    for block in _BLANK_LINE.split(clean(text).strip()):
        lines = [line.rstrip() for line in block.strip().split("\n")]
        if any(lines):
            result.append("\n".join(lines))
    return result


@dataclass(frozen=True)
class Letterhead:
    name: str  # "Wojewódzki Urząd Pracy w Białymstoku"
    head: str  # "Wojewódzki Urząd Pracy", printed in capitals
    tail: str  # "w Białymstoku", below it
    address: str
    place: str


def letterhead() -> Letterhead:
    """The office's letterhead from settings (LLL_OFFICE_NAME, _ADDRESS and _PLACE)."""
    name = clean(settings.LLL_OFFICE_NAME).strip()
    head, separator, tail = name.partition(" w ")
    if not separator or not head.strip():
        head, tail = name, ""
    return Letterhead(
        name=name,
        head=head.strip(),
        tail=f"w {tail.strip()}" if tail else "",
        address=clean(settings.LLL_OFFICE_ADDRESS).strip(),
        place=clean(settings.LLL_OFFICE_PLACE).strip(),
    )


def page_footer() -> list[tuple[str, str]]:
    """The footer's "Page 2 of 5" in the active language as pieces: ("text", words), ("page", "")
    for the page's number and ("pages", "") for the number of pages. Word fills in its PAGE and
    NUMPAGES fields, the PDF its page counters."""
    # The pager's words ("Strona 2 z 5"), translated already.
    parts = _PAGE_FIELD.split(_("Page %(number)s of %(total)s"))
    # split() alternates text and the captured field names: text, field, text, field, text.
    return [
        (_COUNTERS[part], "") if index % 2 else ("text", part)
        for index, part in enumerate(parts)
        if index % 2 or part
    ]
