"""A meeting's minutes as documents: DOCX to edit or sign in Word, PDF to publish.

Both follow the form Polish labour offices use for minutes: the office's letterhead, place and
date, the title, the introduction, the numbered agenda, what was said under each item, the
signature, the list of attachments and, on its own page, the attendance list. Whatever the
language of the request, the document is written in the office's language (LANGUAGE_CODE).
"""

from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone, translation
from django.utils.text import capfirst, slugify
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from docx.document import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt, RGBColor

from lll.core.dates import long_date
from lll.core.documents import clean, paragraphs, pdf
from lll.core.documents import docx as word

from . import services
from .models import Body, Meeting, Minutes

PDF_TEMPLATE = "coordination/minutes_pdf.html"
_DRAFT_RED = RGBColor(0xB0, 0x1C, 0x1C)
_COLUMN_WIDTHS_CM = (1.0, 4.0, 5.3, 3.0, 2.7)  # 16 cm between the margins


@dataclass(frozen=True)
class Section:
    number: int
    title: str
    paragraphs: list[str]


@dataclass(frozen=True)
class VoteResult:
    """A vote as the minutes state it: what was voted, the outcome, and how each member voted."""

    heading: str
    outcome: str
    members: list[list[str]]  # [name, vote] rows; empty when the result was counted only


@dataclass(frozen=True)
class Content:
    """Everything the minutes show, cleaned and translated; both formats render this."""

    place_date: str
    contact: str  # the letterhead's line: the office's phone, e-mail and website
    title: str
    draft_mark: str  # on every page of a draft; empty once approved
    version_note: str  # under the title
    project: list[str]
    introduction: list[str]
    chaired_by: str
    agenda_label: str
    agenda: list[str]  # as announced
    agenda_changes: list[str]
    sections: list[Section]
    votes_heading: str
    votes: list[VoteResult]
    vote_columns: list[str]
    closing: list[str]
    signatory: list[str]
    attachments_label: str
    attachments: list[str]
    annex_heading: str
    annex_subheading: str
    columns: list[str]
    attendance: list[list[str]]


def content(minutes: Minutes) -> Content:
    """What the documents show; call it with the office's language active."""
    meeting = minutes.meeting
    version = _("version %(number)s") % {"number": minutes.version}
    if minutes.is_frozen:
        draft_mark = ""
        version_note = capfirst(version) if minutes.version > 1 else ""
    else:
        # One message, not an f-string around _(): xgettext skips calls inside f-strings, and
        # so the mark stayed in English ("DRAFT – wersja 1") in the Polish documents.
        draft_mark = _("DRAFT – version %(number)s") % {"number": minutes.version}
        version_note = draft_mark
    sections = [
        Section(number, clean(section.title).strip(), paragraphs(section.text))
        for number, section in enumerate(minutes.sections.order_by("position"), start=1)
    ]
    attachments = [clean(title).strip() for title in services.minutes_attachments(minutes)]
    attendance_title = attachments[0] if attachments else _("Attendance list")
    rows = services.minutes_attendance(minutes)
    meeting_day = timezone.localtime(meeting.starts_at).date()
    chaired = clean(minutes.chaired_by).strip()
    return Content(
        place_date=f"{clean(minutes.place).strip()}, {long_date(minutes.dated)}",
        contact=office_contact(meeting.body),
        title=clean(services.minutes_title(meeting)).strip(),
        draft_mark=draft_mark,
        version_note=version_note,
        project=paragraphs(minutes.project_paragraph),
        introduction=paragraphs(minutes.introduction),
        chaired_by=_chaired_by(minutes, chaired),
        agenda_label=_("Agenda:"),
        agenda=[clean(title).strip() for title in services.minutes_agenda(minutes)],
        agenda_changes=paragraphs(minutes.agenda_changes),
        sections=sections,
        votes_heading=pgettext("minutes", "Votes"),
        votes=_votes(minutes),
        vote_columns=[pgettext("attendance list", "Name"), pgettext("minutes", "Vote")],
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
        % {"date": long_date(meeting_day)},
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


def _votes(minutes: Minutes) -> list[VoteResult]:
    """The meeting's closed votes in agenda order, each with its resolution's number; for
    locked minutes, as they were when the members accepted them."""
    results = []
    for record in services.minutes_votes(minutes):
        title = clean(record["title"]).strip()
        if record["resolution"]:
            title = _("%(title)s (no. %(number)s)") % {
                "title": title,
                "number": record["resolution"],
            }
        result, note = record["outcome"], record["note"]
        outcome = capfirst(clean(f"{result}. {note}" if note else result))
        members = [[clean(name).strip(), choice] for name, choice in record["per_member"]]
        results.append(VoteResult(title, outcome.strip(), members))
    return results


def _chaired_by(minutes: Minutes, chaired: str) -> str:
    """ "Posiedzeniu przewodniczyła …" in the chair's grammatical form."""
    if not chaired:
        return ""
    chair = services.chair_of(minutes.meeting)
    feminine = chair is not None and chaired.startswith(chair.full_name) and chair.is_feminine
    context = "feminine" if feminine else "masculine"
    return pgettext(context, "The meeting was chaired by %(name)s.") % {"name": chaired}


def office_contact(body: Body) -> str:
    """The letterhead's contact line from the body's settings: "tel. …, e-mail: …, www…"."""
    parts = []
    if body.office_phone:
        phone = pgettext("letterhead", "phone")  # not inside the f-string: xgettext skips those
        parts.append(f"{phone} {body.office_phone}")
    if body.office_email:
        email = _("e-mail")
        parts.append(f"{email}: {body.office_email}")
    if body.office_website:
        parts.append(body.office_website)
    return clean(", ".join(parts)).strip()


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


def render_pdf(minutes: Minutes) -> bytes:
    with translation.override(settings.LANGUAGE_CODE):
        doc = content(minutes)
        return pdf.render_pdf(PDF_TEMPLATE, {"doc": doc, "office_contact": doc.contact})


# ---------------------------------------------------------------------------------------------
# DOCX


def render_docx(minutes: Minutes) -> bytes:
    with translation.override(settings.LANGUAGE_CODE):
        doc = content(minutes)
        document = word.new_document(doc.title, subject=minutes.meeting.body.name)
        document.core_properties.revision = minutes.version
        _write(document, doc)
    return word.to_bytes(document)


def _write(document: Document, doc: Content) -> None:
    if doc.draft_mark:
        mark = document.sections[0].header.paragraphs[0]
        mark.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        word.run(mark, doc.draft_mark, bold=True, size=9, color=_DRAFT_RED)
    word.add_letterhead(document, doc.contact)
    word.paragraph(document, doc.place_date, align=WD_ALIGN_PARAGRAPH.RIGHT, space_after=18)

    title = word.heading(document, doc.title, 1, align=WD_ALIGN_PARAGRAPH.CENTER)
    if doc.version_note:
        note = word.paragraph(document, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=12)
        word.run(note, doc.version_note, bold=True, color=_DRAFT_RED if doc.draft_mark else None)
    else:
        title.paragraph_format.space_after = Pt(12)

    for line in doc.project:
        word.paragraph(document, line, italic=True, size=10, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    word.body_text(document, doc.introduction)
    if doc.chaired_by:
        word.body_text(document, [doc.chaired_by])

    if doc.agenda:
        word.label(document, doc.agenda_label)
        for number, agenda_item in enumerate(doc.agenda, start=1):
            word.numbered(document, number, agenda_item)
    word.body_text(document, doc.agenda_changes)
    if doc.sections:
        for section in doc.sections:
            word.heading(document, f"{section.number}. {section.title}", 2)
            word.body_text(document, section.paragraphs)
    if doc.votes:
        word.heading(document, doc.votes_heading, 2)
        for vote in doc.votes:
            word.heading(document, vote.heading, 3)
            word.body_text(document, [vote.outcome])
            if vote.members:
                word.table(document, doc.vote_columns, vote.members)

    closing = word.body_text(document, doc.closing)
    if closing:
        closing[0].paragraph_format.space_before = Pt(11)
        for paragraph in closing if doc.signatory else []:
            paragraph.paragraph_format.keep_with_next = True  # on one page with the signature

    for index, line in enumerate(doc.signatory):
        signature = word.paragraph(
            document,
            line,
            align=WD_ALIGN_PARAGRAPH.RIGHT,
            space_before=36 if index == 0 else None,
            space_after=0,
            keep_with_next=index < len(doc.signatory) - 1,
        )
        signature.paragraph_format.left_indent = Cm(7)  # a long position wraps on the right

    if doc.attachments:
        word.label(document, doc.attachments_label).paragraph_format.space_before = Pt(30)
        for number, attachment in enumerate(doc.attachments, start=1):
            word.numbered(document, number, attachment)

    annex = word.heading(document, doc.annex_heading, 2, page_break_before=True)
    annex.paragraph_format.space_after = Pt(2)
    word.paragraph(document, doc.annex_subheading, italic=True, size=10, space_after=12)
    word.table(document, doc.columns, doc.attendance, widths_cm=_COLUMN_WIDTHS_CM)


# ---------------------------------------------------------------------------------------------
# The attendance list and the sign-in sheet of a meeting

SHEET_TEMPLATE = "coordination/attendance_pdf.html"
SHEET_KINDS = ("obecnosc", "podpisy")  # the attendance list, the sign-in sheet


@dataclass(frozen=True)
class Sheet:
    title: str
    subtitle: str
    columns: list[str]
    rows: list[list[str]]
    widths_cm: tuple[float, ...]


def attendance_sheet(meeting: Meeting, kind: str) -> Sheet:
    """The attendance list (status of each person) or the sign-in sheet (a signature column,
    where who took part by electronic means has that note instead); call it in the office's
    language."""
    rows = services.attendance_rows(meeting)
    day = timezone.localtime(meeting.starts_at).date()
    subtitle = _("%(body)s, meeting no. %(number)s on %(date)s") % {
        "body": meeting.body.name_genitive or meeting.body.name,
        "number": meeting.number,
        "date": long_date(day),
    }
    base = [
        pgettext("attendance list", "No."),
        pgettext("attendance list", "Name"),
        pgettext("attendance list", "Institution"),
        pgettext("attendance list", "Role"),
    ]
    if kind == "podpisy":
        return Sheet(
            _("Sign-in sheet"),
            subtitle,
            [*base, _("Signature")],
            [
                [f"{n}.", r["name"], r["institution"], r["role"], r.get("remote", "")]
                for n, r in enumerate(rows, start=1)
            ],
            (1.0, 4.0, 4.6, 2.6, 3.8),
        )
    return Sheet(
        _("Attendance list"),
        subtitle,
        [*base, pgettext("attendance list", "Attendance")],
        [
            [f"{n}.", r["name"], r["institution"], r["role"], r["status"]]
            for n, r in enumerate(rows, start=1)
        ],
        _COLUMN_WIDTHS_CM,
    )


def sheet_filename(meeting: Meeting, kind: str, ext: str) -> str:
    short = meeting.body.short_name.replace("ł", "l").replace("Ł", "L")
    body = slugify(short) or f"body-{meeting.body.pk}"
    name = "lista-obecnosci" if kind == "obecnosc" else "lista-podpisow"
    return f"{name}-{body}-{meeting.number}.{slugify(ext) or 'bin'}"


def render_sheet_docx(meeting: Meeting, kind: str) -> bytes:
    with translation.override(settings.LANGUAGE_CODE):
        sheet = attendance_sheet(meeting, kind)
        document = word.new_document(sheet.title, subject=meeting.body.name)
        word.add_letterhead(document, office_contact(meeting.body))
        word.heading(document, sheet.title, 1, align=WD_ALIGN_PARAGRAPH.CENTER)
        word.paragraph(document, sheet.subtitle, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=12)
        table = word.table(document, sheet.columns, sheet.rows, widths_cm=sheet.widths_cm)
        if kind == "podpisy":
            for row in table.rows[1:]:
                row.height = Cm(1.1)  # room to sign
    return word.to_bytes(document)


def render_sheet_pdf(meeting: Meeting, kind: str) -> bytes:
    with translation.override(settings.LANGUAGE_CODE):
        sheet = attendance_sheet(meeting, kind)
        return pdf.render_pdf(
            SHEET_TEMPLATE,
            {
                "sheet": sheet,
                "signin": kind == "podpisy",
                "office_contact": office_contact(meeting.body),
            },
        )


def sheet_table(meeting: Meeting, kind: str) -> tuple[list[str], list[list[str]]]:
    """The sheet's header and rows, for the XLSX export."""
    with translation.override(settings.LANGUAGE_CODE):
        sheet = attendance_sheet(meeting, kind)
    return sheet.columns, sheet.rows
