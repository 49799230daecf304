"""Rounds, answers and results; frameworks as files and in versions; results exchange."""

import io
import json
import re

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from pypdf import PdfReader

from conftest import xlsx_bytes
from lll.coordination.models import ActionItem, Meeting, Person
from lll.core.tests.document_checks import docx_in_house_style, pdf_in_house_style
from lll.selfassessment import charts, demo, documents, exchange, frameworks, services
from lll.selfassessment.models import (
    Answer,
    Area,
    Criterion,
    ExternalRound,
    Framework,
    Priority,
    Respondent,
    Round,
)

from .conftest import World


def _round(world: World, period: str = "2025") -> Round:
    return services.create_round(
        framework=world.framework,
        title=f"Samoocena {period}",
        region=world.last_year.region,
        period=period,
        body=world.wzk,
        closes_on=None,
        user=world.office,
    )


def _upload(content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile("wyniki.json", content, content_type="application/json")


def _answer_all(respondent: Respondent, rating: int | None, dont_know: bool = False) -> None:
    services.save_answers(
        respondent,
        [
            services.AnswerInput(criterion=c, rating=rating, dont_know=dont_know)
            for c in services.criteria_of(respondent.round.framework)
        ],
    )


# ---------------------------------------------------------------------------------------------
# Statistics and results


def test_stats_median_quartiles_and_spread():
    s = services.stats([1, 4, 5])
    assert (s.n, s.median, s.mean, s.q1, s.q3, s.low, s.high) == (3, 4.0, 3.33, 2.5, 4.5, 1, 5)
    assert s.iqr == 2.0 and s.range == 4
    assert services.stats([]).median is None
    single = services.stats([3])
    assert single.iqr == 0 and single.median == 3


def test_round_takes_the_teams_current_members_not_the_secretary_or_the_replaced(world: World):
    round_ = _round(world)
    people = set(round_.respondents.values_list("person__last_name", flat=True))
    members = services.team_members(world.wzk)
    assert len(people) == len(members)
    roles = {
        m.role for m in world.wzk.memberships.filter(person__in=round_.respondents.values("person"))
    }
    assert "secretary" not in roles
    assert all(r.group for r in round_.respondents.all())  # pillar or institution type


def test_dont_know_is_not_a_zero_and_drafts_do_not_count(world: World):
    round_ = _round(world)
    one, two, three = (services.respondent_of(u, round_) for u in world.members)
    assert one and two and three
    _answer_all(one, 2)
    _answer_all(two, 4)
    _answer_all(three, None, dont_know=True)
    services.submit(one)
    services.submit(three)
    # Two is a draft: not counted. Three said "don't know" everywhere: not a zero.
    first = services.results(round_)[0]
    assert first.stats.n == 1 and first.stats.median == 2.0
    assert first.criteria[0].dont_know == 1 and first.criteria[0].stats.n == 1
    services.submit(two)
    first = services.results(round_)[0]
    assert first.stats.median == 3.0 and first.stats.n == 2


def test_submit_needs_every_criterion_and_answers_freeze_after(world: World):
    round_ = _round(world)
    respondent = services.respondent_of(world.members[0], round_)
    assert respondent
    criteria = list(services.criteria_of(world.framework))
    services.save_answers(respondent, [services.AnswerInput(criteria[0], 3, False)])
    with pytest.raises(services.IncompleteAnswers, match=criteria[1].code):
        services.submit(respondent)
    _answer_all(respondent, 3)
    services.submit(respondent)
    with pytest.raises(services.RoundClosed):
        services.save_answers(respondent, [services.AnswerInput(criteria[0], 5, False)])
    assert Answer.objects.get(respondent=respondent, criterion=criteria[0]).rating == 3


def test_a_rating_off_the_scale_is_refused(world: World):
    round_ = _round(world)
    respondent = services.respondent_of(world.members[0], round_)
    assert respondent
    criterion = services.criteria_of(world.framework).first()
    assert criterion
    with pytest.raises(ValueError, match="not on the scale"):
        services.save_answers(respondent, [services.AnswerInput(criterion, 9, False)])
    assert not Answer.objects.filter(respondent=respondent).exists()


def test_disagreement_ranks_the_widest_spread_first(world: World):
    round_ = _round(world)
    one, two, three = (services.respondent_of(u, round_) for u in world.members)
    criteria = list(services.criteria_of(world.framework))
    for respondent, split in ((one, 1), (two, 3), (three, 5)):
        assert respondent
        inputs = [services.AnswerInput(c, 3, False) for c in criteria]
        inputs[5] = services.AnswerInput(criteria[5], split, False)
        services.save_answers(respondent, inputs)
        services.submit(respondent)
    ranking = services.disagreement(services.results(round_))
    assert [c.criterion.code for c in ranking] == [criteria[5].code]


def test_previous_round_and_changes_by_area_code(world: World):
    round_ = _round(world)
    assert services.previous_round(round_) == world.last_year
    assert services.previous_round(world.last_year) is None
    now = services.results(round_)
    before = services.results(world.last_year)
    changes = services.changes(now, before)
    assert [c.code for c in changes][:3] == ["A1", "A2", "A3"]
    assert changes[0].before == before[0].stats.median and changes[0].after is None


def test_charts_are_drawn_for_the_documents_by_vl_convert():
    spec = charts.radar(["A", "B", "C", "D"], {"2025": [3, 4, None, 2], "2024": [2, 2, 2, 2]}, "r")
    svg = charts.to_svg(spec)
    assert svg.startswith("<svg") and ">2025<" in svg and ">2024<" in svg
    png = charts.to_png(spec)
    assert png.startswith(b"\x89PNG")
    heat = charts.heatmap(["A1.1"], ["filar 1", "filar 2"], [[3.0, 4.5]], "h")
    assert heat and heat["width"] == "container"
    assert ">filar 2<" in charts.to_svg(heat)
    assert charts.to_svg(None) == "" and charts.to_png(None) == b""


def test_numbers_are_written_as_on_the_pages():
    assert services.number(3.0) == "3,0"
    assert services.number(3.33) == "3,33"
    assert services.number(-0.5) == "\u22120,5"
    assert services.number(None) == "—"
    assert services.signed(0.33) == "+0,33"
    assert services.signed(-0.5) == "\u22120,5"
    assert services.signed(0) == "0"


def test_heatmap_groups_by_pillar(world: World):
    heat = services.heatmap(world.last_year)
    assert "edukacja" in heat.groups
    assert len(heat.rows) == 31
    assert all(v is None or 1 <= v <= 5 for _c, values in heat.rows for v in values)


def test_indicator_evidence_shows_the_latest_value_and_trend(world: World, monitoring: None):
    criterion = Criterion.objects.get(area__framework=world.framework, code="A4.2")
    evidence = services.indicator_evidence([criterion], world.office, world.last_year.region)
    items = {e.indicator.code: e for e in evidence[criterion.pk]}
    latest = items["al-participation-4-weeks"]
    assert latest.period == "2019" and latest.value == 4.3
    assert latest.trend in ("up", "down", "flat")
    # the value's own source (the Eurostat file's batch) and the indicator's last update
    assert latest.source.startswith("Eurostat, trng_lfse_04")
    assert "eurostat_trng_lfse_04" in latest.source
    assert latest.last_updated is not None


def test_priority_goes_on_the_follow_up_board_once(world: World):
    meeting = Meeting.objects.filter(body=world.wzk).first()
    assert meeting
    priority = Priority.objects.create(
        round=world.last_year, action="Plan ewaluacji", owner=world.people[0]
    )
    item = services.put_on_board(priority, meeting)
    again = services.put_on_board(priority, meeting)
    assert item == again
    assert ActionItem.objects.filter(title="Plan ewaluacji").count() == 1
    assert item.owner == world.people[0] and item.meeting == meeting


def test_demo_loaders_are_idempotent(world: World):
    rounds, answers = Round.objects.count(), Answer.objects.count()
    assert demo.load_demo() == {"rounds": 0, "answers": 0}
    call_command("load_comorelp")
    assert (Round.objects.count(), Answer.objects.count()) == (rounds, answers)
    assert Framework.objects.filter(code="comorelp").count() == 1
    assert world.framework.areas.count() == 14
    assert all(2 <= a.criteria.count() <= 4 for a in world.framework.areas.all())
    assert world.last_year.is_demo and world.last_year.status == Round.Status.CLOSED
    assert all(
        p.is_demo
        for p in Person.objects.filter(pk__in=world.last_year.respondents.values("person"))
    )


# ---------------------------------------------------------------------------------------------
# Frameworks: versions, JSON and XLSX


def test_a_used_framework_is_edited_in_a_new_version(world: World):
    client = Client()
    client.force_login(world.office)
    area = world.framework.areas.get(code="A1")
    assert client.get(f"/samoocena/ramy/{world.framework.pk}/obszary/{area.pk}/").status_code == 302
    response = client.post(f"/samoocena/ramy/{world.framework.pk}/nowa-wersja/")
    copy = Framework.objects.get(code="comorelp", version=2)
    assert response["Location"] == copy.get_absolute_url()
    assert copy.areas.count() == 14 and services.criteria_of(copy).count() == 31
    new_area = copy.areas.get(code="A1")
    response = client.post(
        f"/samoocena/ramy/{copy.pk}/obszary/{new_area.pk}/",
        {
            "code": "A1",
            "name_pl": "Strategia rozwoju regionu a LLL",
            "name_en": "",
            "short_pl": "",
            "short_en": "",
        },
    )
    assert response.status_code == 302
    assert Area.objects.get(pk=area.pk).name_pl.startswith("Miejsce uczenia")  # old rounds
    assert copy.areas.get(code="A1").name_pl == "Strategia rozwoju regionu a LLL"
    # Asking again opens the same unused version instead of a third one.
    client.post(f"/samoocena/ramy/{world.framework.pk}/nowa-wersja/")
    assert Framework.objects.filter(code="comorelp").count() == 2


def test_framework_json_and_xlsx_round_trip(world: World):
    data = json.loads(frameworks.to_json(world.framework))
    assert data["areas"][3]["criteria"][1]["indicators"] == [
        "al-participation-12-months",
        "al-participation-4-weeks",
    ]
    from_json = frameworks.read_json(frameworks.to_json(world.framework))
    from_xlsx = frameworks.read_xlsx(frameworks.to_xlsx(world.framework))
    assert from_json == from_xlsx
    framework, created = frameworks.save(from_xlsx)
    assert created and framework.version == 2  # the code exists: the next version
    assert frameworks.to_dict(framework)["areas"] == data["areas"]


def test_a_broken_framework_file_names_the_place_and_stores_nothing(world: World):
    workbook = openpyxl.load_workbook(io.BytesIO(frameworks.to_xlsx(world.framework)))
    workbook["criteria"]["A3"] = "A99"  # the second criterion's area
    workbook["criteria"]["C4"] = ""  # the third criterion's statement
    buffer = io.BytesIO()
    workbook.save(buffer)
    count = Framework.objects.count()
    with pytest.raises(frameworks.FrameworkFileError) as error:
        frameworks.read_xlsx(buffer.getvalue())
    assert "Arkusz „criteria”, wiersz 3: brak obszaru o kodzie „A99”." in error.value.problems
    with pytest.raises(frameworks.FrameworkFileError) as error:
        frameworks.read_xlsx(xlsx_bytes([["field", "value"], ["code", "x"]]))
    assert "Brak arkusza „levels”." in error.value.problems
    with pytest.raises(frameworks.FrameworkFileError, match="w wierszu 1, kolumna 2"):
        frameworks.read_json(b"{,}")
    with pytest.raises(frameworks.FrameworkFileError, match="nieznane kody wskaźników: nie-ma"):
        data = frameworks.to_dict(world.framework)
        data["areas"][0]["criteria"][0]["indicators"] = ["nie-ma"]
        frameworks.check(data)
    assert Framework.objects.count() == count


def test_framework_import_page_shows_problems_and_imports(world: World, tmp_path):
    client = Client()
    client.force_login(world.office)
    upload = tmp_path / "rama.json"
    upload.write_text('{"code": "nowa", "name_pl": "Nowa", "levels": [], "areas": []}')
    with upload.open("rb") as handle:
        response = client.post("/samoocena/ramy/import/", {"file": handle})
    page = response.content.decode()
    assert "Niczego nie zapisano" in page and "Narzędzie nie ma obszarów." in page
    assert not Framework.objects.filter(code="nowa").exists()
    upload.write_bytes(frameworks.to_json(world.framework))
    with upload.open("rb") as handle:
        response = client.post("/samoocena/ramy/import/", {"file": handle})
    page = response.content.decode()
    assert "Zostanie zapisane jako wersja" in page and "A14" in page
    assert not Framework.objects.filter(version=2).exists()  # a preview stores nothing
    response = client.post("/samoocena/ramy/import/", {"confirm": ""})
    assert response.status_code == 302
    assert Framework.objects.filter(code="comorelp", version=2).exists()
    # Confirming again finds nothing waiting.
    response = client.post("/samoocena/ramy/import/", {"confirm": ""}, follow=True)
    assert "Wybierz plik ponownie." in response.content.decode()
    assert Framework.objects.filter(code="comorelp").count() == 2


def test_results_import_can_be_cancelled(world: World):
    client = Client()
    client.force_login(world.office)
    with exchange.EXAMPLE_FILE.open("rb") as handle:
        response = client.post("/samoocena/inne-regiony/", {"file": handle})
    assert "Zatwierdź import" in response.content.decode()
    response = client.post("/samoocena/inne-regiony/", {"cancel": ""}, follow=True)
    assert "Import anulowano; niczego nie zapisano." in response.content.decode()
    assert client.post("/samoocena/inne-regiony/", {"confirm": ""}).status_code == 302
    assert not ExternalRound.objects.exists()


# ---------------------------------------------------------------------------------------------
# Results exchange and reports


def test_export_is_anonymous_and_imports_back_as_another_region(world: World):
    data = exchange.export_results(world.last_year)
    text = json.dumps(data, ensure_ascii=False)
    for respondent in world.last_year.respondents.select_related("person"):
        assert respondent.person.last_name not in text
    assert '"group"' not in text and '"comment"' not in text and "evidence" not in text
    data["region"] = {"code": "12", "name": "małopolskie"}
    external = exchange.import_results(json.dumps(data).encode(), "wyniki.json", world.office)
    assert external.region_name == "małopolskie" and external.respondent_count == 14
    differences = exchange.compare(world.last_year, external)
    assert all(d.delta == 0 for d in differences)


def test_import_refuses_bad_files_with_polish_reasons_and_duplicates(world: World):
    example = exchange.EXAMPLE_FILE.read_bytes()
    exchange.import_results(example, "example.json", world.office)
    with pytest.raises(exchange.ResultsFileError, match="są już zaimportowane"):
        exchange.import_results(example, "example.json", world.office)
    data = json.loads(example)
    data["areas"][2]["median"] = 17
    data["areas"][0]["criteria"][1]["n"] = -1
    data["respondents"] = "dużo"
    with pytest.raises(exchange.ResultsFileError) as error:
        exchange.check_results(data)
    problems = error.value.problems
    assert "obszar 3 (A3), pole „median”: 17 wykracza poza skalę." in problems
    assert "obszar 1 (A1), kryterium 2, pole „n”: nie może być ujemne." in problems
    assert "plik, pole „respondents”: „dużo” nie jest liczbą całkowitą." in problems
    with pytest.raises(exchange.ResultsFileError, match="To nie jest plik wyników samooceny"):
        exchange.import_results(frameworks.to_json(world.framework), "rama.json", world.office)
    with pytest.raises(exchange.ResultsFileError, match="UTF-8"):
        exchange.import_results("zażółć".encode("cp1250"), "x.json", world.office)
    assert ExternalRound.objects.count() == 1


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda d: d["areas"][0].update(criteria=5),
            "obszar 1 (A1): pole „criteria” nie jest listą.",
        ),
        (lambda d: d["areas"][0].update(criteria="A1.1"), "pole „criteria” nie jest listą"),
        (lambda d: d["areas"][0].update(criteria={"code": "x"}), "pole „criteria” nie jest listą"),
        (lambda d: d["areas"][1].update(name_pl=["x"]), "obszar 2 (A2): pole „name_pl”"),
        (lambda d: d.update(areas={"A1": 1}), "Brak pola „areas” lub jest puste."),
        (lambda d: d.update(framework=[1]), "Pole „framework” nie jest obiektem."),
        (lambda d: d.update(region="12"), "Pole „region” nie jest obiektem."),
        (lambda d: d["areas"][0]["criteria"].append(7), "obszar 1 (A1), kryterium"),
        (lambda d: d["areas"][0]["criteria"][0].update(n="3"), "nie jest liczbą całkowitą"),
        (lambda d: d["areas"][0]["criteria"][0].update(n=3.0), "„3.0” nie jest liczbą całkowitą"),
        (lambda d: d["areas"][0]["criteria"][0].update(median=[3]), "nie jest liczbą."),
        (lambda d: d.update(period={"y": 2025}), "Pole „period”"),
    ],
)
def test_results_file_of_a_wrong_shape_gives_polish_errors_not_a_crash(
    world: World, change, message
):
    data = json.loads(exchange.EXAMPLE_FILE.read_bytes())
    change(data)
    with pytest.raises(exchange.ResultsFileError) as error:
        exchange.import_results(json.dumps(data).encode(), "x.json", world.office)
    assert any(message in problem for problem in error.value.problems), error.value.problems
    assert not ExternalRound.objects.exists()
    client = Client()
    client.force_login(world.office)
    response = client.post(
        "/samoocena/inne-regiony/",
        {"file": _upload(json.dumps(data).encode())},
    )
    assert response.status_code == 200
    assert message in response.content.decode() or "nie jest" in response.content.decode()
    assert not ExternalRound.objects.exists()


def test_results_file_is_checked_against_the_scale_period_and_our_region(world: World):
    data = json.loads(exchange.EXAMPLE_FILE.read_bytes())
    data["areas"][0]["median"] = 9.5
    data["areas"][1]["criteria"][0]["q3"] = 0.5
    data["period"] = "last year"
    with pytest.raises(exchange.ResultsFileError) as error:
        exchange.check_results(data)
    problems = error.value.problems
    assert "obszar 1 (A1), pole „median”: 9.5 wykracza poza skalę." in problems
    assert "obszar 2 (A2), kryterium 1, pole „q3”: 0.5 wykracza poza skalę." in problems
    assert any("„last year” nie jest rokiem" in p for p in problems), problems
    for good in ("2025", "2024-2025", 2025):
        data = json.loads(exchange.EXAMPLE_FILE.read_bytes())
        data["period"] = good
        assert exchange.check_results(data)["period"] == str(good)
    data["region"] = {"code": "20", "name": "podlaskie"}
    with pytest.raises(exchange.ResultsFileError, match="naszego województwa"):
        exchange.check_results(data)
    data["region"]["code"] = "12"
    data["framework"]["code"] = "nieznana"
    with pytest.raises(exchange.ResultsFileError, match="nie jest tu znana"):
        exchange.check_results(data)


def test_open_round_cannot_be_exported(world: World):
    with pytest.raises(exchange.NotClosed):
        exchange.export_results(_round(world))


def test_report_documents_read_back(world: World):
    Priority.objects.create(
        round=world.last_year, action="Opracować plan ewaluacji", owner=world.people[0]
    )
    world.last_year.consensus.filter(area__code="A14").update(
        note="Ewaluacja obejmuje tylko projekty EFS+."
    )
    data = documents.render_pdf(world.last_year)
    pdf_in_house_style(data)
    pdf = PdfReader(io.BytesIO(data))
    text = " ".join(" ".join(p.extract_text() for p in pdf.pages).split())
    assert "Raport z samooceny" in text
    assert "Ewaluacja obejmuje tylko projekty EFS+." in text  # the consensus justification
    assert "Wyniki według grup respondentów" in text
    content = documents.content(world.last_year)
    assert content.radar_image.startswith("data:image/svg+xml;base64,")
    assert content.heat_image.startswith("data:image/svg+xml;base64,")
    for row in content.area_rows:
        assert re.fullmatch(r"\d,\d+", row[3]), row  # "3,0", never "3"
        assert re.fullmatch(r"\d,\d+–\d,\d+", row[4]), row
    assert "Samoocena polityki LLL województwa 2024 (dane demonstracyjne)" in text
    assert "Opracować plan ewaluacji" in text
    assert "14 / 14" in text
    assert "Wykluczenie cyfrowe" in text  # an area's short name: only the radar has it
    document = docx_in_house_style(documents.render_docx(world.last_year))
    paragraphs = [p.text for p in document.paragraphs]
    assert "Raport z samooceny" in paragraphs
    styles = {p.text: p.style.name for p in document.paragraphs}
    assert styles["Raport z samooceny"] == "Heading 1"
    assert styles["Wyniki według obszarów"] == "Heading 2"
    areas = document.tables[0]
    assert areas.rows[0].cells[1].text == "Obszar"
    assert areas.rows[14].cells[0].text == "A14"
    consensus = document.tables[2]
    assert consensus.rows[14].cells[0].text == "A14"
    assert consensus.rows[14].cells[3].text == "Ewaluacja obejmuje tylko projekty EFS+."
    priorities = document.tables[3]
    assert priorities.rows[-1].cells[1].text == "Opracować plan ewaluacji"
    assert len(document.inline_shapes) == 2  # the radar and the heatmap
