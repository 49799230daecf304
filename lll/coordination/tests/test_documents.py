"""The minutes as DOCX and PDF: read back with python-docx and pypdf, as a recipient would.

Fixed labels go through gettext and may still be English until the Polish catalogue has them,
so the tests assert on data (names, titles, texts, numbers) or on labels translated here.
"""

import datetime
from zoneinfo import ZoneInfo

import docx
import pytest
from django.conf import settings
from django.utils.text import capfirst
from django.utils.translation import gettext, override
from docx.enum.text import WD_ALIGN_PARAGRAPH

from lll.coordination import services
from lll.coordination.documents import filename, render_docx, render_pdf
from lll.coordination.models import (
    Attendance,
    Body,
    Institution,
    Meeting,
    Membership,
    Minutes,
    Person,
)
from lll.core.tests.document_checks import docx_in_house_style, pdf_in_house_style

pytestmark = pytest.mark.django_db

GENITIVE = "Wojewódzkiego Zespołu Koordynacji (WZK)"
AGENDA = [
    "Otwarcie spotkania, przedstawienie agendy",
    "Prezentacja narzędzia samooceny regionalnej polityki uczenia się przez całe życie",
    "Kierunki wizyt studyjnych członków WZK",
    "Podsumowanie i zakończenie spotkania",
]
SECTION_TEXT = [
    "Pani Halina Wiśniewska-Łącka przedstawiła narzędzie samooceny; zaproponowano pięć "
    "kierunków: Niemcy, Dania, Finlandia, Holandia, Hiszpania.",
    "Ustalono, że kierunki zostaną rozszerzone o edukację pozaformalną.",
]


def translated(msgid: str) -> str:
    with override(settings.LANGUAGE_CODE):
        return gettext(msgid)


@pytest.fixture
def minutes() -> Minutes:
    office = Institution.objects.create(name="Wojewódzki Urząd Pracy w Białymstoku", kind="wup")
    chamber = Institution.objects.create(name="Podlaska Izba Rzemiosła", kind="employer_org")
    body = Body.objects.create(
        name="Wojewódzki Zespół Koordynacji",
        short_name="WZK",
        name_genitive=GENITIVE,
        kind="wzk",
        legal_basis="Uchwała Zarządu Województwa Podlaskiego nr 293/5433/2022",
    )
    people = {
        "chair": Person.objects.create(
            first_name="Halina",
            last_name="Wiśniewska-Łącka",
            position="Wicedyrektor",
            institution=office,
        ),
        "member": Person.objects.create(
            first_name="Grzegorz", last_name="Żabiński", position="Prezes", institution=chamber
        ),
        "excused": Person.objects.create(first_name="Zdzisław", last_name="Kałuża"),
        "secretary": Person.objects.create(
            first_name="Anna", last_name="Sobczak", institution=office
        ),
    }
    roles = {"chair": "chair", "member": "member", "excused": "member", "secretary": "secretary"}
    for key, role in roles.items():
        Membership.objects.create(
            body=body, person=people[key], role=role, term_from=datetime.date(2022, 9, 22)
        )
    guest = Person.objects.create(first_name="Małgorzata", last_name="Ostrowska")
    meeting = Meeting.objects.create(
        body=body,
        number=2,
        starts_at=datetime.datetime(2024, 6, 27, 10, 0, tzinfo=ZoneInfo("Europe/Warsaw")),
        mode=Meeting.Mode.REMOTE,
        location="Teams",
        status=Meeting.Status.HELD,
    )
    for title in AGENDA:
        services.add_agenda_item(meeting, title)
    for person, status in [
        (people["chair"], Attendance.Status.PRESENT),
        (people["member"], Attendance.Status.PRESENT),
        (people["excused"], Attendance.Status.EXCUSED),
        (guest, Attendance.Status.GUEST),
    ]:
        Attendance.objects.create(meeting=meeting, person=person, status=status)
    minutes = services.draft_minutes(meeting, None)
    minutes.dated = datetime.date(2024, 8, 5)
    minutes.save()
    section = minutes.sections.get(position=2)
    section.text = "\n\n".join(SECTION_TEXT)
    section.save()
    return minutes


def docx_of(minutes: Minutes) -> docx.document.Document:
    data = render_docx(minutes)
    assert data[:2] == b"PK"
    return docx_in_house_style(data)


def pdf_pages(minutes: Minutes) -> list[str]:
    data = render_pdf(minutes)
    assert data.startswith(b"%PDF-")
    # Lines as laid out; joined with single spaces so wrapped sentences compare whole.
    return pdf_in_house_style(data)


def texts(document: docx.document.Document) -> list[str]:
    return [p.text for p in document.paragraphs]


def attendance_rows(document: docx.document.Document) -> list[list[str]]:
    [table] = document.tables
    return [[cell.text for cell in row.cells] for row in table.rows]


def test_docx_follows_the_form_of_the_minutes(minutes):
    document = docx_of(minutes)
    paragraphs = texts(document)

    # Letterhead: office name and address first, then place and date on the right.
    assert paragraphs[0].replace("\n", " ") == settings.LLL_OFFICE_NAME
    assert document.paragraphs[0].runs[0].bold
    assert paragraphs[1] == settings.LLL_OFFICE_ADDRESS
    assert paragraphs[2] == "Białystok, 5 sierpnia 2024 r."
    assert document.paragraphs[2].alignment == WD_ALIGN_PARAGRAPH.RIGHT

    # The title, centred and bold: the ordinal and the body in the genitive.
    title = document.paragraphs[3]
    assert "drugiego" in title.text
    assert GENITIVE in title.text
    assert title.text == services.minutes_title(minutes.meeting)
    assert title.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert all(run.bold for run in title.runs)

    # The introduction drafted from the meeting, one paragraph per block.
    for block in minutes.introduction.split("\n\n"):
        assert block in paragraphs

    # The agenda, numbered in order, then one heading per item followed by its text.
    assert [p for p in paragraphs if p[:1].isdigit() and "\t" in p][: len(AGENDA)] == [
        f"{n}.\t{title}" for n, title in enumerate(AGENDA, start=1)
    ]
    headings = [paragraphs.index(f"{n}. {title}") for n, title in enumerate(AGENDA, start=1)]
    assert headings == sorted(headings)
    assert paragraphs[headings[1] + 1 : headings[1] + 3] == SECTION_TEXT

    # Closing, then the signature (the chair) on the right, then the attachments.
    assert minutes.closing in paragraphs
    signature = document.paragraphs[paragraphs.index("Halina Wiśniewska-Łącka", headings[-1])]
    assert signature.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert "Wicedyrektor" in paragraphs
    assert f"1.\t{translated('Attendance list')}" in paragraphs

    # The attendance list on a page of its own.
    annex = next(p for p in document.paragraphs if p.paragraph_format.page_break_before)
    assert translated("Attendance list") in annex.text
    rows = attendance_rows(document)
    assert len(rows[0]) == 5
    assert [row[0] for row in rows[1:]] == ["1.", "2.", "3.", "4.", "5."]
    names = [row[1] for row in rows[1:]]
    assert names == [row["name"] for row in services.minutes_attendance(minutes)]
    assert set(names) == {
        "Zdzisław Kałuża",
        "Halina Wiśniewska-Łącka",
        "Anna Sobczak",
        "Grzegorz Żabiński",
        "Małgorzata Ostrowska",
    }
    by_name = {row[1]: row for row in rows[1:]}
    assert by_name["Grzegorz Żabiński"][2] == "Prezes, Podlaska Izba Rzemiosła"
    with override(settings.LANGUAGE_CODE):
        assert by_name["Zdzisław Kałuża"][4] == "usprawiedliwiony"
        assert by_name["Małgorzata Ostrowska"][3] == gettext("guest")


def test_draft_is_marked_with_its_version(minutes):
    document = docx_of(minutes)
    header = " ".join(p.text for p in document.sections[0].header.paragraphs)
    assert "PROJEKT – wersja 1" in header  # in Polish (it was "DRAFT – wersja 1")
    assert "DRAFT" not in header
    assert header.strip() in texts(document)  # also under the title
    assert round(document.sections[0].page_height.mm) == 297  # A4

    pages = pdf_pages(minutes)
    assert all("PROJEKT – wersja 1" in page for page in pages)


def test_pdf_shows_the_same_with_polish_letters(minutes):
    pages = pdf_pages(minutes)
    first, text = pages[0], " ".join(pages)

    assert first.index("Białystok, 5 sierpnia 2024 r.") < first.index(GENITIVE)
    assert settings.LLL_OFFICE_ADDRESS in first
    assert "drugiego" in first
    # The agenda in order, then the sections in order with their text.
    agenda = [text.index(f"{n}. {title}") for n, title in enumerate(AGENDA, start=1)]
    assert agenda == sorted(agenda)
    sections = [text.index(f"{n}. {title}", agenda[-1] + 1) for n, title in enumerate(AGENDA, 1)]
    assert sections == sorted(sections)
    for paragraph in SECTION_TEXT:
        assert sections[1] < text.index(paragraph) < sections[2]
    assert "Wiśniewska-Łącka" in text and "Wicedyrektor" in text

    # The attendance list starts a new page, after the signature.
    annex = next(i for i, page in enumerate(pages) if "Grzegorz Żabiński" in page)
    assert annex > 0
    assert minutes.closing not in pages[annex]
    for name in ["Zdzisław Kałuża", "Małgorzata Ostrowska", "Prezes, Podlaska Izba Rzemiosła"]:
        assert name in pages[annex]
    # Members by surname (the chair wraps in its narrow cell), then guests.
    assert pages[annex].index("Wiśniewska") < pages[annex].index("Grzegorz Żabiński")
    assert pages[annex].index("Grzegorz Żabiński") < pages[annex].index("Małgorzata Ostrowska")


def test_documents_are_polish_whatever_the_request_language(minutes):
    with override("en"):
        pdf = " ".join(pdf_pages(minutes))
        document = docx_of(minutes)
    assert "5 sierpnia 2024" in pdf
    assert "Białystok, 5 sierpnia 2024 r." in texts(document)


def test_hostile_text_is_shown_as_text(minutes):
    section = minutes.sections.get(position=3)
    section.title = "Wolne <i>wnioski</i> & sprawy"
    section.text = "Przed\x0bpo <script>alert('x')</script> koniec\x1f.\r\n\r\nDrugi\takapit."
    section.save()
    minutes.introduction = "<b>Wstęp</b>\x0b"
    minutes.save()

    paragraphs = texts(docx_of(minutes))
    assert "Przedpo <script>alert('x')</script> koniec." in paragraphs
    assert "Drugi\takapit." in paragraphs
    assert "<b>Wstęp</b>" in paragraphs
    assert "3. Wolne <i>wnioski</i> & sprawy" in paragraphs

    text = " ".join(pdf_pages(minutes))
    assert "Przedpo <script>alert('x')</script> koniec." in text
    assert "<b>Wstęp</b>" in text
    assert "3. Wolne <i>wnioski</i> & sprawy" in text


def test_approved_minutes_keep_the_attendance_they_were_approved_with(minutes):
    services.approve_minutes(minutes, None)
    Person.objects.filter(last_name="Kałuża").update(first_name="Jan", last_name="Kowalski")
    Person.objects.filter(last_name="Żabiński").update(position="Członek zarządu")

    document = docx_of(minutes)
    names = [row[1] for row in attendance_rows(document)[1:]]
    assert "Zdzisław Kałuża" in names and "Jan Kowalski" not in names
    assert "Prezes, Podlaska Izba Rzemiosła" in [row[2] for row in attendance_rows(document)]
    assert not any(p.text for p in document.sections[0].header.paragraphs)
    assert "PROJEKT" not in " ".join(texts(document))

    text = " ".join(pdf_pages(minutes))
    assert "Zdzisław Kałuża" in text and "Jan Kowalski" not in text
    assert "PROJEKT" not in text

    # A new version is a draft again, with today's people.
    draft = services.new_minutes_version(minutes, None, "korekta")
    names = [row[1] for row in attendance_rows(docx_of(draft))[1:]]
    assert "Jan Kowalski" in names and "Zdzisław Kałuża" not in names


def test_later_approved_version_is_numbered(minutes):
    services.approve_minutes(minutes, None)
    second = services.new_minutes_version(minutes, None, "korekta")
    with override(settings.LANGUAGE_CODE):
        draft_label = gettext("DRAFT – version %(number)s") % {"number": 2}
        version_label = capfirst(gettext("version %(number)s") % {"number": 2})
    assert draft_label in texts(docx_of(second))

    services.approve_minutes(second, None)
    paragraphs = texts(docx_of(second))
    assert paragraphs[paragraphs.index(services.minutes_title(second.meeting)) + 1] == (
        version_label
    )
    assert version_label in " ".join(pdf_pages(second))


def test_file_names_are_ascii(minutes):
    assert filename(minutes, "docx") == "protokol-wzk-2-v1.docx"
    assert filename(minutes, ".pdf") == "protokol-wzk-2-v1.pdf"
    body = minutes.meeting.body
    body.short_name = "Łódzki ZK"
    body.save()
    minutes.refresh_from_db()
    assert filename(minutes, "pdf") == "protokol-lodzki-zk-2-v1.pdf"
