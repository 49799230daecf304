"""Every page answers, and answers only whom it should."""

import datetime
import io
import json
from typing import Any

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from lll.selfassessment import services
from lll.selfassessment.models import Answer, Respondent, Round
from lll.testing import logged_in

from .conftest import World


def test_office_pages_answer(world: World):
    client = logged_in(world.office)
    r = world.last_year
    f = world.framework
    area = f.areas.first()
    for url in [
        "/samoocena/",
        f"/samoocena/ramy/{f.pk}/",
        f"/samoocena/rundy/{r.pk}/",
        f"/samoocena/rundy/{r.pk}/wyniki/",
        f"/samoocena/rundy/{r.pk}/konsensus/",
        "/samoocena/inne-regiony/",
        "/samoocena/ramy/import/",
        "/samoocena/rundy/nowa/",
        "/samoocena/ramy/nowe/",
        f"/samoocena/rundy/{r.pk}/priorytety/nowy/",
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
    assert client.get(f"/samoocena/ramy/{f.pk}/obszary/{area.pk}/").status_code == 302  # used
    downloads = {
        f"/samoocena/rundy/{r.pk}/raport.pdf": "application/pdf",
        f"/samoocena/rundy/{r.pk}/wyniki.json": "application/json",
        f"/samoocena/ramy/{f.pk}/eksport.json": "application/json",
        "/samoocena/inne-regiony/przyklad.json": "application/json",
    }
    for url, content_type in downloads.items():
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Content-Type"] == content_type


def test_members_see_only_their_rounds_and_results_after_answers_close(world: World):
    round_ = services.create_round(
        framework=world.framework,
        title="Samoocena 2025",
        region=world.last_year.region,
        period="2025",
        body=world.wzk,
        closes_on=None,
        user=world.office,
    )
    member = logged_in(world.members[0])
    assert member.get(f"/samoocena/rundy/{round_.pk}/").status_code == 200
    assert member.get(f"/samoocena/rundy/{round_.pk}/ocena/").status_code == 200
    assert member.get(f"/samoocena/rundy/{round_.pk}/wyniki/").status_code == 404
    assert member.get(f"/samoocena/rundy/{round_.pk}/konsensus/").status_code == 403
    services.set_status(round_, Round.Status.DISCUSSION)
    assert member.get(f"/samoocena/rundy/{round_.pk}/wyniki/").status_code == 200
    outsider = logged_in(world.outsider)
    for url in (f"/samoocena/rundy/{round_.pk}/", f"/samoocena/rundy/{round_.pk}/wyniki/"):
        assert outsider.get(url).status_code == 404
    assert Client().get("/samoocena/").status_code == 302


def test_member_saves_a_draft_comes_back_and_submits(world: World):
    round_ = services.create_round(
        framework=world.framework,
        title="Samoocena 2025",
        region=world.last_year.region,
        period="2025",
        body=world.wzk,
        closes_on=None,
        user=world.office,
    )
    client = logged_in(world.members[0])
    area = world.framework.areas.get(code="A1")
    criteria = list(area.criteria.all())
    data = {f"c{criteria[0].pk}-rating": "4", f"c{criteria[1].pk}-rating": "dk"}
    data[f"c{criteria[0].pk}-evidence_link"] = "strategia.example.org/lll"
    response = client.post(f"/samoocena/rundy/{round_.pk}/ocena/A1/", data)
    assert response.status_code == 302
    answers = {a.criterion.code: a for a in Answer.objects.filter(respondent__round=round_)}
    assert answers["A1.1"].rating == 4
    assert answers["A1.1"].evidence_link == "https://strategia.example.org/lll"
    assert answers["A1.2"].rating is None and answers["A1.2"].dont_know
    # Not everything is answered: submitting is refused with the missing codes.
    response = client.post(f"/samoocena/rundy/{round_.pk}/ocena/wyslij/", follow=True)
    assert "A1.3" in response.content.decode()
    respondent = services.respondent_of(world.members[0], round_)
    assert respondent is not None and respondent.submitted_at is None
    # The draft is shown again.
    page = client.get(f"/samoocena/rundy/{round_.pk}/ocena/A1/").content.decode()
    assert 'value="4" checked' in page or 'checked value="4"' in page or "checked" in page


def test_export_of_an_open_round_is_refused(world: World):
    round_ = services.create_round(
        framework=world.framework,
        title="Samoocena 2025",
        region=world.last_year.region,
        period="2025",
        body=world.wzk,
        closes_on=None,
        user=world.office,
    )
    client = logged_in(world.office)
    response = client.get(f"/samoocena/rundy/{round_.pk}/wyniki.json")
    assert response.status_code == 302
    data = json.loads(client.get(f"/samoocena/rundy/{world.last_year.pk}/wyniki.json").content)
    assert data["format"] == "lll-selfassessment-results"
    text = json.dumps(data, ensure_ascii=False)
    for person in world.people:
        assert person.last_name not in text


@pytest.mark.parametrize("ext", ["pdf", "docx"])
def test_reports_download(world: World, ext: str):
    response = logged_in(world.office).get(f"/samoocena/rundy/{world.last_year.pk}/raport.{ext}")
    assert response.status_code == 200
    assert "raport-samoocena-podlaskie-2024" in response["Content-Disposition"]


def test_evidence_file_is_checked_and_shown_only_to_its_author_and_the_office(world: World):
    round_ = services.create_round(
        framework=world.framework,
        title="Samoocena 2025",
        region=world.last_year.region,
        period="2025",
        body=world.wzk,
        closes_on=None,
        user=world.office,
    )
    client = logged_in(world.members[0])
    criterion = world.framework.areas.get(code="A2").criteria.first()
    url = f"/samoocena/rundy/{round_.pk}/ocena/A2/"
    script = SimpleUploadedFile("dowod.exe", b"MZ\x90\x00", content_type="application/octet-stream")
    response = client.post(
        url, {f"c{criterion.pk}-rating": "3", f"c{criterion.pk}-evidence_file": script}
    )
    page = response.content.decode()
    assert response.status_code == 200 and "Ten typ pliku nie jest przyjmowany" in page
    assert not Answer.objects.filter(respondent__round=round_).exists()  # nothing half-saved
    pdf = SimpleUploadedFile("uchwala.pdf", b"%PDF-1.4 uchwala", content_type="application/pdf")
    response = client.post(
        url,
        {
            f"c{criterion.pk}-rating": "3",
            f"c{criterion.pk}-comment": "Uchwała o powołaniu zespołu",
            f"c{criterion.pk}-evidence_file": pdf,
        },
    )
    assert response.status_code == 302
    answer = Answer.objects.get(respondent__round=round_, criterion=criterion)
    file_url = f"/samoocena/odpowiedzi/{answer.pk}/plik/"
    download: Any = client.get(file_url)
    assert b"".join(download.streaming_content) == b"%PDF-1.4 uchwala"
    assert logged_in(world.office).get(file_url).status_code == 200
    assert logged_in(world.members[1]).get(file_url).status_code == 404
    answer.evidence_file.delete()


def test_lists_export_as_xlsx_and_csv(world: World):
    client = logged_in(world.office)
    r = world.last_year
    for url, expected in [
        ("/samoocena/?export=xlsx", "Samoocena polityki LLL województwa 2024"),
        (f"/samoocena/rundy/{r.pk}/?export=xlsx", "edukacja"),
        (f"/samoocena/rundy/{r.pk}/wyniki/?export=xlsx", "A14.3"),
        (f"/samoocena/rundy/{r.pk}/konsensus/?export=xlsx", "Opracować plan ewaluacji"),
    ]:
        response = client.get(url)
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        values = {str(c.value) for row in sheet.iter_rows() for c in row}
        assert any(expected in v for v in values), url
    csv = client.get("/samoocena/inne-regiony/?export=csv").content.decode("utf-8-sig")
    assert csv.startswith("Region;Okres;Narzędzie")


def test_results_show_comments_without_names(world: World):
    answer = (
        Answer.objects.filter(respondent__round=world.last_year)
        .select_related("respondent__person")
        .first()
    )
    assert answer
    answer.comment = "Brakuje danych o udziale dorosłych w powiatach."
    answer.save()
    page = (
        logged_in(world.office)
        .get(f"/samoocena/rundy/{world.last_year.pk}/wyniki/")
        .content.decode()
    )
    section = page[page.index('id="comments-heading"') :]
    assert "Brakuje danych o udziale dorosłych w powiatach." in section
    assert answer.respondent.person.last_name not in section


def test_members_see_no_group_median_of_fewer_than_three(world: World):
    round_ = world.last_year
    member = world.members[0]
    Respondent.objects.get_or_create(round=round_, person=world.people[0], defaults={"group": "x"})
    office_heat = services.heatmap(round_)
    member_heat = services.heatmap(round_, services.SMALL_GROUP)
    small = [g for g in office_heat.groups if g in ("fundusze europejskie", "dialog społeczny")]
    assert small  # groups of one or two members in the demo team
    index = office_heat.groups.index(small[0])
    assert any(v is not None for _c, values in office_heat.rows for v in [values[index]])
    assert all(values[index] is None for _c, values in member_heat.rows)
    page = logged_in(member).get(f"/samoocena/rundy/{round_.pk}/wyniki/").content.decode()
    assert "mniej niż 3 ocenami" in page


def test_invitations_go_by_smtp_to_those_who_have_not_submitted(world: World, mailbox):
    round_ = services.create_round(
        framework=world.framework,
        title="Samoocena 2025",
        region=world.last_year.region,
        period="2025",
        body=world.wzk,
        closes_on=datetime.date(2099, 11, 28),
        user=world.office,
    )
    done = services.respondent_of(world.members[0], round_)
    assert done
    services.save_answers(
        done,
        [services.AnswerInput(c, 3, False) for c in services.criteria_of(world.framework)],
    )
    services.submit(done)
    refused = world.people[1].email
    mailbox.refused.add(refused)
    response = logged_in(world.office).post(f"/samoocena/rundy/{round_.pk}/zaproszenia/")
    assert response.status_code == 302
    with_address = round_.respondents.exclude(person__email="").count()
    recipients = [m["X-Rcpt-To"] for m in mailbox.messages]
    assert len(recipients) == with_address - 2  # not the one who submitted, not the refused
    assert world.people[0].email not in recipients and refused not in recipients
    body = mailbox.bodies()[0]
    assert "zapraszamy do samooceny „Samoocena 2025”" in body
    assert "28 listopada 2099 r." in body
    assert f"/samoocena/rundy/{round_.pk}/ocena/" in body
    assert mailbox.messages[0]["Subject"] == "Samoocena: Samoocena 2025"
    failed = round_.respondents.get(person=world.people[1])
    assert failed.mailed_at is None and "550" in failed.mail_error
    page = logged_in(world.office).get(f"/samoocena/rundy/{round_.pk}/").content.decode()
    assert "nie doręczono" in page


def test_rounds_search_and_progress_sorting(world: World):
    round_ = services.create_round(
        framework=world.framework,
        title="Samoocena 2025",
        region=world.last_year.region,
        period="2025",
        body=world.wzk,
        closes_on=None,
        user=world.office,
    )
    client = logged_in(world.office)
    page = client.get("/samoocena/?q=2025").content.decode()
    assert "Samoocena 2025" in page and world.last_year.title not in page
    page = client.get("/samoocena/?q=Podlaskie").content.decode()  # the region, any case
    assert "Samoocena 2025" in page and world.last_year.title in page
    assert "Żadna runda nie pasuje" in client.get("/samoocena/?q=mazowieckie").content.decode()
    busy = services.respondent_of(world.members[2], round_)
    assert busy
    services.save_answers(
        busy, [services.AnswerInput(c, 3, False) for c in services.criteria_of(world.framework)]
    )
    page = client.get(f"/samoocena/rundy/{round_.pk}/?sort=progress").content.decode()
    rows = page[page.index("<tbody>") :]
    assert rows.index(world.people[0].last_name) < rows.index(world.people[2].last_name)
    page = client.get(f"/samoocena/rundy/{round_.pk}/").content.decode()
    rows = page[page.index("<tbody>") :]
    names = sorted(p.last_name for p in world.people)
    assert rows.index(names[0]) < rows.index(names[-1])


# ---------------------------------------------------------------------------------------------
# Review findings: deadlines, repeated submissions, errors on the answer page, edit links,
# the new-round form, Polish order, dates in English.


def _open_round(world: World, closes_on: datetime.date | None = None) -> Round:
    return services.create_round(
        framework=world.framework,
        title="Samoocena 2025",
        region=world.last_year.region,
        period="2025",
        body=world.wzk,
        closes_on=closes_on,
        user=world.office,
    )


def _all_answers(round_: Round, rating: str = "3") -> dict[str, str]:
    return {
        f"c{c.pk}-rating": rating
        for c in services.criteria_of(round_.framework).filter(area__code="A1")
    }


def test_answers_are_refused_after_the_deadline(world: World):
    yesterday = datetime.date.today() - datetime.timedelta(days=1)
    round_ = _open_round(world, closes_on=yesterday)
    respondent = services.respondent_of(world.members[0], round_)
    assert respondent is not None
    criterion = services.criteria_of(round_.framework).first()
    assert criterion is not None
    with pytest.raises(services.RoundClosed, match="Odpowiedzi przyjmowano do"):
        services.save_answers(
            respondent, [services.AnswerInput(criterion=criterion, rating=3, dont_know=False)]
        )
    with pytest.raises(services.RoundClosed, match="Odpowiedzi przyjmowano do"):
        services.submit(respondent)
    client = logged_in(world.members[0])
    client.post(f"/samoocena/rundy/{round_.pk}/ocena/A1/", _all_answers(round_))
    assert not Answer.objects.filter(respondent=respondent).exists()
    response = client.post(f"/samoocena/rundy/{round_.pk}/ocena/wyslij/", follow=True)
    assert "Odpowiedzi przyjmowano do" in response.content.decode()
    respondent.refresh_from_db()
    assert respondent.submitted_at is None
    # On the last day answers are still taken.
    round_.closes_on = datetime.date.today()
    round_.save()
    assert services.save_answers(
        respondent, [services.AnswerInput(criterion=criterion, rating=3, dont_know=False)]
    )


def test_a_second_submission_keeps_the_first_time(world: World):
    round_ = _open_round(world)
    respondent = services.respondent_of(world.members[0], round_)
    assert respondent is not None
    services.save_answers(
        respondent,
        [
            services.AnswerInput(criterion=c, rating=3, dont_know=False)
            for c in services.criteria_of(round_.framework)
        ],
    )
    services.submit(respondent)
    first = Respondent.objects.get(pk=respondent.pk).submitted_at
    with pytest.raises(services.RoundClosed, match="już przesłane"):
        services.submit(Respondent.objects.get(pk=respondent.pk))
    response = logged_in(world.members[0]).post(
        f"/samoocena/rundy/{round_.pk}/ocena/wyslij/", follow=True
    )
    assert "już przesłane" in response.content.decode()
    assert Respondent.objects.get(pk=respondent.pk).submitted_at == first


def test_answer_page_errors_are_tied_to_their_fields_and_nothing_is_saved(world: World):
    round_ = _open_round(world)
    client = logged_in(world.members[0])
    criteria = list(world.framework.areas.get(code="A1").criteria.all())
    data = {
        f"c{criteria[0].pk}-rating": "4",
        f"c{criteria[1].pk}-rating": "9",
        f"c{criteria[1].pk}-evidence_link": "nie adres",
        f"c{criteria[2].pk}-comment": "x" * 4001,
    }
    response = client.post(f"/samoocena/rundy/{round_.pk}/ocena/A1/", data)
    page = response.content.decode()
    assert "Na tej stronie nic nie zapisano" in page
    assert not Answer.objects.filter(respondent__round=round_).exists()
    for field in (f"c{criteria[1].pk}-evidence_link", f"c{criteria[2].pk}-comment"):
        assert f'id="id_{field}" aria-invalid="true" aria-describedby="id_{field}-error"' in page, (
            field
        )
        assert f'id="id_{field}-error"' in page
    rating = f"id_c{criteria[1].pk}-rating"
    assert f'aria-describedby="{rating}-error"' in page and f'id="{rating}-error"' in page
    assert 'aria-invalid="true"' not in page.split(f"criterion-{criteria[1].code}")[0]


def test_old_edit_link_of_a_used_version_leads_to_the_framework(world: World):
    client = logged_in(world.office)
    assert world.framework.is_used
    area = world.framework.areas.first()
    assert area is not None
    for url in (
        f"/samoocena/ramy/{world.framework.pk}/edycja/",
        f"/samoocena/ramy/{world.framework.pk}/obszary/{area.pk}/",
    ):
        response = client.get(url, follow=True)
        assert response.redirect_chain[-1][0] == world.framework.get_absolute_url()
        assert "utwórz nową wersję" in response.content.decode()


def test_new_round_form_preselects_a_used_version_the_home_region_and_the_team(world: World):
    client = logged_in(world.office)
    draft = services.new_version(world.framework)
    page = client.get("/samoocena/rundy/nowa/").content.decode()
    assert f'<option value="{world.framework.pk}" selected>' in page
    assert f'<option value="{draft.pk}" selected>' not in page
    region = world.last_year.region
    assert f'<option value="{region.pk}" selected>' in page
    assert f'<option value="{world.wzk.pk}" selected>' in page
    assert "respondentów:</label>" not in page
    # Regions in Polish alphabetical order: ł after l, ś after s.
    names = [
        line.split(">")[1].split("<")[0]
        for line in page.split("<option")[1:]
        if "województwo" in line or "skie" in line
    ]
    lower = [n.removeprefix("województwo ").strip() for n in names]
    if "lubuskie" in lower and "łódzkie" in lower:
        assert lower.index("lubuskie") < lower.index("łódzkie") < lower.index("małopolskie")
    # A team is needed; a never-used version warns.
    data = {
        "framework": draft.pk,
        "title": "Próba",
        "region": region.pk,
        "period": "2026",
        "body": "",
        "add_members": "on",
    }
    assert client.post("/samoocena/rundy/nowa/", data).status_code == 200
    data["body"] = world.wzk.pk
    response = client.post("/samoocena/rundy/nowa/", data, follow=True)
    assert "Żadna runda nie korzystała dotąd z wersji" in response.content.decode()


def test_dates_in_english_have_no_polish_r(world: World):
    round_ = _open_round(world, closes_on=datetime.date(2026, 3, 31))
    client = logged_in(world.office)
    assert "31 marca 2026 r." in client.get(round_.get_absolute_url()).content.decode()
    client.cookies["django_language"] = "en"
    page = client.get(round_.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "31 March 2026" in page and "2026 r." not in page


def test_priority_can_be_edited(world: World):
    priority = world.last_year.priorities.first()
    assert priority is not None
    client = logged_in(world.office)
    page = client.get(f"/samoocena/rundy/{world.last_year.pk}/konsensus/").content.decode()
    assert f"/samoocena/priorytety/{priority.pk}/edycja/" in page
    form = client.get(f"/samoocena/priorytety/{priority.pk}/edycja/")
    assert form.status_code == 200
    data = {
        "area": priority.area_id or "",
        "action": "Zmienione działanie",
        "owner": priority.owner_id,
        "due_date": "2026-06-30",
    }
    response = client.post(f"/samoocena/priorytety/{priority.pk}/edycja/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    priority.refresh_from_db()
    assert priority.action == "Zmienione działanie"


def test_every_aria_describedby_on_the_round_page_names_an_element_there(world: World):
    import re

    client = Client()
    client.force_login(world.office)
    round_ = services.create_round(
        framework=world.framework,
        title="Nowa runda",
        region=world.last_year.region,
        period="2099",
        body=world.wzk,
        closes_on=None,
        user=world.office,
    )
    page = client.get(round_.get_absolute_url()).content.decode()
    ids = set(re.findall(r'\bid="([^"]+)"', page))
    described = [i for v in re.findall(r'aria-describedby="([^"]+)"', page) for i in v.split()]
    assert described and not [i for i in described if i not in ids], described


def test_monitoring_evidence_names_its_source_and_last_update(world: World, monitoring: None):
    round_ = services.create_round(
        framework=world.framework,
        title="Samoocena 2025",
        region=world.last_year.region,
        period="2025",
        body=world.wzk,
        closes_on=None,
        user=world.office,
    )
    page = logged_in(world.members[0]).get(f"/samoocena/rundy/{round_.pk}/ocena/A4/")
    text = page.content.decode()
    evidence = text[text.index("Dane z monitorowania") :]
    evidence = evidence[: evidence.index("</div>")]
    assert "Źródło: Eurostat, trng_lfse_04" in evidence
    assert "Ostatnia aktualizacja: " in evidence and "Ostatnia aktualizacja: —" not in evidence
