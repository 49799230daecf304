"""The comment table (zestawienie uwag) as DOCX and XLSX, and the body's position as a letter.

The table has the standard Polish columns: Lp., jednostka redakcyjna, zgłaszający, treść uwagi,
propozycja zmian, uzasadnienie, stanowisko/odpowiedź. Documents are written in the office's
language (LANGUAGE_CODE) whatever the language of the request.
"""

from io import BytesIO

from django.conf import settings
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from lll.core.dates import long_date
from lll.core.documents import clean, letterhead, paragraphs
from lll.core.documents import docx as word

from . import services
from .models import Consultation

# Relative widths of the seven columns on a landscape A4 page (24.7 cm of text width).
COLUMN_WIDTHS_CM = (1.1, 2.6, 3.4, 5.0, 4.2, 4.2, 4.2)


def filename(consultation: Consultation, kind: str, ext: str) -> str:
    return f"{kind}-{consultation.pk}-{slugify(consultation.title.replace('ł', 'l'))[:40]}.{ext}"


def table_title(consultation: Consultation) -> str:
    return _("Comment table: %(title)s") % {"title": clean(consultation.title).strip()}


def comment_table_docx(consultation: Consultation) -> bytes:
    with translation.override(settings.LANGUAGE_CODE):
        title = table_title(consultation)
        acts = ", ".join(line.strip() for line in consultation.legal_acts.splitlines() if line)
        document = word.new_document(
            title, subject=acts or consultation.title, landscape=True, font_size=10
        )
        word.add_letterhead(document)
        word.heading(document, title, 1, align=WD_ALIGN_PARAGRAPH.CENTER)
        if acts:
            word.paragraph(
                document,
                f"{_('Legal acts concerned')}: {acts}",
                align=WD_ALIGN_PARAGRAPH.CENTER,
                italic=True,
            )
        bodies = ", ".join(b.name for b in consultation.bodies.all())
        closes = timezone.localtime(consultation.closes_at).date()
        word.paragraph(
            document,
            _("Consulted: %(bodies)s; comments until %(date)s")
            % {"bodies": bodies, "date": long_date(closes)},
            align=WD_ALIGN_PARAGRAPH.CENTER,
        )
        rows = services.table_rows(consultation)
        word.table(
            document,
            services.table_headers(),
            [[f"{v}." if isinstance(v, int) else v for v in row] for row in rows],
            widths_cm=COLUMN_WIDTHS_CM,
            size=10,
        )
        if not rows:
            word.paragraph(document, _("No comments were submitted."))
    return word.to_bytes(document)


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
        body = consultation.bodies.order_by("pk").first()
        name = body.name_genitive if body else ""
        title = _("Position of the %(body)s") % {"body": clean(name)}
        document = word.new_document(title, subject=consultation.title)
        word.add_letterhead(document)
        day = timezone.localdate()
        meeting = consultation.position_meeting
        if meeting is not None:
            day = timezone.localtime(meeting.starts_at).date()
        word.paragraph(
            document, f"{letterhead().place}, {long_date(day)}", align=WD_ALIGN_PARAGRAPH.RIGHT
        )
        if consultation.addressee:
            to = word.paragraph(document, consultation.addressee, bold=True, space_before=18)
            to.paragraph_format.left_indent = Cm(9)
        heading = word.heading(document, title, 1, align=WD_ALIGN_PARAGRAPH.CENTER)
        heading.paragraph_format.space_before = Pt(24)
        word.paragraph(
            document,
            _("on: %(title)s") % {"title": clean(consultation.title).strip()},
            align=WD_ALIGN_PARAGRAPH.CENTER,
            bold=True,
        )
        if meeting is not None:
            word.paragraph(
                document,
                _("adopted at meeting no. %(number)s on %(date)s")
                % {"number": meeting.number, "date": long_date(day)},
                align=WD_ALIGN_PARAGRAPH.CENTER,
                italic=True,
            )
        for paragraph in word.body_text(document, paragraphs(consultation.position_text)):
            paragraph.paragraph_format.first_line_indent = Cm(1)
        result = services.summary(consultation)
        counts = ", ".join(f"{label}: {n}" for label, n in result.by_response.items())
        word.paragraph(
            document,
            ngettext(
                "%(total)s comment was submitted in the pre-consultation (%(counts)s).",
                "%(total)s comments were submitted in the pre-consultation (%(counts)s).",
                result.total,
            )
            % {"total": result.total, "counts": counts},
            space_before=12,
        )
        word.paragraph(document, _("Attachment: comment table."), italic=True, space_before=24)
    return word.to_bytes(document)
