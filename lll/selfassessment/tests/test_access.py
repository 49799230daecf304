"""Every object kind is fetched one way: a missing one answers 404 to the office, and a stranger
gets the same answer whether the object exists or not (404, or 403 on the office's pages)."""

from django.test import Client

from lll.selfassessment import services
from lll.selfassessment.models import Answer, Priority

from .conftest import World

MISSING = 999999


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _office_urls(world: World, draft_area: int, framework: int, round_: int) -> dict[str, str]:
    """Pages of the office naming one object of each kind; `{pk}` is where the object goes."""
    return {
        "framework": "/samoocena/ramy/{pk}/",
        "framework edit": "/samoocena/ramy/{pk}/edycja/",
        "framework export": "/samoocena/ramy/{pk}/eksport.json",
        "new area of a framework": "/samoocena/ramy/{pk}/obszary/nowy/",
        "new level of a framework": "/samoocena/ramy/{pk}/poziomy/nowy/",
        "area of a framework": f"/samoocena/ramy/{framework}/obszary/{{pk}}/",
        "new criterion of an area": "/samoocena/obszary/{pk}/kryteria/nowe/",
        "criterion of an area": f"/samoocena/obszary/{draft_area}/kryteria/{{pk}}/",
        "level": "/samoocena/poziomy/{pk}/",
        "round edit": "/samoocena/rundy/{pk}/edycja/",
        "consensus": "/samoocena/rundy/{pk}/konsensus/",
        "new priority": "/samoocena/rundy/{pk}/priorytety/nowy/",
        "results file": "/samoocena/rundy/{pk}/wyniki.json",
        "priority": "/samoocena/priorytety/{pk}/edycja/",
        "other region": "/samoocena/inne-regiony/{pk}/",
    }


def _office_posts() -> dict[str, str]:
    return {
        "area delete": "/samoocena/obszary/{pk}/usun/",
        "criterion delete": "/samoocena/kryteria/{pk}/usun/",
        "level delete": "/samoocena/poziomy/{pk}/usun/",
        "round status": "/samoocena/rundy/{pk}/status/",
        "respondent remove": "/samoocena/respondenci/{pk}/usun/",
        "priority delete": "/samoocena/priorytety/{pk}/usun/",
        "external delete": "/samoocena/inne-regiony/{pk}/usun/",
    }


def _respondent_urls() -> dict[str, str]:
    return {
        "round": "/samoocena/rundy/{pk}/",
        "results": "/samoocena/rundy/{pk}/wyniki/",
        "report": "/samoocena/rundy/{pk}/raport.pdf",
        "questionnaire": "/samoocena/rundy/{pk}/ocena/",
        "area to answer": "/samoocena/rundy/{pk}/ocena/A1/",
        "evidence file": "/samoocena/odpowiedzi/{pk}/plik/",
    }


def test_a_missing_object_of_every_kind_is_not_found(world: World):
    draft = services.new_version(world.framework)  # unused: its pages do not redirect
    area = draft.areas.first()
    assert area is not None
    office = _client(world.office)
    urls = _office_urls(world, area.pk, draft.pk, world.last_year.pk) | _respondent_urls()
    for kind, url in urls.items():
        assert office.get(url.format(pk=MISSING)).status_code == 404, kind
    for kind, url in _office_posts().items():
        assert office.post(url.format(pk=MISSING)).status_code == 404, kind
    round_ = world.last_year
    assert office.get(f"/samoocena/rundy/{round_.pk}/ocena/ZZ/").status_code == 404  # office
    member = _client(world.members[0])
    respondent = services.respondent_of(world.members[0], round_)
    assert respondent is not None
    assert member.get(f"/samoocena/rundy/{round_.pk}/ocena/ZZ/").status_code == 404


def test_a_stranger_learns_nothing_of_what_exists(world: World):
    round_ = world.last_year
    answer = Answer.objects.filter(respondent__round=round_).first()
    priority = Priority.objects.filter(round=round_).first()
    assert answer is not None and priority is not None
    draft = services.new_version(world.framework)
    area = draft.areas.first()
    level = draft.levels.first()
    assert area is not None and level is not None
    criterion = area.criteria.first()
    assert criterion is not None
    existing = {
        "round": round_.pk,
        "results": round_.pk,
        "report": round_.pk,
        "questionnaire": round_.pk,
        "area to answer": round_.pk,
        "evidence file": answer.pk,
    }
    stranger = _client(world.outsider)
    for kind, url in _respondent_urls().items():
        for pk in (existing[kind], MISSING):
            assert stranger.get(url.format(pk=pk)).status_code == 404, (kind, pk)
    for kind, url in _office_urls(world, area.pk, draft.pk, round_.pk).items():
        assert stranger.get(url.format(pk=MISSING)).status_code == 403, kind
    for kind, url in _office_posts().items():
        assert stranger.post(url.format(pk=MISSING)).status_code == 403, kind
    for url in (
        f"/samoocena/ramy/{draft.pk}/",
        f"/samoocena/ramy/{draft.pk}/obszary/{area.pk}/",
        f"/samoocena/obszary/{area.pk}/kryteria/{criterion.pk}/",
        f"/samoocena/poziomy/{level.pk}/",
        f"/samoocena/rundy/{round_.pk}/konsensus/",
        f"/samoocena/priorytety/{priority.pk}/edycja/",
    ):
        assert stranger.get(url).status_code == 403, url
