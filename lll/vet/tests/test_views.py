import datetime
import io
import re
from typing import Any

import openpyxl
import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from conftest import xlsx_bytes
from lll.accounts.models import User
from lll.territory.models import Unit
from lll.vet.models import (
    BarometerEntry,
    BarometerGroup,
    FateReport,
    ForecastEntry,
    ImportBatch,
    Occupation,
    Opinion,
    OpinionRequest,
    Outcome,
    School,
)
from lll.vet.services.evidence import evidence_for, opinion_draft, suggested_opinion

pytestmark = pytest.mark.django_db


def test_the_public_sees_the_home_page_and_only_published_reports(client, demo):
    response = client.get(reverse("vet:home"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Czym są opinie Rady" in content
    assert reverse("vet:report", args=[2023]) in content
    assert reverse("vet:request_list") not in content
    response = client.get(reverse("vet:report", args=[2023]))
    assert response.status_code == 200 and "60,0" in response.content.decode()
    assert client.get(reverse("vet:report", args=[2024])).status_code == 404
    FateReport.objects.filter(cohort=2023).update(published=False)
    assert client.get(reverse("vet:report", args=[2023])).status_code == 404
    assert client.get(reverse("vet:report", args=[2023]) + "?format=xlsx").status_code == 404


def test_the_register_is_for_the_office_only(client, demo):
    request = OpinionRequest.objects.first()
    assert request is not None
    urls = [
        reverse("vet:request_list"),
        reverse("vet:request", args=[request.pk]),
        reverse("vet:request_docx", args=[request.pk]),
        reverse("vet:deadlines"),
        reverse("vet:import_upload"),
        reverse("vet:barometer_list"),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    member = User.objects.create_user("czlonek", password="x-Haslo-123")
    member.groups.add(Group.objects.get(name="member"))
    client.force_login(member)
    for url in urls:
        assert client.get(url).status_code == 403
    response = client.post(reverse("vet:report_publish", args=[2023]), {"published": "0"})
    assert response.status_code == 403
    assert FateReport.objects.get(cohort=2023).published


def test_the_secretary_registers_a_request_and_records_the_opinion(client, demo, secretary):
    client.force_login(secretary)
    school = School.objects.get(rspo=900106)
    occupation = Occupation.objects.get(code="422402")
    data = {
        "school": school.pk,
        "occupation": occupation.pk,
        "form": "technikum",
        "start_year": "2027/2028",
        "received_on": "2026-11-20",
        "meeting": "",
        "justification": "",
        "employers": "Hotel Demo",
        "training_places": "",
    }
    response = client.post(reverse("vet:request_create"), {**data, "start_year": "2027/29"})
    assert "rok szkolny obejmuje dwa kolejne lata" in response.content.decode()
    response = client.post(reverse("vet:request_create"), data)
    request = OpinionRequest.objects.get(occupation=occupation, school=school, start_year="2027/28")
    assert response["Location"] == request.get_absolute_url()

    page = client.get(request.get_absolute_url()).content.decode()
    assert "Recepcjoniści i pracownicy hoteli" in page and "Zawodu nie ma w prognozie" in page

    form = client.get(reverse("vet:request_opinion", args=[request.pk]))
    assert "wydaje negatywną opinię" in form.content.decode()  # surplus in powiat and region
    url = reverse("vet:request_opinion", args=[request.pk])
    response = client.post(url, {"opinion": "positive", "resolution_number": "", "decided_on": ""})
    assert "Podaj numer uchwały." in response.content.decode()
    client.post(
        url,
        {
            "opinion": "positive",
            "resolution_number": "5/12/2027",
            "decided_on": "2026-11-26",
            "exemption": "",
            "opinion_text": "Rada opiniuje pozytywnie.",
        },
    )
    request.refresh_from_db()
    assert request.opinion == Opinion.POSITIVE and str(request.valid_until) == "2031-11-26"


def test_lists_are_exported(client, demo, secretary):
    client.force_login(secretary)
    response = client.get(reverse("vet:request_list") + "?opinion=positive&export=xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet.max_row - 1 == OpinionRequest.objects.filter(opinion="positive").count()
    response = client.get(reverse("vet:barometer_list") + "?year=2024&q=Kucharze&export=csv")
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Rok;Jednostka") and len(lines) == 1 + 18
    for name in ("occupation_list", "forecast_list", "school_list", "deadlines", "import_list"):
        assert client.get(reverse(f"vet:{name}") + "?export=csv").status_code == 200


def test_an_import_through_the_pages_writes_only_after_the_preview(client, demo, secretary):
    client.force_login(secretary)
    header = ["RSPO", "Kod zawodu", "Rok szkolny", "Uruchomiono", "Klasa I", "Przyczyna"]
    bad = xlsx_bytes([header, [900114, "343404", "2023/24", "tak", 15, "brak kandydatów"]])
    response = client.post(
        reverse("vet:import_upload"),
        {"kind": "outcomes", "file": SimpleUploadedFile("losy.xlsx", bad)},
    )
    batch = ImportBatch.objects.get()
    assert response["Location"] == reverse("vet:import_mapping", args=[batch.pk])
    response = client.get(reverse("vet:import_preview", args=[batch.pk]))
    assert "uruchomiony kierunek nie ma przyczyny nieuruchomienia." in response.content.decode()
    response = client.post(reverse("vet:import_commit", args=[batch.pk]), follow=True)
    html = response.content.decode()
    assert "niczego nie zapisano" in html and "Wiersz 2, kolumna „Przyczyna”" in html
    assert not Outcome.objects.filter(request__school__rspo=900114).exists()

    good = xlsx_bytes([header, [900114, "343404", "2023/24", "tak", 15, ""]])
    client.post(
        reverse("vet:import_upload"),
        {"kind": "outcomes", "file": SimpleUploadedFile("losy.xlsx", good)},
    )
    batch = ImportBatch.objects.latest("pk")
    client.get(reverse("vet:import_mapping", args=[batch.pk]))
    client.post(reverse("vet:import_commit", args=[batch.pk]))
    assert Outcome.objects.get(request__school__rspo=900114).enrolment == 15

    response = client.post(
        reverse("vet:import_upload"),
        {"kind": "schools", "file": SimpleUploadedFile("rspo.pdf", b"%PDF")},
    )
    assert "Ten typ pliku nie jest przyjmowany" in response.content.decode()


def test_lists_sort_by_their_column_headers(client, demo, secretary):
    client.force_login(secretary)
    page = client.get(reverse("vet:school_list") + "?sort=-rspo").content.decode()
    assert page.index("900116") < page.index("900101")
    assert 'aria-sort="descending"' in page and "?sort=rspo" in page
    page = client.get(reverse("vet:school_list") + "?sort=rspo").content.decode()
    assert page.index("900101") < page.index("900116")
    page = client.get(reverse("vet:request_list") + "?sort=occupation&opinion=negative")
    names = [r.occupation.name for r in page.context["page"].object_list]
    assert names == sorted(names) and len(names) == 2
    # A school's requests are found by its RSPO number (the link from the list of schools).
    page = client.get(reverse("vet:request_list") + "?q=900106")
    assert {r.school.rspo for r in page.context["page"].object_list} == {900106}
    # An unknown sort key is ignored rather than an error.
    assert client.get(reverse("vet:barometer_list") + "?sort=__secret").status_code == 200


def test_the_report_page_updates_the_monitoring(client, demo, secretary):
    from lll.indicators.services.catalogue import load_catalogue

    client.force_login(secretary)
    url = reverse("vet:report_indicators", args=[2023])
    response = client.post(url, follow=True)
    assert "Katalog wskaźników nie jest wczytany" in response.content.decode()
    load_catalogue()
    response = client.post(url, follow=True)
    assert "Zaktualizowano wskaźniki monitoringu za 2023 r." in response.content.decode()


def test_a_forecast_occupation_is_offered_as_needing_no_opinion(client, demo, secretary):
    client.force_login(secretary)
    pending = OpinionRequest.objects.get(occupation__code="311410", opinion=Opinion.PENDING)
    form = client.get(reverse("vet:request_opinion", args=[pending.pk])).context["form"]
    assert form.initial["opinion"] == Opinion.NOT_NEEDED
    assert form.initial["exemption"] == "forecast"
    text = form.initial["opinion_text"]
    assert text.startswith("Opinia Rady nie jest wymagana dla kształcenia w zawodzie")
    assert "zawód jest w prognozie ministra." in text
    assert "pozytywn" not in text and "opinię" not in text


def test_evidence_of_surplus_gives_a_negative_draft(client, demo, secretary):
    pending = OpinionRequest.objects.filter(opinion=Opinion.PENDING).earliest("pk")
    sheet = evidence_for(pending)
    sheet.on_forecast = False
    sheet.against = True
    assert suggested_opinion(sheet, "") == Opinion.NEGATIVE
    draft = opinion_draft(pending, sheet, Opinion.NEGATIVE)
    assert "wydaje negatywną opinię" in draft and "pozytywn" not in draft


def test_the_sheet_speaks_against_when_the_barometr_shows_surplus_in_powiat_and_region(demo):
    pending = OpinionRequest.objects.filter(opinion=Opinion.PENDING).earliest("pk")
    group = BarometerGroup.objects.create(name="Grupa testowa")
    group.occupations.add(pending.occupation)
    BarometerEntry.objects.filter(group__occupations=pending.occupation).delete()
    ForecastEntry.objects.filter(occupation=pending.occupation).delete()
    year = int(pending.start_year[:4])
    region = pending.school.powiat.parent
    assert region is not None
    for unit, category in [(pending.school.powiat, "surplus"), (region, "strong_surplus")]:
        BarometerEntry.objects.create(group=group, unit=unit, year=year, category=category)
    sheet = evidence_for(pending)
    assert sheet.against and not sheet.on_forecast
    BarometerEntry.objects.filter(unit=pending.school.powiat).update(category="deficit")
    assert not evidence_for(pending).against


def test_an_opinion_cannot_be_dated_after_today(client, demo, secretary):
    client.force_login(secretary)
    pending = OpinionRequest.objects.get(occupation__code="752205", opinion=Opinion.PENDING)
    url = reverse("vet:request_opinion", args=[pending.pk])
    initial = client.get(url).context["form"].initial
    assert initial["decided_on"] <= timezone.localdate()
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    data = {
        "opinion": "positive",
        "resolution_number": "6/1/2026",
        "decided_on": tomorrow.isoformat(),
        "exemption": "",
        "opinion_text": "Rada opiniuje pozytywnie.",
    }
    response = client.post(url, data)
    assert "Opinii nie można opatrzyć datą późniejszą niż dzisiejsza" in response.content.decode()
    pending.refresh_from_db()
    assert pending.opinion == Opinion.PENDING


def test_a_negative_opinion_cannot_keep_the_positive_draft(client, demo, secretary):
    client.force_login(secretary)
    pending = OpinionRequest.objects.get(occupation__code="752205", opinion=Opinion.PENDING)
    url = reverse("vet:request_opinion", args=[pending.pk])
    draft = opinion_draft(pending, evidence_for(pending), Opinion.POSITIVE)
    data = {
        "opinion": "negative",
        "resolution_number": "6/1/2026",
        "decided_on": "2026-11-26",
        "exemption": "",
        "opinion_text": draft.replace("\n", "\r\n"),
    }
    response = client.post(url, data)
    assert (
        "Ta treść to projekt dla wyniku „pozytywna”, nie „negatywna”" in response.content.decode()
    )
    pending.refresh_from_db()
    assert pending.opinion == Opinion.PENDING
    client.post(url, {**data, "opinion_text": "Rada opiniuje negatywnie: brak pracodawców."})
    pending.refresh_from_db()
    assert pending.opinion == Opinion.NEGATIVE and pending.valid_until is None


def test_the_outcome_form_refuses_impossible_values(client, demo, secretary):
    client.force_login(secretary)
    item = OpinionRequest.objects.filter(opinion=Opinion.POSITIVE, start_year="2023/24").earliest(
        "pk"
    )
    url = reverse("vet:outcome_create", args=[item.pk])
    today = timezone.localdate()
    future = (today.year if today.month >= 9 else today.year - 1) + 1  # next school year
    data = {
        "school_year": f"{future}/{(future + 1) % 100:02d}",
        "launched": "on",
        "enrolment": "12",
        "students": "",
        "graduates": "999",
        "exam_pass_rate": "150",
    }
    before = Outcome.objects.count()
    page = client.post(url, data).content.decode()
    assert "nie rozpoczął się jeszcze" in page
    form = client.post(url, data).context["form"]
    assert set(form.errors) >= {"school_year", "exam_pass_rate"}
    data["school_year"] = "2023/24"
    form = client.post(url, data).context["form"]
    assert set(form.errors) == {"graduates", "exam_pass_rate"}
    assert "więcej absolwentów niż naboru do klasy pierwszej (" in str(form.errors["graduates"])
    assert Outcome.objects.count() == before


def test_report_years_out_of_range_are_not_found_and_an_empty_report_is_not_published(
    client, demo, secretary
):
    client.force_login(secretary)
    for year in (99999999999, 1999, timezone.localdate().year + 1):
        assert client.get(f"/ksztalcenie-zawodowe/raport/{year}/").status_code == 404
    empty = reverse("vet:report", args=[2001])
    page = client.get(empty).content.decode()
    assert "Opublikuj" not in page
    response = client.post(reverse("vet:report_publish", args=[2001]), {"published": "1"})
    assert response.status_code == 302
    assert not FateReport.objects.filter(cohort=2001, published=True).exists()


def _landmark_names(html: str) -> list[str]:
    """The ids naming region landmarks: sections and role=region elements with a label."""
    return re.findall(r'<(?:section|div[^>]*role="region")[^>]*aria-labelledby="([^"]+)"', html)


def test_region_landmarks_have_unique_names(client, demo, secretary):
    client.force_login(secretary)
    item = OpinionRequest.objects.filter(opinion=Opinion.POSITIVE, outcomes__isnull=False)[0]
    for url in (
        reverse("vet:report", args=[2023]),
        item.get_absolute_url(),
        reverse("vet:deadlines"),
    ):
        names = _landmark_names(client.get(url).content.decode())
        assert names and len(names) == len(set(names)), url


def test_a_duplicate_request_or_a_form_the_school_does_not_run_is_refused(client, demo, secretary):
    client.force_login(secretary)
    school = School.objects.get(rspo=900106)  # a technikum
    occupation = Occupation.objects.get(code="422402")
    data = {
        "school": school.pk,
        "occupation": occupation.pk,
        "form": "bs1",
        "start_year": "2027/28",
        "received_on": "2026-11-20",
        "meeting": "",
        "justification": "",
        "employers": "",
        "training_places": "",
    }
    form = client.post(reverse("vet:request_create"), data).context["form"]
    assert "wybierz tę formę lub KKZ" in str(form.errors["form"])
    response = client.post(reverse("vet:request_create"), {**data, "form": "technikum"})
    assert response.status_code == 302
    count = OpinionRequest.objects.count()
    form = client.post(reverse("vet:request_create"), {**data, "form": "technikum"}).context["form"]
    assert "Ta szkoła ma już wniosek w sprawie tego zawodu od 2027/28" in str(
        form.non_field_errors()
    )
    # A positive opinion still valid makes a new request for another year needless.
    request = OpinionRequest.objects.get(school=school, occupation=occupation, start_year="2027/28")
    request.opinion, request.valid_until = Opinion.POSITIVE, timezone.localdate()
    request.resolution_number = "1/1/2026"
    request.save()
    form = client.post(
        reverse("vet:request_create"), {**data, "form": "kkz", "start_year": "2026/27"}
    ).context["form"]
    assert "ważną do" in str(form.non_field_errors())
    assert OpinionRequest.objects.count() == count


def test_small_things_meeting_dates_label_colons_and_consistent_demo(client, demo, secretary):
    from django.db.models import Sum

    from lll.vet.forms import OutcomeForm, RequestForm
    from lll.vet.models import OccupationStat

    field: Any = RequestForm().fields["meeting"]
    labels = [label for _value, label in field.choices][1:]
    assert labels and all(re.search(r"\(\d{1,2} \w+ \d{4} r\.\)$", str(x)) for x in labels)
    item = OpinionRequest.objects.filter(opinion=Opinion.POSITIVE)[0]
    html = str(OutcomeForm(instance=Outcome(request=item)))
    assert "Uruchomiony:" not in html and "Uruchomiony</label>" in html
    for stat in OccupationStat.objects.filter(unit__level="voivodeship", is_demo=True)[:20]:
        powiats = OccupationStat.objects.filter(
            occupation=stat.occupation, year=stat.year, unit__parent=stat.unit
        ).aggregate(Sum("unemployed"))["unemployed__sum"]
        assert stat.unemployed == powiats
    assert not OpinionRequest.objects.filter(justification__icontains="gimnazj").exists()


def test_a_request_received_in_the_future_or_a_forecast_of_year_0_is_refused(
    client, demo, secretary
):
    client.force_login(secretary)
    school = School.objects.get(rspo=900106)
    occupation = Occupation.objects.get(code="422402")
    data = {
        "school": school.pk,
        "occupation": occupation.pk,
        "form": "technikum",
        "start_year": "2027/2028",
        "meeting": "",
        "employers": "",
    }
    before = OpinionRequest.objects.count()
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    for day, error in ((tomorrow, "później niż dziś"), (datetime.date(1900, 1, 1), "od 2000")):
        response = client.post(reverse("vet:request_create"), {**data, "received_on": day})
        assert response.status_code == 200 and error in response.content.decode()
    assert OpinionRequest.objects.count() == before

    before = ForecastEntry.objects.count()
    unit = Unit.objects.get(code="20")
    for year in (0, -1, 32767):
        response = client.post(
            reverse("vet:forecast_create"),
            {"year": year, "occupation": occupation.pk, "unit": unit.pk, "demand": "moderate"},
        )
        assert response.status_code == 200 and "form" in response.context
        assert response.context["form"].errors["year"]
    assert ForecastEntry.objects.count() == before
