"""The annual monitoring report as DOCX and PDF (A4, the office's letterhead, headings)."""

from typing import Any

from django.utils.translation import gettext as _

from lll.core.dates import long_date
from lll.core.documents import paragraphs
from lll.core.documents.docx import (
    add_letterhead,
    body_text,
    heading,
    new_document,
    table,
    to_bytes,
)
from lll.core.documents.pdf import render_pdf

from .models import AnnualReport
from .services import annual


def sections(report: AnnualReport) -> list[tuple[str, Any]]:
    """The report's sections in order: (heading, text or a table (headers, rows) or a list)."""
    data = annual.figures_of(report)
    return [
        (_("Summary"), report.summary),
        (
            _("Activities by ZSU 2030 priority area"),
            (
                [_("Priority area"), _("Activities"), _("Participants"), _("Amount (PLN)")],
                data["priorities"],
            ),
        ),
        (
            _("Participants by powiat"),
            ([_("Unit"), _("Participants"), _("Per 1,000 residents")], data["powiats"]),
        ),
        (
            _("Qualification courses (KKZ)"),
            (
                [
                    _("Occupation"),
                    _("Powiat"),
                    _("Courses"),
                    _("Enrolled"),
                    _("Passed the exam"),
                    _("Barometr"),
                ],
                data["courses"],
            ),
        ),
        (_("Deficit occupations without a course"), data["gaps"]),
        (
            _("Key indicators and the region's place among the voivodeships"),
            (
                [_("Indicator"), _("Period"), _("Value"), _("Place"), _("Targets")],
                data.get("key_indicators", []),
            ),
        ),
        (_("The coordination team's year"), report.coordination),
        (_("Self-assessment results"), report.self_assessment),
        (_("Conclusions and recommendations"), report.conclusions),
    ]


def lead(report: AnnualReport) -> str:
    data = annual.figures_of(report)
    state = long_date(annual.as_of(report))
    return _(
        "Version %(version)d, as of %(date)s. Activities: %(count)d, participants: "
        "%(people)s, amount: %(amount)s PLN."
    ) % {
        "version": report.version,
        "date": state,
        "count": data["activities"],
        "people": data["participants"],
        "amount": data["amount"],
    }


def render_docx(report: AnnualReport) -> bytes:
    title = annual.title(report)
    document = new_document(title)
    add_letterhead(document)
    heading(document, title, 1)
    body_text(document, [lead(report)])
    for name, content in sections(report):
        heading(document, name, 2)
        if isinstance(content, tuple):
            headers, rows = content
            if rows:
                table(document, [str(h) for h in headers], rows)
            else:
                body_text(document, [_("None.")])
        elif isinstance(content, list):
            body_text(document, content or [_("None.")])
        else:
            body_text(document, paragraphs(content) or ["—"])
    return to_bytes(document)


def section_items(report: AnnualReport) -> list[dict[str, Any]]:
    """The sections as the page and the PDF template show them."""
    items = []
    for name, content in sections(report):
        if isinstance(content, tuple):
            kind = "table"
        elif isinstance(content, list):
            kind = "list"
        else:
            kind = "text"
        items.append(
            {
                "name": name,
                "kind": kind,
                "headers": content[0] if kind == "table" else [],
                "rows": content[1] if kind == "table" else [],
                "items": content if kind == "list" else [],
                "paragraphs": paragraphs(content) if kind == "text" else [],
            }
        )
    return items


def render_report_pdf(report: AnnualReport) -> bytes:
    return render_pdf(
        "activities/annual_pdf.html",
        {"title": annual.title(report), "lead": lead(report), "sections": section_items(report)},
    )
