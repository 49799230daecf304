"""The annual monitoring report: live figures in a draft, frozen at publication, DOCX and PDF
holding them, corrections only as a new version."""

import io

import docx
import pytest
from django.urls import reverse
from pypdf import PdfReader

from lll.activities.models import AnnualReport
from lll.activities.services import annual, reporting
from lll.testing import logged_in

from .conftest import World, add_activity


def docx_text(content: bytes) -> str:
    document = docx.Document(io.BytesIO(content))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_the_report_freezes_its_figures_and_is_corrected_as_a_new_version(
    world: World, monitoring: None
) -> None:
    add_activity(world.ckz_report)
    reporting.submit(world.ckz_report)
    reporting.approve(world.ckz_report)
    report = AnnualReport.objects.create(year=2025, summary="Rok intensywnych kursów KKZ.")
    client = logged_in(world.office)
    page = client.get(reverse("activities:annual_detail", args=[report.pk])).content.decode()
    assert "uczestnicy: 18" in page
    client.post(reverse("activities:annual_publish", args=[report.pk]))
    report.refresh_from_db()
    assert report.published_at and report.figures["participants"] == "18"
    add_activity(world.ckz_report, title="Późniejszy kurs", participants=30, women=10, men=20)
    assert annual.figures_of(report)["participants"] == "18"  # frozen
    text = docx_text(client.get(reverse("activities:annual_docx", args=[report.pk])).content)
    assert "Rok intensywnych kursów KKZ." in text and "uczestnicy: 18" in text
    assert "Raport z monitorowania regionalnych działań" in text
    (key,) = [row for row in report.figures["key_indicators"] if "4 tygodni" in row[0]]
    assert key[3].endswith("/ 16") or key[3].endswith("/ 17"), key
    assert key[3] in text
    # each value's source (its batch's) and the indicator's last update, in the documents too
    (cited,) = [
        line
        for line in report.figures["key_sources"]
        if line.startswith(key[0].rsplit(" (", 1)[0] + ":")
    ]
    assert "Eurostat" in cited and "ostatnia aktualizacja" in cited and "—" not in cited
    assert cited in text
    pdf = pdf_text(client.get(reverse("activities:annual_pdf", args=[report.pk])).content)
    assert "uczestnicy: 18" in pdf and "Rok intensywnych kursów KKZ." in pdf
    assert client.get(reverse("activities:annual_edit", args=[report.pk])).status_code == 404
    with pytest.raises(annual.CannotPublish):
        annual.publish(report)
    response = client.post(reverse("activities:annual_new_version", args=[report.pk]))
    second = AnnualReport.objects.get(year=2025, version=2)
    assert response["Location"] == reverse("activities:annual_detail", args=[second.pk])
    assert second.summary == report.summary and second.published_at is None
    assert (
        logged_in(world.ckz_reporter)
        .get(reverse("activities:annual_detail", args=[report.pk]))
        .status_code
        == 403
    )
