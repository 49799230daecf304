"""Every DOCX the system writes starts here: an A4 page with Polish margins, one font (Arial)
in every style, the office's letterhead, "Strona 2 z 5" in the footer, Word's own heading styles
(so the navigation pane lists the document's parts) and tables whose header row repeats on every
page.

Call the functions with the office's language active (`translation.override`): the footer, the
document's language and the dates follow it.
"""

import re
from collections.abc import Iterable, Sequence
from io import BytesIO

import docx
from django.utils import timezone
from django.utils.translation import get_language
from docx.document import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Cm, Emu, Pt, RGBColor
from docx.table import Table, _Cell, _Row
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from .text import clean, letterhead, page_footer, paragraphs

# Liberation Sans has Arial's metrics, so a DOCX opened in LibreOffice (which substitutes it)
# and the PDFs (which use it where Arial is missing) lay out as in Word.
FONT = "Arial"
WORD_LANGUAGES = {"pl": "pl-PL", "en": "en-GB"}
HEADER_FILL = "E7E6E6"
# Word's heading styles, restyled: size in points, space before and after.
_HEADINGS = {1: (14, 12, 6), 2: (12, 12, 4), 3: (11, 10, 4)}
_THEME_FONTS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")
_FONT_SLOTS = ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs")
_WORD_BREAK = re.compile(r"\s+|(?<=[-–/])")  # where a line may break: spaces, after a hyphen


def new_document(
    title: str,
    *,
    subject: str = "",
    landscape: bool = False,
    font_size: float = 11,
) -> Document:
    """An empty A4 document with the house style, its footer and its properties filled in."""
    document = docx.Document()
    language = WORD_LANGUAGES.get(get_language() or "pl", get_language() or "pl")
    _page(document, landscape)
    normal = document.styles["Normal"]
    normal.font.name = FONT
    _one_font(document, language)
    normal.font.size = Pt(font_size)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.15
    for level, (size, before, after) in _HEADINGS.items():
        style = document.styles[f"Heading {level}"]
        style.font.size = Pt(size)
        style.font.bold = True
        style.font.color.rgb = RGBColor(0, 0, 0)
        style.paragraph_format.space_before = Pt(before)
        style.paragraph_format.space_after = Pt(after)
    _page_numbers(document)
    properties = document.core_properties
    properties.title = clean(title).strip()
    properties.subject = clean(subject).strip()
    properties.author = properties.last_modified_by = letterhead().name
    properties.language = language
    properties.comments = properties.keywords = properties.category = ""
    properties.created = properties.modified = timezone.now()
    return document


def to_bytes(document: Document) -> bytes:
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _page(document: Document, landscape: bool) -> None:
    section = document.sections[0]
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Cm(29.7), Cm(21)
        section.top_margin = section.bottom_margin = Cm(2)
    else:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Cm(21), Cm(29.7)
        section.top_margin = section.bottom_margin = Cm(2.5)
    section.left_margin = section.right_margin = Cm(2.5)
    section.header_distance = section.footer_distance = Cm(1.25)


def _one_font(document: Document, language: str) -> None:
    """Arial everywhere: the document's defaults and every style that named a theme font (the
    template's headings are Calibri Light); the language for the spelling checker."""
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    for fonts in [defaults.find(qn("w:rFonts")), *styles.iter(qn("w:rFonts"))]:
        _set_font(fonts)
    lang = defaults.find(qn("w:lang"))
    for attribute in ("w:val", "w:eastAsia"):
        lang.set(qn(attribute), language)
    for color in styles.iter(qn("w:color")):  # the template's blue headings
        for attribute in ("w:themeColor", "w:themeShade", "w:themeTint"):
            color.attrib.pop(qn(attribute), None)


def _set_font(fonts: BaseOxmlElement) -> None:
    for attribute in _THEME_FONTS:
        fonts.attrib.pop(qn(attribute), None)
    for attribute in _FONT_SLOTS:
        fonts.set(qn(attribute), FONT)


def _page_numbers(document: Document) -> None:
    footer = document.sections[0].footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for kind, text in page_footer():
        if kind == "text":
            run(footer, text, size=9)
        else:
            _field(footer, "PAGE" if kind == "page" else "NUMPAGES")


def _field(paragraph: Paragraph, instruction: str) -> None:
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), instruction)
    field_run = OxmlElement("w:r")
    properties = OxmlElement("w:rPr")
    size = OxmlElement("w:sz")
    size.set(qn("w:val"), "18")  # half-points: 9 pt like the words around it
    properties.append(size)
    text = OxmlElement("w:t")
    text.text = "1"  # shown until Word updates the field
    field_run.extend([properties, text])
    field.append(field_run)
    paragraph._p.append(field)


# ---------------------------------------------------------------------------------------------
# Paragraphs


def run(
    paragraph: Paragraph,
    text: str,
    *,
    bold: bool = False,
    italic: bool = False,
    caps: bool = False,
    size: float | None = None,
    color: RGBColor | None = None,
) -> Run:
    result = paragraph.add_run(clean(text))  # "\n" becomes a line break, "\t" a tab
    result.bold = bold or None
    result.italic = italic or None
    if caps:
        result.font.all_caps = True
    if size is not None:
        result.font.size = Pt(size)
    if color is not None:
        result.font.color.rgb = color
    return result


def paragraph(
    document: Document,
    text: str = "",
    *,
    align: WD_ALIGN_PARAGRAPH | None = None,
    space_before: float | None = None,
    space_after: float | None = None,
    keep_with_next: bool = False,
    bold: bool = False,
    italic: bool = False,
    size: float | None = None,
    style: str | None = None,
) -> Paragraph:
    result = document.add_paragraph(style=style)
    if align is not None:
        result.alignment = align
    if space_before is not None:
        result.paragraph_format.space_before = Pt(space_before)
    if space_after is not None:
        result.paragraph_format.space_after = Pt(space_after)
    if keep_with_next:
        result.paragraph_format.keep_with_next = True
    if text:
        run(result, text, bold=bold, italic=italic, size=size)
    return result


def add_letterhead(document: Document, contact: str = "") -> None:
    """The office's name (its head in capitals, the seat below) and address over a rule;
    `contact`, a line with the phone, e-mail and website, under the address."""
    office = letterhead()
    name = paragraph(document, space_after=0)
    run(name, office.head, bold=True, size=13)
    if office.tail:
        name.add_run().add_break()
        run(name, office.tail, bold=True)
    address = paragraph(document, space_before=2, space_after=18)
    _bottom_rule(address)
    run(address, office.address, size=9)
    if contact.strip():
        address.add_run().add_break()
        run(address, contact.strip(), size=9)


def heading(
    document: Document,
    text: str,
    level: int = 1,
    *,
    align: WD_ALIGN_PARAGRAPH | None = None,
    page_break_before: bool = False,
) -> Paragraph:
    """A paragraph in Word's "Heading 1/2/3" style: it shows in the navigation pane."""
    result = paragraph(document, align=align, style=f"Heading {level}")
    run(result, text, bold=True)
    if page_break_before:
        result.paragraph_format.page_break_before = True
    return result


def body_text(document: Document, texts: Iterable[str]) -> list[Paragraph]:
    """Justified paragraphs of running text."""
    result = []
    for text in texts:
        item = paragraph(document, text, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
        item.paragraph_format.widow_control = True
        result.append(item)
    return result


def label(document: Document, text: str) -> Paragraph:
    """A bold line that introduces a list ("Porządek obrad:")."""
    return paragraph(document, text, bold=True, space_before=6, space_after=4, keep_with_next=True)


def numbered(document: Document, number: int, text: str) -> Paragraph:
    """A list item numbered in the text itself: Word's list numbering would run on from one list
    into the next."""
    item = paragraph(document, space_after=2)
    indent = Cm(0.75)
    item.paragraph_format.left_indent = indent
    item.paragraph_format.first_line_indent = -indent
    item.paragraph_format.tab_stops.add_tab_stop(indent)
    run(item, f"{number}.\t{text}")
    return item


def empty_note(document: Document, text: str) -> Paragraph:
    """What stands instead of an empty table ("Brak danych.")."""
    return paragraph(document, text, italic=True)


def picture(
    document: Document, png: bytes, width_cm: float, caption: str = "", *, alt: str
) -> None:
    """A chart, centred, with its text alternative (what a screen reader says instead: what
    it shows and where the numbers are) and its caption below."""
    if not png:
        return
    shape = document.add_picture(BytesIO(png), width=Cm(width_cm))
    properties = shape._inline.docPr
    properties.set("descr", clean(alt).strip())
    properties.set("title", clean(caption or alt).strip()[:255])
    document.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
    document.paragraphs[-1].paragraph_format.keep_with_next = True
    if caption:
        paragraph(document, caption, align=WD_ALIGN_PARAGRAPH.CENTER, size=8)


def _bottom_rule(item: Paragraph) -> None:
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "8"), ("w:space", "4"), ("w:color", "auto")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    item._p.get_or_add_pPr().insert_element_before(
        borders, "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:spacing", "w:ind", "w:jc"
    )


# ---------------------------------------------------------------------------------------------
# Tables


def table(
    document: Document,
    headers: Sequence[str],
    rows: Iterable[Sequence[object]],
    *,
    widths_cm: Sequence[float] | None = None,
    size: float = 9.5,
) -> Table:
    """A grid with a bold, shaded header row repeated on every page; rows never split across
    pages. A cell's blank lines start new paragraphs; None is an empty cell. Without
    `widths_cm` the columns share the text width by what they hold."""
    texts = [["" if value is None else str(value) for value in values] for values in rows]
    widths = [Cm(width) for width in widths_cm or _shares(document, headers, texts, size)]
    result = document.add_table(rows=1, cols=len(headers))
    result.style = document.styles["Table Grid"]
    result.alignment = WD_TABLE_ALIGNMENT.CENTER
    header = result.rows[0]
    _row_property(header, "w:tblHeader")
    for cell, text in zip(header.cells, headers, strict=True):
        _cell(cell, str(text), bold=True, size=size)
        _shade(cell, HEADER_FILL)
    for values in texts:
        row = result.add_row()
        _row_property(row, "w:cantSplit")
        for cell, text in zip(row.cells, values, strict=True):
            _cell(cell, text, size=size)
    # Word reads the grid, LibreOffice the cells: both carry the widths.
    result.autofit = False
    for column, width in zip(result.columns, widths, strict=True):
        column.width = width
    for row in result.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width
    return result


def _shares(
    document: Document, headers: Sequence[str], rows: list[list[str]], size: float
) -> list[float]:
    """Column widths in cm that fill the text width. Each column is at least as wide as its
    longest word (up to 20 characters; a hyphenated word may break after a hyphen); the rest
    is shared out by how much longer its texts run (one long text counts as 45 characters, so
    that it does not starve the others)."""
    section = document.sections[-1]
    margins = (section.left_margin or 0) + (section.right_margin or 0)
    available = Emu((section.page_width or Cm(21)) - margins).cm
    character = size * 0.0353 * 0.62  # cm: an average Arial character, bold headers included
    padding = 0.45  # cm: the cell's margins
    least, wanted = [], []
    for column in zip(headers, *rows, strict=True):
        word = min(max((len(w) for text in column for w in _WORD_BREAK.split(text)), default=1), 20)
        line = max(len(line) for text in column for line in text.split("\n"))
        least.append(word * character + padding)
        wanted.append(max(min(line, 45), word) * character + padding)
    if sum(least) >= available:
        return [available * width / sum(least) for width in least]
    spare, extra = available - sum(least), [w - m for w, m in zip(wanted, least, strict=True)]
    if sum(wanted) <= available:  # everything fits on one line: the room left goes pro rata
        return [available * width / sum(wanted) for width in wanted]
    return [m + spare * e / sum(extra) for m, e in zip(least, extra, strict=True)]


def _cell(cell: _Cell, text: str, *, bold: bool = False, size: float) -> None:
    first = cell.paragraphs[0]
    for index, part in enumerate(paragraphs(text) or [""]):
        item = first if index == 0 else cell.add_paragraph()
        item.paragraph_format.space_after = Pt(2)
        item.paragraph_format.line_spacing = 1.0
        run(item, part, bold=bold, size=size)


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
