"""What every document must show, read back as a recipient would: python-docx for DOCX, pypdf
for PDF. The apps' document tests call these on their own documents."""

from io import BytesIO

import docx
import pikepdf
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


# ---------------------------------------------------------------------------------------------
# Accessibility, as an assistive technology reads the file


def _structure(node: object, found: list[pikepdf.Dictionary]) -> None:
    """Every structure element under `node` (a dictionary, or an array of them), depth first."""
    if isinstance(node, pikepdf.Array):
        for child in node:
            _structure(child, found)
    elif isinstance(node, pikepdf.Dictionary) and "/S" in node:
        found.append(node)
        if "/K" in node:
            _structure(node["/K"], found)


def pdf_accessible(data: bytes, *, language: str = "pl") -> dict[str, list[str]]:
    """The PDF is tagged (a structure tree, marked content), declares its language and shows
    its title (not the file name) in the window; every figure has a text alternative; headings
    and table header cells are tagged as such. Returns the texts of the figures' alternatives
    and the headings' tags, for the test's own checks."""
    with pikepdf.open(BytesIO(data)) as document:
        root = document.Root
        assert bool(root.MarkInfo.Marked), "not marked"
        assert "/StructTreeRoot" in root, "no structure tree"
        assert str(root.Lang) == language, root.Lang
        title = str(document.docinfo.get("/Title", ""))
        with document.open_metadata() as metadata:
            assert metadata.get("dc:title") == title, (metadata.get("dc:title"), title)
        assert title.strip() and not title.strip().isdigit(), f"title {title!r}"
        assert bool(root.ViewerPreferences.DisplayDocTitle), "the window shows the file name"
        elements: list[pikepdf.Dictionary] = []
        _structure(root.StructTreeRoot.K, elements)
        tags = [str(element.S) for element in elements]
        figures = [e for e in elements if str(e.S) == "/Figure"]
        alternatives = [str(figure.get("/Alt", "")).strip() for figure in figures]
        assert all(alternatives), alternatives
        assert "/H1" in tags, sorted(set(tags))
        if "/Table" in tags:
            assert "/TH" in tags, "a table without header cells"
        headings = [tag for tag in tags if tag in {"/H1", "/H2", "/H3"}]
        return {"figures": alternatives, "headings": headings}


def docx_accessible(data: bytes, *, language: str = "pl-PL") -> Document:
    """Word's heading styles, a text alternative on every picture, a header row on every table,
    the document's language in its styles and properties, and its title, author and subject."""
    document = docx.Document(BytesIO(data))
    styles = [p.style.name for p in document.paragraphs]
    assert "Heading 1" in styles, set(styles)
    for shape in document.element.body.iter(qn("wp:docPr")):
        assert (shape.get("descr") or "").strip(), f"picture {shape.get('name')} has no alt text"
    for number, table in enumerate(document.tables, start=1):
        properties = table.rows[0]._tr.trPr
        assert properties is not None and properties.find(qn("w:tblHeader")) is not None, (
            f"table {number} has no header row"
        )
    defaults = document.styles.element.find(qn("w:docDefaults"))
    lang = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr")).find(qn("w:lang"))
    assert lang.get(qn("w:val")) == language, lang.get(qn("w:val"))
    for run in document.element.body.iter(qn("w:lang")):
        assert run.get(qn("w:val")) in (None, language), run.get(qn("w:val"))
    properties = document.core_properties
    assert properties.language == language, properties.language
    assert properties.title.strip() and properties.author.strip() and properties.subject.strip(), (
        properties.title,
        properties.author,
        properties.subject,
    )
    return document
