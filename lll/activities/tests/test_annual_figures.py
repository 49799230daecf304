"""The annual report's figures taken from the other apps and the shipped data: the coordination
team's year and the self-assessment results from the database, the map and the charts drawn into
the DOCX and the PDF, and the rate per 1,000 people of working age (GUS BDL file)."""

import csv
import datetime
import io
from pathlib import Path
from typing import Any

import docx
import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from lll.activities.models import AnnualReport
from lll.activities.services import annual, indicators, reporting
from lll.coordination.models import ActionItem, Body, Meeting, Person, Resolution
from lll.indicators.models import Observation
from lll.selfassessment.models import Answer, Area, Consensus, Criterion, Framework, Respondent
from lll.selfassessment.models import Round as AssessmentRound
from lll.territory.models import Unit
from lll.testing import logged_in

from .conftest import BIALYSTOK, World, add_activity
from .test_annual import docx_text, pdf_text


def working_age_from_file(code: str, year: int) -> tuple[int, float]:
    """The latest year up to `year` and the working-age population of the powiat `code`, read
    from the shipped BDL file itself."""
    path = Path(settings.LLL_DATA_DIR) / "bdl_powiat_population_2013_2023.csv"
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = [
            (int(row["year"]), float(row["value"]))
            for row in csv.DictReader(handle)
            if row["teryt_powiat"] == code
            and row["variable"].startswith("ludność w wieku produkcyjnym")
            and int(row["year"]) <= year
        ]
    return max(rows)


def coordination_year() -> None:
    wzk = Body.objects.create(
        name="Wojewódzki Zespół Koordynacji", short_name="WZK", name_genitive="WZK", kind="wzk"
    )
    other = Body.objects.create(name="Rada", short_name="WRRP", name_genitive="Rady", kind="wrrp")
    person = Person.objects.create(first_name="Zofia", last_name="Żółkowska")
    held = Meeting.objects.create(
        body=wzk,
        number=7,
        starts_at=timezone.make_aware(datetime.datetime(2025, 3, 12, 10)),
        status=Meeting.Status.MINUTES_APPROVED,
        participant_count=14,
    )
    Meeting.objects.create(  # planned, not held: not counted
        body=wzk, number=8, starts_at=timezone.make_aware(datetime.datetime(2025, 11, 20, 10))
    )
    Meeting.objects.create(  # another body's meeting: not the team's
        body=other,
        number=1,
        starts_at=timezone.make_aware(datetime.datetime(2025, 5, 5, 10)),
        status=Meeting.Status.HELD,
    )
    Resolution.objects.create(
        body=wzk,
        year=2025,
        number=4,
        kind=Resolution.Kind.RECOMMENDATION,
        title="zwiększenia liczby kursów KKZ w powiatach wschodnich",
        addressee="Zarząd Województwa Podlaskiego",
        adopted_on=datetime.date(2025, 3, 12),
        meeting=held,
        follow_up=Resolution.FollowUp.SENT,
    )
    Resolution.objects.create(
        body=wzk,
        year=2025,
        number=5,
        kind=Resolution.Kind.POSITION,
        title="projektu planu działań ZSU 2030",
        adopted_on=datetime.date(2025, 3, 12),
        meeting=held,
        follow_up=Resolution.FollowUp.IMPLEMENTED,
    )
    ActionItem.objects.create(meeting=held, title="Mapa kursów", owner=person, status="done")
    ActionItem.objects.create(meeting=held, title="Ankieta", owner=person, status="open")


def self_assessment_round() -> None:
    framework = Framework.objects.create(code="testowe", name_pl="Ramy testowe")
    area = Area.objects.create(framework=framework, position=1, code="A1", name_pl="Partnerstwo")
    criterion = Criterion.objects.create(
        area=area, position=1, code="A1.1", statement_pl="Partnerzy spotykają się."
    )
    round_ = AssessmentRound.objects.create(
        framework=framework,
        title="Samoocena partnerstwa 2025",
        region=Unit.objects.get(code="20"),
        period="2025",
        status=AssessmentRound.Status.CLOSED,
    )
    for number, rating in enumerate([3, 4, 4, 2], start=1):
        respondent = Respondent.objects.create(
            round=round_,
            person=Person.objects.create(first_name="Osoba", last_name=f"Nr {number}"),
            submitted_at=timezone.now() if number < 4 else None,  # the 4th only a draft
        )
        Answer.objects.create(respondent=respondent, criterion=criterion, rating=rating)
    Consensus.objects.create(round=round_, area=area, rating=3)


def test_the_report_holds_the_team_year_self_assessment_map_and_rate_per_1000(
    world: World, real_data: None
) -> None:
    add_activity(world.ckz_report)  # a KKZ of 18 people in Białystok, 2025
    reporting.submit(world.ckz_report)
    reporting.approve(world.ckz_report)
    coordination_year()
    self_assessment_round()
    report = AnnualReport.objects.create(year=2025, coordination="Komentarz biura o roku.")
    annual.publish(report)
    report.refresh_from_db()

    # The rate per 1,000: reached / working-age population x 1000, the population of the latest
    # year up to 2025 in the shipped file (2023); the office's indicator holds the same value.
    year, population = working_age_from_file(BIALYSTOK, 2025)
    expected = 18 / population * 1000
    assert report.figures["population"]["year"] == str(year)
    (row,) = [r for r in report.figures["powiats"] if r[0] == "Białystok"]
    assert row[1:] == ["18,0", annual.number_text(population), annual.number_text(expected, 1)]
    office = Observation.objects.get(
        indicator__code=indicators.PER_1000, unit__code=BIALYSTOK, period="2025"
    )
    assert office.value == pytest.approx(expected)

    client = logged_in(world.office)
    docx_bytes = client.get(reverse("activities:annual_docx", args=[report.pk])).content
    pdf_bytes = client.get(reverse("activities:annual_pdf", args=[report.pk])).content
    for text in (docx_text(docx_bytes), pdf_text(pdf_bytes)):
        flat = " ".join(text.split())
        # The coordination team's year, from the database: one meeting held (the planned one
        # and the other body's are not counted), two resolutions and their follow-up.
        assert "Posiedzenia odbyte" in flat and "WZK 4/2025" in flat, flat
        assert "zwiększenia liczby kursów KKZ" in flat
        assert str(Resolution.FollowUp.SENT.label) in flat  # "wysłane, oczekuje na odpowiedź"
        assert str(Resolution.FollowUp.IMPLEMENTED.label) in flat
        assert "1 / 2" in flat  # action items completed / all
        assert "Komentarz biura o roku." in flat
        # The self-assessment: 3 submitted answers (3, 4, 4; the draft not counted).
        assert "Samoocena partnerstwa 2025" in flat and "A1 Partnerstwo" in flat
        assert "3 z 4" in flat or "3 of 4" in flat
        # The rate per 1,000 people of working age, labelled and sourced.
        assert "na 1000 osób w wieku produkcyjnym" in flat.lower()
        assert annual.number_text(expected, 1) in flat
        assert f"31 grudnia {year}" in flat and "Bank Danych Lokalnych" in flat
        # The key indicators with the region's place among the voivodeships.
        assert "/ 16" in flat
    document = docx.Document(io.BytesIO(docx_bytes))
    assert len(document.inline_shapes) == 2  # the bars and the map
    alts = [s._inline.docPr.get("descr") for s in document.inline_shapes]
    assert any("Mapa" in alt and "Białystok" in alt for alt in alts), alts
    # The pages share one resource dictionary: each page lists every image of the document.
    reader = PdfReader(io.BytesIO(pdf_bytes))
    images = {image.name: image for page in reader.pages for image in page.images}
    assert len(images) == 2
    assert all(image.image.size[0] > 500 for image in images.values())  # drawn, not empty
    figures = figure_alts(reader.trailer["/Root"]["/StructTreeRoot"])
    assert len(figures) == 2 and any(alt.startswith("Mapa") for alt in figures), figures


def figure_alts(node: Any) -> list[str]:
    """The text alternatives of the tagged PDF's Figure elements."""
    node = node.get_object() if hasattr(node, "get_object") else node
    if isinstance(node, list):
        return [alt for child in node for alt in figure_alts(child)]
    if not hasattr(node, "get"):
        return []
    found = [str(node["/Alt"])] if node.get("/S") == "/Figure" and "/Alt" in node else []
    return found + (figure_alts(node["/K"]) if "/K" in node else [])
