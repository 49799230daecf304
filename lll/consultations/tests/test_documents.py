"""The comment table as DOCX and XLSX, read back; the position letter, read back."""

import io
import zipfile

import openpyxl
import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from docx import Document
from docx.enum.section import WD_ORIENT

from lll.consultations import documents, services
from lll.consultations.forms import (
    ConsultationForm,
)
from lll.core.tests.document_checks import docx_in_house_style

from .conftest import Setup, close

HEADERS = [
    "Lp.",
    "Jednostka redakcyjna",
    "Zgłaszający",
    "Treść uwagi",
    "Propozycja zmian",
    "Uzasadnienie",
    "Stanowisko / odpowiedź",
]


def _comments(setup: Setup) -> None:
    first = services.submit_comment(
        setup.consultation,
        setup.team.member_user,
        text="Dodać uczelnie\n\ndo składu",
        provision=setup.provision,
        proposed_wording="„W skład wchodzą…”",
        justification="Bo LLL",
    )
    services.submit_comment(
        setup.consultation,
        setup.second_user,
        text="=SUMA(A1:A2) to nie formuła",
        justification="Ogólna",
    )
    withdrawn = services.submit_comment(setup.consultation, setup.second_user, text="Wycofana")
    services.withdraw_comment(withdrawn, setup.second_user)
    close(setup.consultation)
    services.respond(first, "accepted", "Dodano.")


def test_the_docx_table_is_landscape_with_the_standard_columns_and_the_submitted_rows(setup):
    _comments(setup)
    document = docx_in_house_style(documents.comment_table_docx(setup.consultation), landscape=True)
    assert document.sections[0].orientation == WD_ORIENT.LANDSCAPE
    table = document.tables[0]
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    assert rows[0] == HEADERS
    # General comments come first, then the comments on provisions in their order.
    assert rows[1][:4] == [
        "1.",
        "uwaga ogólna",
        "Anna Łukasiewicz (Powiatowy Urząd Pracy w Łomży)",
        "=SUMA(A1:A2) to nie formuła",
    ]
    assert rows[2] == [
        "2.",
        "art. 1 pkt 2",
        "Anna Ślęzak (Powiatowy Urząd Pracy w Łomży)",
        "Dodać uczelnie\ndo składu",
        "„W skład wchodzą…”",
        "Bo LLL",
        "Uwzględniona. Dodano.",
    ]
    assert len(rows) == 3  # the withdrawn comment is not in the table
    # Under the office's letterhead, the title as the document's first heading.
    assert document.paragraphs[0].text.replace("\n", " ") == settings.LLL_OFFICE_NAME
    title = next(p for p in document.paragraphs if p.style.name.startswith("Heading"))
    assert title.style.name == "Heading 1" and "Zestawienie uwag" in title.text


def test_the_xlsx_table_has_the_same_rows_and_user_text_stays_text(setup):
    _comments(setup)
    sheet = openpyxl.load_workbook(
        io.BytesIO(documents.comment_table_xlsx(setup.consultation))
    ).active
    rows = [list(r) for r in sheet.iter_rows(min_row=3, values_only=True)]
    assert rows[0] == HEADERS
    assert rows[2][0] == 2 and rows[2][2].startswith("Anna Ślęzak")
    assert rows[2][6] == "Uwzględniona. Dodano."
    assert rows[1][3] == "=SUMA(A1:A2) to nie formuła"
    assert sheet.cell(row=4, column=4).data_type == "s"
    assert len(rows) == 3


def test_the_position_letter_carries_the_position_the_body_and_the_counts(setup):
    _comments(setup)
    services.adopt_position(
        setup.consultation,
        "Zespół popiera kierunek zmian.\n\nProsi o uwzględnienie uwag.",
        setup.team.meeting,
        "Ministerstwo Rodziny, Pracy i Polityki Społecznej",
    )
    document = docx_in_house_style(documents.position_letter_docx(setup.consultation))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Stanowisko Wojewódzkiego Zespołu Koordynacji (WZK)" in text
    assert "Zespół popiera kierunek zmian." in text and "Prosi o uwzględnienie uwag." in text
    assert "Ministerstwo Rodziny, Pracy i Polityki Społecznej" in text
    assert "27 czerwca 2024 r." in text  # the meeting's day
    assert "posiedzeniu nr 2" in text
    assert "Zgłoszono 2 uwagi" in text


def _docx_bytes() -> bytes:
    buffer = io.BytesIO()
    document = Document()
    document.add_paragraph("Projekt ustawy")
    document.save(buffer)
    return buffer.getvalue()


def _zip_without_document() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("hello.txt", "not a word document")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "accepted"),
    [
        ("projekt.docx", b"MZ\x90\x00 renamed program", False),
        ("projekt.docx", "zip-without-word", False),
        ("projekt.pdf", b"<html>not a pdf</html>", False),
        ("projekt.docx", "real-docx", True),
        ("projekt.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n%%EOF\n", True),
    ],
)
def test_the_draft_document_must_be_what_its_name_says(setup, name, content, accepted):
    data = {"real-docx": _docx_bytes(), "zip-without-word": _zip_without_document()}.get(
        content, content
    )
    form = ConsultationForm(
        {
            "title": "Projekt",
            "legal_acts": "ustawa",
            "bodies": [setup.team.wzk.pk],
            "opens_at": "2026-01-01T10:00",
            "closes_at": "2026-02-01T10:00",
            "reminder_days": 3,
        },
        {"document": SimpleUploadedFile(name, data)},
    )
    assert form.is_valid() is accepted, form.errors
    if not accepted:
        assert "nie jest" in form.errors["document"][0]
