import datetime

import pytest
from django.utils import timezone

from lll.core.tests.document_checks import docx_in_house_style
from lll.vet import documents, services
from lll.vet.demo import load_demo
from lll.vet.models import (
    Exemption,
    FateReport,
    Occupation,
    Opinion,
    OpinionRequest,
    School,
)
from lll.vet.services.evidence import evidence_for, opinion_draft

pytestmark = pytest.mark.django_db


def new_request(rspo: int, code: str, start: str = "2027/28") -> OpinionRequest:
    return OpinionRequest.objects.create(
        school=School.objects.get(rspo=rspo),
        occupation=Occupation.objects.get(code=code),
        form="technikum",
        start_year=start,
        received_on=timezone.localdate(),
        employers="Hotel Demo w Sokółce",
    )


def test_the_evidence_sheet_has_the_facts_for_the_schools_powiat_and_region(demo):
    request = new_request(900106, "422402")  # technik hotelarstwa in Sokółka
    sheet = evidence_for(request)
    assert sheet.powiat == "powiat sokólski" and sheet.voivodeship == "województwo podlaskie"
    assert [row.year for row in sheet.barometer] == [2027 - i for i in range(1, 5)]
    assert {row.group for row in sheet.barometer} == {"Recepcjoniści i pracownicy hoteli"}
    assert {row.voivodeship for row in sheet.barometer if row.year >= 2022} == {"nadwyżka"}
    assert sheet.forecast == [] and not sheet.on_forecast
    assert sheet.forecast_year == 2026
    assert {s.unit for s in sheet.stats} == {"powiat sokólski", "województwo podlaskie"}
    # The other schools teaching it and what became of their directions.
    assert {(s.school, s.enrolment) for s in sheet.schools} == {
        ("Technikum w Bielsku Podlaskim", "nieuruchomiony (2023/24)"),
        ("Technikum w Augustowie", "17 w 2024/25"),
    }
    assert len(sheet.opinions) == 2

    draft = opinion_draft(request, sheet)
    assert "wydaje pozytywną opinię" in draft and "Technik hotelarstwa (422402)" in draft
    assert "Zawodu nie ma w prognozie ministra na 2026 r." in draft
    assert "Hotel Demo w Sokółce" in draft


def test_the_evidence_sheet_as_docx(demo):
    request = new_request(900106, "311410")
    document = docx_in_house_style(documents.evidence_docx(request, evidence_for(request)))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings[0] == "Karta informacyjna do opinii Rady"
    assert document.paragraphs[2].style.name == "Heading 1"
    assert {p.style.name for p in document.paragraphs[3:]} >= {"Heading 2"}
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Karta informacyjna do opinii Rady" in text
    cells = {c.text for t in document.tables for row in t.rows for c in row.cells}
    assert {"Elektronicy i automatycy", "deficyt", "powiat sokólski", "Polska"} <= cells
    assert "o szczególnym znaczeniu dla państwa (lista krajowa)" in cells


def test_an_opinion_is_valid_five_years_and_keeps_the_evidence_of_its_day(demo):
    request = new_request(900106, "422402")
    services.record_opinion(
        request, Opinion.POSITIVE, "12/345/2027", datetime.date(2027, 2, 26), "Opinia."
    )
    request.refresh_from_db()
    assert request.valid_until == datetime.date(2032, 2, 26)
    assert request.evidence["barometer"][0]["group"] == "Recepcjoniści i pracownicy hoteli"
    assert request.history.count() == 2  # created, then the opinion
    services.record_opinion(
        request, Opinion.NEGATIVE, "12/346/2027", datetime.date(2027, 2, 26), ""
    )
    request.refresh_from_db()
    assert request.valid_until is None


def test_exemptions_are_suggested_for_forecast_occupations(demo):
    assert services.suggested_exemption(new_request(900106, "311410")) == Exemption.FORECAST
    assert services.suggested_exemption(new_request(900106, "422402")) == Exemption.NONE


def test_deadlines_by_meeting_overdue_and_expiring(demo):
    today = timezone.localdate()
    lists = services.deadlines(today)
    planned, waiting = lists.by_meeting
    assert planned[0] is not None and planned[0].number == 5
    assert waiting[0] is None and waiting[1][0].occupation.code == "752205"
    assert [r.occupation.code for r in lists.overdue] == ["752205"]
    assert [r.occupation.code for r in lists.expiring] == ["311204"]
    # A year later the planned meeting has passed: its request is overdue too.
    later = services.deadlines(today + datetime.timedelta(days=60))
    assert {r.occupation.code for r in later.overdue} == {"752205", "311410"}


def test_the_demo_is_marked_and_loading_it_again_changes_nothing(demo):
    assert OpinionRequest.objects.filter(is_demo=False).count() == 0
    assert School.objects.filter(is_demo=False).count() == 0
    assert FateReport.objects.get(cohort=2023).published
    count = OpinionRequest.objects.count()
    assert not any(load_demo().values())
    assert OpinionRequest.objects.count() == count
    requests = OpinionRequest.objects.filter(decided_on__year=2023)
    assert all(r.meeting and r.meeting.body.short_name == "WRRP" for r in requests)


def test_a_decided_request_shows_the_evidence_the_council_read(demo):
    from lll.vet.models import BarometerEntry
    from lll.vet.services.evidence import sheet_of

    request = new_request(900106, "422402")
    services.record_opinion(request, Opinion.POSITIVE, "1/2/2027", datetime.date(2027, 1, 28), "")
    BarometerEntry.objects.filter(group__name="Recepcjoniści i pracownicy hoteli").update(
        category="deficit"
    )
    sheet, kept = sheet_of(request)
    assert kept and {row.voivodeship for row in sheet.barometer if row.year >= 2022} == {"nadwyżka"}
    assert {r.voivodeship for r in evidence_for(request).barometer} == {"deficyt"}


def test_a_kept_evidence_sheet_reads_in_the_readers_language_and_its_docx_in_polish(demo):
    from django.utils.translation import override

    from lll.vet.models import Opinion
    from lll.vet.services.evidence import sheet_of

    request = new_request(900106, "311410")
    with override("pl"):
        kept = evidence_for(request)
    request.opinion, request.evidence = Opinion.POSITIVE, kept.as_json()
    request.decided_on = timezone.localdate()
    request.save()
    polish = {r.powiat for r in kept.barometer} | {r.territory for r in kept.forecast}
    assert {"deficyt", "Polska"} <= polish

    with override("en"):
        sheet, is_kept = sheet_of(request)
        fresh = evidence_for(request)
    assert is_kept
    english = {r.powiat for r in sheet.barometer} | {r.territory for r in sheet.forecast}
    assert {"deficit", "Poland"} <= english and not english & {"deficyt", "Polska"}
    assert sheet.voivodeship == "voivodeship podlaskie"
    assert [r.list for r in sheet.forecast] == [r.list for r in fresh.forecast]
    assert [s.school for s in sheet.schools] == [s.school for s in kept.schools]  # data stay

    # The DOCX of a sheet built in English is Polish throughout.
    document = docx_in_house_style(documents.evidence_docx(request, fresh))
    cells = {c.text for t in document.tables for row in t.rows for c in row.cells}
    assert {"deficyt", "Polska"} <= cells and not cells & {"deficit", "Poland"}
