"""The document builders on their own: an empty DOCX and the bare PDF base."""

import pytest
from django.conf import settings
from django.utils.translation import override
from docx.enum.section import WD_ORIENT

from lll.core.documents import clean, paragraphs, pdf
from lll.core.documents import docx as word

from .document_checks import docx_in_house_style, pdf_in_house_style


def _sample(landscape: bool = False) -> bytes:
    with override(settings.LANGUAGE_CODE):
        document = word.new_document("Próba", landscape=landscape)
        word.add_letterhead(document)
        word.heading(document, "Część pierwsza", 1)
        word.heading(document, "Punkt", 2)
        word.body_text(document, ["Zażółć gęślą jaźń."])
        word.table(document, ["Lp.", "Nazwa"], [[1, "Pierwsza\n\ndruga"], [2, None]])
        return word.to_bytes(document)


def test_a_docx_is_a4_arial_with_the_letterhead_headings_footer_and_a_repeated_header():
    document = docx_in_house_style(_sample())
    assert [p.style.name for p in document.paragraphs[2:4]] == ["Heading 1", "Heading 2"]
    [table] = document.tables
    header, first, second = table.rows
    assert header._tr.trPr.find("{*}tblHeader") is not None  # repeated on every page
    assert all(run.bold for cell in header.cells for run in cell.paragraphs[0].runs)
    assert [c.text for c in first.cells] == ["1", "Pierwsza\ndruga"]
    assert [c.text for c in second.cells] == ["2", ""]
    # The columns share the 16 cm of text width.
    assert round(sum(cell.width.cm for cell in header.cells), 1) == 16.0


def test_a_landscape_docx_is_a4_turned():
    document = docx_in_house_style(_sample(landscape=True), landscape=True)
    assert document.sections[0].orientation == WD_ORIENT.LANDSCAPE


@pytest.mark.parametrize("language", ["pl", "en"])
def test_the_pdf_base_has_the_letterhead_page_numbers_and_tags(language):
    with override(language):  # the documents are in the office's language whatever the request
        data = pdf.render_pdf("core/pdf_base.html", {})
    [page] = pdf_in_house_style(data)
    assert page.startswith(settings.LLL_OFFICE_NAME)


def test_page_numbers_in_css_are_quoted():
    with override("pl"):
        assert pdf.page_numbers_css() == '"Strona " counter(page) " z " counter(pages)'


def test_user_text_is_made_safe_and_split_into_paragraphs():
    assert clean("a\x0bb\r\nc") == "ab\nc"
    assert paragraphs(" Pierwszy\r\nwiersz \r\n \r\nDrugi\n\n\n") == ["Pierwszy\nwiersz", "Drugi"]
