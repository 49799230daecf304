"""What every document must show, read back as a recipient would: python-docx for DOCX, pypdf
for PDF. The apps' document tests call these on their own documents."""

from io import BytesIO

import docx
from django.conf import settings
from docx.document import Document
from docx.oxml.ns import qn
from pypdf import PdfReader

from lll.core.documents.docx import FONT


def docx_in_house_style(data: bytes, *, landscape: bool = False) -> Document:
    """The DOCX is A4, Arial only, opens with the letterhead, has Word headings and the page
    footer; returns it for the test's own checks."""
    document = docx.Document(BytesIO(data))
    section = document.sections[0]
    size = (round(section.page_width.mm), round(section.page_height.mm))
    assert size == ((297, 210) if landscape else (210, 297)), size
    # One font: every style and every run that names a font names Arial, and no theme font.
    for part in (document.styles.element, document.element.body):
        for fonts in part.iter(qn("w:rFonts")):
            named = {key.split("}")[1]: value for key, value in fonts.attrib.items()}
            assert set(named.values()) == {FONT}, named
    assert document.styles["Normal"].font.name == FONT
    # The letterhead: the office's name, then its address.
    assert document.paragraphs[0].text.replace("\n", " ") == settings.LLL_OFFICE_NAME
    assert document.paragraphs[1].text == settings.LLL_OFFICE_ADDRESS
    # Word's own heading styles, which its navigation pane lists.
    levels = {p.style.name for p in document.paragraphs if p.style.name.startswith("Heading")}
    assert "Heading 1" in levels, levels
    for level in levels:
        assert document.styles[level].font.name == FONT
    # "Strona X z Y" in the footer, Word filling in the numbers.
    footer = section.footer.paragraphs[0]._p
    fields = [f.get(qn("w:instr")) for f in footer.iter(qn("w:fldSimple"))]
    assert fields == ["PAGE", "NUMPAGES"], fields
    assert "".join(t.text for t in footer.iter(qn("w:t"))).startswith("Strona 1 z 1")
    properties = document.core_properties
    assert properties.title and properties.author == settings.LLL_OFFICE_NAME
    assert properties.language == "pl-PL"
    return document


def pdf_in_house_style(data: bytes) -> list[str]:
    """The PDF is A4, tagged, in Polish, with the letterhead on its first page and "Strona X z Y"
    at the foot of every page; returns each page's text."""
    reader = PdfReader(BytesIO(data))
    root = reader.root_object
    assert root["/MarkInfo"]["/Marked"] and "/StructTreeRoot" in root  # tagged
    assert root["/Lang"] == "pl"
    pages = [" ".join((page.extract_text() or "").split()) for page in reader.pages]
    for number, (page, text) in enumerate(zip(reader.pages, pages, strict=True), start=1):
        box = page.mediabox
        assert (round(float(box.width) / 72 * 25.4), round(float(box.height) / 72 * 25.4)) == (
            210,
            297,
        )
        assert f"Strona {number} z {len(pages)}" in text, text[-80:]
    office, address = settings.LLL_OFFICE_NAME, settings.LLL_OFFICE_ADDRESS
    # The name as written: a transform to capitals would change the text readers and search get.
    assert office in pages[0] and address in pages[0], pages[0][:200]
    return pages
