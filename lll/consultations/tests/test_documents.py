"""The comment table as DOCX and XLSX, read back; the position letter, read back."""

import io

import openpyxl
from django.conf import settings
from docx.enum.section import WD_ORIENT

from lll.consultations import documents, services
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
