"""The comment table (zestawienie uwag) as DOCX and XLSX, and the body's position as a letter.

The table has the standard Polish columns: Lp., jednostka redakcyjna, zgłaszający, treść uwagi,
propozycja zmian, uzasadnienie, stanowisko/odpowiedź. Documents are written in the office's
language (LANGUAGE_CODE) whatever the language of the request.
"""

from io import BytesIO

import docx
from django.conf import settings
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from docx.document import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from lll.coordination.documents import DOCX_FONT, clean, paragraphs, polish_date

from . import services
from .models import Consultation

# Relative widths of the seven columns on a landscape A4 page (24.7 cm of text width).
COLUMN_WIDTHS_CM = (1.1, 2.6, 3.4, 5.0, 4.2, 4.2, 4.2)


def filename(consultation: Consultation, kind: str, ext: str) -> str:
    return f"{kind}-{consultation.pk}-{slugify(consultation.title.replace('ł', 'l'))[:40]}.{ext}"


def table_title(consultation: Consultation) -> str:
    return _("Comment table: %(title)s") % {"title": clean(consultation.title).strip()}


def _document(landscape: bool) -> Document:
    document = docx.Document()
    section = document.sections[0]
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Cm(29.7), Cm(21)
        section.left_margin = section.right_margin = Cm(2.5)
        section.top_margin = section.bottom_margin = Cm(2)
    else:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Cm(21), Cm(29.7)
        section.left_margin = section.right_margin = Cm(2.5)
        section.top_margin = section.bottom_margin = Cm(2.5)
    normal = document.styles["Normal"]
    normal.font.name = DOCX_FONT
    normal.font.size = Pt(10 if landscape else 11)
    fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), DOCX_FONT)
    normal.paragraph_format.space_after = Pt(4)
    properties = document.core_properties
    properties.author = properties.last_modified_by = clean(settings.LLL_OFFICE_NAME)
    properties.created = properties.modified = timezone.now()
    properties.comments = properties.keywords = ""
    return document


def _repeat_header(row: object) -> None:
    tr_pr = row._tr.get_or_add_trPr()  # type: ignore[attr-defined]
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)


def _cell_text(cell: object, text: str, bold: bool = False) -> None:
    parts = paragraphs(text) or [""]
    first = cell.paragraphs[0]  # type: ignore[attr-defined]
    for index, part in enumerate(parts):
        paragraph = first if index == 0 else cell.add_paragraph()  # type: ignore[attr-defined]
        paragraph.paragraph_format.space_after = Pt(2)
        run = paragraph.add_run(part)
        run.bold = bold


def comment_table_docx(consultation: Consultation) -> bytes:
    with translation.override(settings.LANGUAGE_CODE):
        document = _document(landscape=True)
        document.core_properties.title = table_title(consultation)
        heading = document.add_paragraph()
        heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = heading.add_run(table_title(consultation))
        run.bold = True
        run.font.size = Pt(13)
        acts = ", ".join(line.strip() for line in consultation.legal_acts.splitlines() if line)
        if acts:
            note = document.add_paragraph()
            note.alignment = WD_ALIGN_PARAGRAPH.CENTER
            note.add_run(f"{_('Legal acts concerned')}: {clean(acts)}").italic = True
        bodies = ", ".join(b.name for b in consultation.bodies.all())
        closes = timezone.localtime(consultation.closes_at).date()
        info = document.add_paragraph()
        info.alignment = WD_ALIGN_PARAGRAPH.CENTER
        info.add_run(
            _("Consulted: %(bodies)s; comments until %(date)s")
            % {"bodies": clean(bodies), "date": polish_date(closes)}
        )
        rows = services.table_rows(consultation)
        table = document.add_table(rows=1, cols=len(COLUMN_WIDTHS_CM))
        table.style = "Table Grid"
        table.autofit = False
        for cell, header, width in zip(
            table.rows[0].cells, services.table_headers(), COLUMN_WIDTHS_CM, strict=True
        ):
            cell.width = Cm(width)
            _cell_text(cell, header, bold=True)
        _repeat_header(table.rows[0])
        for row in rows:
            cells = table.add_row().cells
            for cell, value, width in zip(cells, row, COLUMN_WIDTHS_CM, strict=True):
                cell.width = Cm(width)
                _cell_text(cell, f"{value}." if isinstance(value, int) else clean(value))
        if not rows:
            document.add_paragraph(_("No comments were submitted."))
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def comment_table_xlsx(consultation: Consultation) -> bytes:
    with translation.override(settings.LANGUAGE_CODE):
        workbook = Workbook()
        sheet = workbook.active
        sheet.title = _("Comments")[:31]
        sheet.append([table_title(consultation)])
        sheet["A1"].font = Font(bold=True, size=13)
        sheet.append([])
        sheet.append(services.table_headers())
        for cell in sheet[3]:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        for row in services.table_rows(consultation):
            sheet.append([clean(v) if isinstance(v, str) else v for v in row])
            for cell in sheet[sheet.max_row]:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    cell.data_type = "s"  # user text that looks like a formula stays text
        for letter, width in zip("ABCDEFG", (6, 18, 28, 45, 40, 40, 40), strict=True):
            sheet.column_dimensions[letter].width = width
        sheet.freeze_panes = "A4"
        sheet.print_options.gridLines = True
        sheet.page_setup.orientation = "landscape"
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def position_letter_docx(consultation: Consultation) -> bytes:
    """The adopted position of the (first) consulted body as a letter from the office."""
    with translation.override(settings.LANGUAGE_CODE):
        document = _document(landscape=False)
        body = consultation.bodies.order_by("pk").first()
        head = document.add_paragraph()
        run = head.add_run(clean(settings.LLL_OFFICE_NAME))
        run.bold = True
        address = document.add_paragraph()
        address.add_run(clean(settings.LLL_OFFICE_ADDRESS)).font.size = Pt(9)
        day = timezone.localdate()
        meeting = consultation.position_meeting
        if meeting is not None:
            day = timezone.localtime(meeting.starts_at).date()
        place = document.add_paragraph()
        place.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        place.add_run(f"{clean(settings.LLL_OFFICE_PLACE)}, {polish_date(day)}")
        if consultation.addressee:
            to = document.add_paragraph()
            to.paragraph_format.left_indent = Cm(9)
            to.paragraph_format.space_before = Pt(18)
            to.add_run(clean(consultation.addressee)).bold = True
        title = document.add_paragraph()
        title.alignment = WD_ALIGN_PARAGRAPH.CENTER
        title.paragraph_format.space_before = Pt(24)
        name = body.name_genitive if body else ""
        run = title.add_run(_("Position of the %(body)s") % {"body": clean(name)})
        run.bold = True
        run.font.size = Pt(13)
        subject = document.add_paragraph()
        subject.alignment = WD_ALIGN_PARAGRAPH.CENTER
        subject.add_run(
            _("on: %(title)s") % {"title": clean(consultation.title).strip()}
        ).bold = True
        if meeting is not None:
            adopted = document.add_paragraph()
            adopted.alignment = WD_ALIGN_PARAGRAPH.CENTER
            adopted.add_run(
                _("adopted at meeting no. %(number)s on %(date)s")
                % {"number": meeting.number, "date": polish_date(day)}
            ).italic = True
        for text in paragraphs(consultation.position_text):
            paragraph = document.add_paragraph(text)
            paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
            paragraph.paragraph_format.first_line_indent = Cm(1)
        result = services.summary(consultation)
        counts = ", ".join(f"{label}: {n}" for label, n in result.by_response.items())
        summary = document.add_paragraph()
        summary.paragraph_format.space_before = Pt(12)
        summary.add_run(
            ngettext(
                "%(total)s comment was submitted in the pre-consultation (%(counts)s).",
                "%(total)s comments were submitted in the pre-consultation (%(counts)s).",
                result.total,
            )
            % {"total": result.total, "counts": counts}
        )
        annex = document.add_paragraph()
        annex.paragraph_format.space_before = Pt(24)
        annex.add_run(_("Attachment: comment table.")).italic = True
        document.core_properties.title = _("Position of the %(body)s") % {"body": clean(name)}
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()
