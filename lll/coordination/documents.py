"""A meeting's minutes as documents: DOCX to edit or sign in Word, PDF to publish.

Both follow the form Polish labour offices use for minutes: the office's letterhead, place and
date, the title, the introduction, the numbered agenda, what was said under each item, the
signature, the list of attachments and, on its own page, the attendance list. Whatever the
language of the request, the document is written in the office's language (LANGUAGE_CODE).
"""

import datetime
import re
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

import docx
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.text import capfirst, slugify
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from docx.document import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.table import _Cell, _Row
from docx.text.paragraph import Paragraph
from weasyprint import HTML
from weasyprint.urls import URLFetcher

from . import services
from .models import Minutes

# Liberation Sans has Arial's metrics, so the PDF and the DOCX (opened in Word, which has Arial;
# LibreOffice substitutes Liberation Sans) lay out alike. DejaVu Sans is the fallback in the PDF.
DOCX_FONT = "Arial"
PDF_TEMPLATE = "coordination/minutes_pdf.html"

# Characters XML 1.0 cannot hold (python-docx would refuse them) and that have no place in a
# document anyway: C0 controls other than tab and newline, lone surrogates, U+FFFE and U+FFFF.
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_WORD_LANGUAGES = {"pl": "pl-PL", "en": "en-GB"}
_DRAFT_RED = RGBColor(0xB0, 0x1C, 0x1C)


@dataclass(frozen=True)
class Section:
    number: int
    title: str
    paragraphs: list[str]


@dataclass(frozen=True)
class Content:
    """Everything the minutes show, cleaned and translated; both formats render this."""

    language: str
    office_name: str
    office_name_head: str  # "Wojewódzki Urząd Pracy", printed in capitals
    office_name_tail: str  # "w Białymstoku"
    office_address: str
    place_date: str
    title: str
    draft_mark: str  # on every page of a draft; empty once approved
    version_note: str  # under the title
    introduction: list[str]
    agenda_label: str
    sections: list[Section]
    closing: list[str]
    signatory: list[str]
    attachments_label: str
    attachments: list[str]
    annex_heading: str
    annex_subheading: str
    columns: list[str]
    attendance: list[list[str]]


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


def polish_date(day: datetime.date) -> str:
    """A date as Polish documents write it, the month in the genitive: "5 sierpnia 2024 r."."""
    return date_format(day, "j E Y") + " r."


def _split_office_name(name: str) -> tuple[str, str]:
    """The name's head in capitals, the seat below: "WOJEWÓDZKI URZĄD PRACY" / "w Białymstoku"."""
    head, separator, tail = name.partition(" w ")
    if not separator or not head.strip():
        return name, ""
    return head.strip(), f"w {tail.strip()}"


def content(minutes: Minutes) -> Content:
    """What the documents show; call it with the office's language active."""
    meeting = minutes.meeting
    office_name = clean(settings.LLL_OFFICE_NAME).strip()
    head, tail = _split_office_name(office_name)
    version = _("version %(number)s") % {"number": minutes.version}
    if minutes.is_frozen:
        draft_mark = ""
        version_note = capfirst(version) if minutes.version > 1 else ""
    else:
        draft_mark = f"{_('DRAFT')} – {version}"
        version_note = draft_mark
    sections = [
        Section(number, clean(section.title).strip(), paragraphs(section.text))
        for number, section in enumerate(minutes.sections.order_by("position"), start=1)
    ]
    attachments = [clean(title).strip() for title in services.minutes_attachments(minutes)]
    attendance_title = attachments[0] if attachments else _("Attendance list")
    rows = services.minutes_attendance(minutes)
    meeting_day = timezone.localtime(meeting.starts_at).date()
    return Content(
        language=translation.get_language() or settings.LANGUAGE_CODE,
        office_name=office_name,
        office_name_head=head,
        office_name_tail=tail,
        office_address=clean(settings.LLL_OFFICE_ADDRESS).strip(),
        place_date=f"{clean(minutes.place).strip()}, {polish_date(minutes.dated)}",
        title=clean(services.minutes_title(meeting)).strip(),
        draft_mark=draft_mark,
        version_note=version_note,
        introduction=paragraphs(minutes.introduction),
        agenda_label=_("Agenda:"),
        sections=sections,
        closing=paragraphs(minutes.closing),
        signatory=[
            line.strip()
            for line in clean(f"{minutes.signatory_name}\n{minutes.signatory_position}").split("\n")
            if line.strip()
        ],
        attachments_label=_("Attachments:"),
        attachments=attachments,
        annex_heading=_("Attachment no. %(number)s – %(title)s")
        % {"number": 1, "title": attendance_title},
        annex_subheading=_("to the minutes of the meeting held on %(date)s")
        % {"date": polish_date(meeting_day)},
        # In context: "Name" and "Role" elsewhere are "Nazwa" and "Rola", not the column's
        # "Imię i nazwisko" and "Funkcja".
        columns=[
            pgettext("attendance list", "No."),
            pgettext("attendance list", "Name"),
            pgettext("attendance list", "Institution"),
            pgettext("attendance list", "Role"),
            pgettext("attendance list", "Attendance"),
        ],
        attendance=[
            [
                f"{number}.",
                clean(row.get("name", "")).strip(),
                clean(row.get("institution", "")).strip(),
                clean(row.get("role", "")).strip(),
                clean(row.get("status", "")).strip(),
            ]
            for number, row in enumerate(rows, start=1)
        ],
    )


def filename(minutes: Minutes, ext: str) -> str:
    """An ASCII file name such as "protokol-wzk-2-v1.docx" ("protokół" is Polish for minutes)."""
    meeting = minutes.meeting
    # NFKD, which slugify uses, leaves "ł" alone; it is the one Polish letter to spell out.
    short = meeting.body.short_name.replace("ł", "l").replace("Ł", "L")
    body = slugify(short) or f"body-{meeting.body.pk}"
    extension = slugify(ext.lstrip(".")) or "bin"
    return f"protokol-{body}-{meeting.number}-v{minutes.version}.{extension}"


# ---------------------------------------------------------------------------------------------
# PDF


def _refuse_fetching() -> URLFetcher:
    # The document needs nothing from outside; should a URL ever reach the HTML, it stays unread.
    return URLFetcher(allowed_protocols=())


def render_html(minutes: Minutes) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return render_to_string(PDF_TEMPLATE, {"doc": content(minutes)})


def render_pdf(minutes: Minutes) -> bytes:
    html = render_html(minutes)
    base_url = str(Path(__file__).resolve().parent / "templates" / "coordination") + "/"
    pdf = HTML(string=html, base_url=base_url, url_fetcher=_refuse_fetching()).write_pdf()
    return bytes(pdf)


# ---------------------------------------------------------------------------------------------
# DOCX


def render_docx(minutes: Minutes) -> bytes:
    with translation.override(settings.LANGUAGE_CODE):
        doc = content(minutes)
        document = _build_docx(doc)
        properties = document.core_properties
        properties.title = doc.title
        properties.subject = clean(minutes.meeting.body.name)
        properties.author = properties.last_modified_by = doc.office_name
        properties.language = _WORD_LANGUAGES.get(doc.language, doc.language)
        properties.comments = properties.keywords = ""
        properties.created = properties.modified = timezone.now()
        properties.revision = minutes.version
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _build_docx(doc: Content) -> Document:
    document = docx.Document()
    _page_setup(document, doc)

    # Letterhead: the office's name, its address, a rule.
    letterhead = _paragraph(document, space_after=0)
    _run(letterhead, doc.office_name_head, bold=True, size=13, caps=True)
    if doc.office_name_tail:
        letterhead.add_run().add_break()
        _run(letterhead, doc.office_name_tail, bold=True)
    address = _paragraph(document, space_after=18)
    _bottom_rule(address)
    address.paragraph_format.space_before = Pt(2)
    _run(address, doc.office_address, size=9)

    _run(_paragraph(document, align=WD_ALIGN_PARAGRAPH.RIGHT, space_after=18), doc.place_date)

    title = _paragraph(document, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=6)
    title.paragraph_format.space_before = Pt(6)
    title.paragraph_format.keep_with_next = True
    _run(title, doc.title, bold=True, size=13)
    if doc.version_note:
        note = _paragraph(document, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=12)
        _run(note, doc.version_note, bold=True, color=_DRAFT_RED if doc.draft_mark else None)
    else:
        title.paragraph_format.space_after = Pt(12)

    _text(document, doc.introduction)

    if doc.sections:
        _label(document, doc.agenda_label)
        for section in doc.sections:
            _numbered(document, section.number, section.title)
        for section in doc.sections:
            heading = _paragraph(document, space_after=4)
            heading.paragraph_format.space_before = Pt(12)
            heading.paragraph_format.keep_with_next = True
            _run(heading, f"{section.number}. {section.title}", bold=True)
            _text(document, section.paragraphs)

    closing = _text(document, doc.closing)
    if closing:
        closing[0].paragraph_format.space_before = Pt(11)
        for paragraph in closing if doc.signatory else []:
            paragraph.paragraph_format.keep_with_next = True  # on one page with the signature

    for index, line in enumerate(doc.signatory):
        signature = _paragraph(document, align=WD_ALIGN_PARAGRAPH.RIGHT, space_after=0)
        signature.paragraph_format.left_indent = Cm(7)  # a long position wraps on the right
        signature.paragraph_format.keep_with_next = index < len(doc.signatory) - 1
        if index == 0:
            signature.paragraph_format.space_before = Pt(36)
        _run(signature, line)

    if doc.attachments:
        attachments = _label(document, doc.attachments_label)
        attachments.paragraph_format.space_before = Pt(30)
        for number, attachment in enumerate(doc.attachments, start=1):
            _numbered(document, number, attachment)

    annex = _paragraph(document, space_after=2)
    annex.paragraph_format.page_break_before = True
    annex.paragraph_format.keep_with_next = True
    _run(annex, doc.annex_heading, bold=True, size=12)
    _run(_paragraph(document, space_after=12), doc.annex_subheading, italic=True, size=10)
    _attendance_table(document, doc)
    return document


def _page_setup(document: Document, doc: Content) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.5)
    section.top_margin = section.bottom_margin = Cm(2.5)
    section.header_distance = section.footer_distance = Cm(1.25)

    normal = document.styles["Normal"]
    normal.font.name = DOCX_FONT
    normal.font.size = Pt(11)
    r_pr = normal.element.get_or_add_rPr()
    fonts = r_pr.get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), DOCX_FONT)
    language = OxmlElement("w:lang")
    language.set(qn("w:val"), _WORD_LANGUAGES.get(doc.language, doc.language))
    r_pr.insert_element_before(language, "w:eastAsianLayout", "w:specVanish", "w:oMath")
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.15

    if doc.draft_mark:
        header = section.header.paragraphs[0]
        header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        _run(header, doc.draft_mark, bold=True, size=9, color=_DRAFT_RED)

    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    page = OxmlElement("w:fldSimple")
    page.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    page.append(run)
    footer._p.append(page)


def _paragraph(
    document: Document,
    *,
    align: WD_ALIGN_PARAGRAPH | None = None,
    space_after: float | None = None,
) -> Paragraph:
    paragraph = document.add_paragraph()
    if align is not None:
        paragraph.alignment = align
    if space_after is not None:
        paragraph.paragraph_format.space_after = Pt(space_after)
    return paragraph


def _run(
    paragraph: Paragraph,
    text: str,
    *,
    bold: bool = False,
    italic: bool = False,
    caps: bool = False,
    size: float | None = None,
    color: RGBColor | None = None,
) -> None:
    run = paragraph.add_run(text)  # "\n" becomes a line break, "\t" a tab
    run.bold = bold or None
    run.italic = italic or None
    if caps:
        run.font.all_caps = True
    if size is not None:
        run.font.size = Pt(size)
    if color is not None:
        run.font.color.rgb = color


def _text(document: Document, texts: list[str]) -> list[Paragraph]:
    result = []
    for text in texts:
        paragraph = _paragraph(document, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
        paragraph.paragraph_format.widow_control = True
        _run(paragraph, text)
        result.append(paragraph)
    return result


def _label(document: Document, text: str) -> Paragraph:
    paragraph = _paragraph(document, space_after=4)
    paragraph.paragraph_format.space_before = Pt(6)
    paragraph.paragraph_format.keep_with_next = True
    _run(paragraph, text, bold=True)
    return paragraph


def _numbered(document: Document, number: int, text: str) -> None:
    """A list item numbered in the text itself: Word's list numbering would run on from the
    agenda into the list of attachments."""
    paragraph = _paragraph(document, space_after=2)
    indent = Cm(0.75)
    paragraph.paragraph_format.left_indent = indent
    paragraph.paragraph_format.first_line_indent = -indent
    paragraph.paragraph_format.tab_stops.add_tab_stop(indent)
    _run(paragraph, f"{number}.\t{text}")


def _bottom_rule(paragraph: Paragraph) -> None:
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "8"), ("w:space", "4"), ("w:color", "auto")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().insert_element_before(
        borders, "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:spacing", "w:ind", "w:jc"
    )


_COLUMN_WIDTHS = (Cm(1.0), Cm(4.0), Cm(5.3), Cm(3.0), Cm(2.7))  # 16 cm between the margins


def _attendance_table(document: Document, doc: Content) -> None:
    table = document.add_table(rows=1, cols=len(doc.columns))
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    header = table.rows[0]
    _row_property(header, "w:tblHeader")  # repeated on every page
    for cell, label in zip(header.cells, doc.columns, strict=True):
        _cell(cell, label, bold=True)
        _shade(cell, "E7E6E6")
    for values in doc.attendance:
        row = table.add_row()
        _row_property(row, "w:cantSplit")
        for cell, value in zip(row.cells, values, strict=True):
            _cell(cell, value)
    # Word reads the grid, LibreOffice the cells: both carry the widths.
    for column, width in zip(table.columns, _COLUMN_WIDTHS, strict=True):
        column.width = width
    for row in table.rows:
        for cell, width in zip(row.cells, _COLUMN_WIDTHS, strict=True):
            cell.width = width


def _cell(cell: _Cell, text: str, *, bold: bool = False) -> None:
    paragraph = cell.paragraphs[0]
    paragraph.paragraph_format.space_after = Pt(0)
    paragraph.paragraph_format.line_spacing = 1.0
    _run(paragraph, text, bold=bold, size=9.5)


def _row_property(row: _Row, tag: str) -> None:
    row._tr.get_or_add_trPr().append(OxmlElement(tag))


def _shade(cell: _Cell, fill: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().insert_element_before(
        shading, "w:noWrap", "w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign", "w:hideMark"
    )
