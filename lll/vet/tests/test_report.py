import io
import json

import docx
import openpyxl
import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from pypdf import PdfReader

from lll.core.dates import long_date
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


def test_a_published_report_keeps_its_data_when_the_barometr_is_imported_again(client, demo):
    from lll.vet.models import BarometerEntry, ImportKind
    from lll.vet.services import imports
    from lll.vet.services.report import publish_report

    from .conftest import make_batch

    def barometer_rows(report) -> dict[str, int]:
        [breakdown] = [b for b in report.breakdowns if b.key == "barometer"]
        return {row.label: row.reviewed for row in breakdown.rows}

    before = barometer_rows(fate_report(2023))
    assert before.get("deficyt", 0) < 23
    publish_report(2023, True)
    # The Barometr of 2023 read again from a new edition: every group in deficit.
    entries = BarometerEntry.objects.filter(year=2023).select_related("group", "unit")
    content = "kategoria;grupa;teryt\n" + "".join(
        f"deficyt;{e.group.name};{e.unit.code}\n" for e in entries
    )
    batch = make_batch(
        ImportKind.BAROMETER, "barometr.csv", content.encode(), category=0, group=1, unit=2
    )
    batch.options = {"year": 2023}
    batch.save()
    imports.commit(batch)
    assert set(BarometerEntry.objects.filter(year=2023).values_list("category", flat=True)) == {
        "deficit"
    }
    assert barometer_rows(fate_report(2023))["deficyt"] > before.get("deficyt", 0)  # the register

    # The public reads the report as it was published, with the day of its data.
    page = client.get(reverse("vet:report", args=[2023]))
    assert page.status_code == 200
    assert barometer_rows(page.context["report"]) == before
    today = long_date(timezone.localdate())
    assert f"Dane według stanu na {today}" in page.content.decode()
    download = client.get(reverse("vet:report", args=[2023]), {"format": "docx"})
    document = docx.Document(io.BytesIO(download.content))
    cells = {c.text for t in document.tables for row in t.rows for c in row.cells}
    assert set(before) <= cells
    assert f"Dane według stanu na {today}" in "\n".join(p.text for p in document.paragraphs)

    # Withdrawn and published again, it shows the register as it is now.
    publish_report(2023, False)
    publish_report(2023, True)
    page = client.get(reverse("vet:report", args=[2023]))
    assert barometer_rows(page.context["report"]) == barometer_rows(fate_report(2023))


def test_the_report_downloaded_from_the_english_interface_is_polish_throughout(client, demo):
    from lll.vet.services.report import publish_report

    publish_report(2023, True)
    client.cookies["django_language"] = "en"
    page = client.get(reverse("vet:report", args=[2023]))
    assert "School type" in page.content.decode()  # the page itself is English
    for export in ("docx", "xlsx"):
        data = client.get(reverse("vet:report", args=[2023]), {"format": export}).content
        if export == "docx":
            document = docx.Document(io.BytesIO(data))
            texts = [p.text for p in document.paragraphs]
            texts += [c.text for t in document.tables for row in t.rows for c in row.cells]
        else:
            workbook = openpyxl.load_workbook(io.BytesIO(data))
            texts = [str(c.value) for ws in workbook for row in ws.iter_rows() for c in row]
        text = "\n".join(texts)
        assert "Typ szkoły" in text and "technikum" in text, export
        for english in ("School type", "Reviewed", "technical", "Launched", "yes"):
            assert english not in texts and f"{english} " not in text, (export, english)
    data = client.get(reverse("vet:report", args=[2023]), {"format": "pdf"}).content
    translation.activate(settings.LANGUAGE_CODE)  # the English request left its language active
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    assert "Typ szkoły" in text and "School type" not in text and "Reviewed" not in text


def test_the_reports_map_is_drawn_in_the_documents_with_its_boundaries(demo):
    from PIL import Image

    report = fate_report(2023)
    [map_spec] = [
        spec for key, (spec, _alt) in documents._chart_specs(report).items() if key == "powiat"
    ]
    assert "granice.geojson" not in json.dumps(map_spec)  # the boundaries are in it
    document = docx.Document(io.BytesIO(documents.report_docx(report)))
    first = document.inline_shapes[0]._inline.graphic.graphicData.pic.blipFill.blip.embed
    png = document.part.related_parts[first].blob
    image = Image.open(io.BytesIO(png)).convert("RGB")
    pixels = list(image.getdata())
    grey = sum(1 for pixel in pixels if pixel == (217, 217, 217))  # no data
    blue = sum(1 for pixel in pixels if pixel[2] > pixel[0] + 60)  # launch rates
    assert grey > 20_000 and blue > 20_000, (grey, blue)  # powiats, not only the legend
    alt = document.inline_shapes[0]._inline.docPr.get("descr")
    assert alt.startswith("Mapa odsetka uruchomionych kierunków według powiatów")
    assert "Najwyżej: " in alt and "(100,0\u00a0%)" in alt
    assert "najniżej: " in alt and "powiat hajnowski, powiat kolneński" in alt
