import io

import openpyxl
import pytest
from pypdf import PdfReader

from lll.core.tests.document_checks import docx_in_house_style, pdf_in_house_style
from lll.vet import documents
from lll.vet.services.report import fate_report

pytestmark = pytest.mark.django_db


def test_the_fate_of_the_2023_cohort_with_its_breakdowns(demo):
    report = fate_report(2023)
    assert (report.total.reviewed, report.total.known, report.total.launched) == (23, 20, 12)
    assert report.total.rate == 60.0
    assert report.total.enrolment == 266
    breakdowns = {b.key: {r.label: r for r in b.rows} for b in report.breakdowns}
    assert set(breakdowns) == {"powiat", "school_type", "sector", "place", "barometer", "forecast"}
    assert breakdowns["powiat"]["Białystok"].rate == 100.0
    assert breakdowns["powiat"]["powiat hajnowski"].rate == 0.0
    assert breakdowns["place"]["miasto na prawach powiatu"].rate == 88.9
    assert breakdowns["place"]["miasto (gmina miejska)"].rate == 28.6
    assert breakdowns["school_type"]["technikum"].reviewed == 13
    assert sum(r.reviewed for r in breakdowns["barometer"].values()) == 23
    assert report.reasons[0] == ("za mało kandydatów", 6)


def test_the_report_as_docx_pdf_and_xlsx(demo):
    report = fate_report(2023)
    document = docx_in_house_style(documents.report_docx(report))
    assert [p.style.name for p in document.paragraphs if p.text == "Powiat"] == ["Heading 2"]
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Losy kierunków kształcenia pozytywnie zaopiniowanych przez WRRP w 2023 r." in text
    assert "uruchomione: 12 (60,0\u00a0%)" in text
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    assert "za mało kandydatów" in cells and "powiat hajnowski" in cells

    # The map and the bar charts are drawn into both documents (vl-convert, same specs).
    assert len(document.inline_shapes) == len(report.breakdowns)
    data = documents.report_pdf(report)
    pdf_in_house_style(data)
    pdf = PdfReader(io.BytesIO(data))
    drawn = {hash(image.data) for page in pdf.pages for image in page.images}
    assert len(drawn) == len(report.breakdowns)
    pdf_text = " ".join(page.extract_text() for page in pdf.pages)
    assert "Przyczyny nieuruchomienia" in pdf_text and "Białystok" in pdf_text

    workbook = openpyxl.load_workbook(io.BytesIO(documents.report_xlsx(report)))
    directions = workbook.worksheets[0]
    assert directions.max_row == 24
    header = [c.value for c in directions[1]]
    launched = header.index("Uruchomione")
    values = [row[launched] for row in directions.iter_rows(min_row=2, values_only=True)]
    assert values.count("tak") == 12 and values.count("nie") == 8 and values.count("") == 0
    assert "Powiat" in workbook.sheetnames
    by_powiat = workbook["Powiat"]
    assert by_powiat["A1"].value == "Powiat" and by_powiat["E1"].value == "Odsetek uruchomionych"
    rates = [row[4] for row in by_powiat.iter_rows(min_row=2)]
    known = [c for c in rates if c.value is not None]
    assert known and all(isinstance(c.value, int | float) and 0 <= c.value <= 1 for c in known)
    assert all(c.number_format == "0.0%" for c in known)
    latest = header.index("Najnowszy znany rok szkolny")
    students = header.index("Uczniowie (wszystkie klasy)")
    first = next(directions.iter_rows(min_row=2, values_only=True))
    assert (first[latest], first[students]) == (
        "2024/25",
        2 * first[header.index("Nabór do klasy I")] - 3,
    )


def test_text_from_imported_files_never_becomes_a_formula_in_the_workbook(demo):
    from lll.vet.models import School

    School.objects.filter(rspo=900101).update(name='=HYPERLINK("http://example.org","x")')
    workbook = openpyxl.load_workbook(io.BytesIO(documents.report_xlsx(fate_report(2023))))
    cells = [c for row in workbook.worksheets[0].iter_rows(min_row=2) for c in row]
    hostile = [c for c in cells if str(c.value).startswith("=HYPERLINK")]
    assert hostile and all(c.data_type == "s" for c in hostile)


def test_the_study_updates_the_monitoring_indicators_with_their_source(demo):
    from lll.indicators.models import ImportBatch, Observation
    from lll.indicators.services.catalogue import load_catalogue
    from lll.vet.services.indicators import publish_to_indicators

    load_catalogue()
    results = publish_to_indicators(fate_report(2023), None)
    assert results["vet-wrrp-positive-opinions"].inserted == 1 + 13  # region + 13 powiats
    values = {
        (o.indicator.code, o.unit.code): o
        for o in Observation.objects.select_related("indicator", "unit", "batch")
    }
    region = values[("vet-wrrp-positive-opinions", "20")]
    assert region.value == 23 and region.period == "2023"
    assert region.batch is not None and "2023" in region.batch.description
    assert values[("vet-wrrp-not-launched-share", "20")].value == 40.0
    assert values[("vet-wrrp-not-launched-share", "2061")].value == 0.0
    assert ("vet-wrrp-positive-opinions", "2004") in values
    assert ("vet-wrrp-not-launched-share", "2004") not in values  # no outcome known there
    again = publish_to_indicators(fate_report(2023), None)
    assert again["vet-wrrp-positive-opinions"].unchanged == 14
    assert ImportBatch.objects.count() == 4
