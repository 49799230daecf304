"""Every kind of document the system writes, opened as assistive technology opens it: each PDF
with pikepdf (structure tree, language, title, a text alternative on every figure), each DOCX
with python-docx (heading styles, alt text on pictures, header rows, language, properties).
They are built while the English interface is active: an official document is still Polish
throughout."""

from collections.abc import Callable
from io import BytesIO

import pytest
from django.utils import translation
from docx.oxml.ns import qn
from pypdf import PdfReader

from lll.consultations import documents as consultation_documents
from lll.consultations.demo import load_demo as load_consultations
from lll.consultations.models import Consultation
from lll.coordination import documents as minutes_documents
from lll.coordination.models import Minutes
from lll.core.tests.document_checks import docx_accessible, pdf_accessible
from lll.selfassessment import documents as selfassessment_documents
from lll.selfassessment.tests import conftest as selfassessment
from lll.selfassessment.tests.conftest import World
from lll.vet import documents as vet_documents
from lll.vet.models import OpinionRequest
from lll.vet.services.evidence import evidence_for
from lll.vet.services.report import fate_report

pytestmark = pytest.mark.django_db

# The self-assessment world (the WZK with its minutes, a closed round) as fixtures here too.
world, world_rows = selfassessment.world, selfassessment.world_rows

# Words of the English interface that must not reach a Polish document.
ENGLISH = (
    "Page ",
    "School type",
    "Launch rate",
    "Reviewed",
    "Evidence sheet",
    "Minutes of",
    "Data as of",
    "Highest",
    "chart",
    "Map of",
)


def _documents(world: World) -> dict[str, Callable[[], bytes]]:
    load_consultations()
    minutes = Minutes.objects.filter(status=Minutes.Status.APPROVED).first()
    assert minutes is not None
    consultation = Consultation.objects.exclude(comments=None).first()
    assert consultation is not None
    request = OpinionRequest.objects.filter(decided_on__isnull=False).first()
    assert request is not None
    return {
        "minutes.pdf": lambda: minutes_documents.render_pdf(minutes),
        "minutes.docx": lambda: minutes_documents.render_docx(minutes),
        "comment-table.docx": lambda: consultation_documents.comment_table_docx(consultation),
        "position-letter.docx": lambda: consultation_documents.position_letter_docx(consultation),
        "self-assessment.pdf": lambda: selfassessment_documents.render_pdf(world.last_year),
        "self-assessment.docx": lambda: selfassessment_documents.render_docx(world.last_year),
        "evidence-sheet.docx": lambda: vet_documents.evidence_docx(request, evidence_for(request)),
        "fate-report.pdf": lambda: vet_documents.report_pdf(fate_report(2023)),
        "fate-report.docx": lambda: vet_documents.report_docx(fate_report(2023)),
    }


def test_every_document_is_tagged_titled_in_polish_with_alt_text(world: World, vet_demo, tmp_path):
    built = {}
    with translation.override("en"):  # the English interface
        for name, make in _documents(world).items():
            built[name] = make()
            (tmp_path / name).write_bytes(built[name])
    figures, problems = {}, {}
    for name, data in built.items():
        try:
            if name.endswith(".pdf"):
                figures[name] = pdf_accessible(data)["figures"]
                text = " ".join(page.extract_text() for page in PdfReader(BytesIO(data)).pages)
                text += "\n".join(figures[name])
            else:
                document = docx_accessible(data)
                text = "\n".join(p.text for p in document.paragraphs)
                text += "\n".join(c.text for t in document.tables for r in t.rows for c in r.cells)
                shapes = document.element.body.iter(qn("wp:docPr"))
                text += "\n".join(shape.get("descr") for shape in shapes)
            english = [word for word in ENGLISH if word in text]
            assert not english, f"English words {english}"
        except AssertionError as problem:
            problems[name] = str(problem).split("\n")[0]
    assert not problems, "\n".join(f"{k}: {v}" for k, v in problems.items())
    # The charts and the map say what they show.
    assert len(figures["fate-report.pdf"]) == 6, figures
    assert any("powiat" in alt for alt in figures["fate-report.pdf"]), figures
    assert len(figures["self-assessment.pdf"]) == 2, figures
