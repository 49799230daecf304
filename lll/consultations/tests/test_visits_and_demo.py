"""Study visits feed the follow-up board; the demo loads once."""

import pytest
from django.core.management import call_command

from lll.consultations import services
from lll.consultations.demo import load_demo
from lll.consultations.forms import (
    VisitForm,
)
from lll.consultations.models import (
    Comment,
    Consultation,
    Poll,
    Recommendation,
    StudyVisit,
)
from lll.coordination import services as coordination
from lll.coordination.demo import load_demo as load_coordination

from .conftest import Setup


def test_a_recommendation_becomes_an_action_item_once(setup: Setup):
    visit = StudyVisit.objects.create(
        body=setup.team.wzk,
        title="Wizyta w Finlandii",
        country="Finlandia",
        host_institutions="Omnia",
        themes="edukacja pozaformalna",
    )
    recommendation = Recommendation.objects.create(visit=visit, text="Pilotaż planów rozwoju")
    item = services.recommendation_to_action(
        recommendation, setup.team.meeting, setup.team.chair, None
    )
    assert item.title == "Pilotaż planów rozwoju" and item.meeting == setup.team.meeting
    assert item in coordination.open_action_items()
    with pytest.raises(services.NotAllowed):
        services.recommendation_to_action(
            recommendation, setup.team.meeting, setup.team.chair, None
        )
    assert list(services.visible_visits(setup.team.outsider_user)) == []
    assert list(services.visible_visits(setup.team.member_user)) == [visit]


def test_the_demo_loads_once_from_the_seed_meeting(territory):
    with pytest.raises(Exception, match="load_demo_coordination"):
        call_command("load_demo_consultations")
    load_coordination()
    counts = load_demo()
    assert counts == {"consultations": 2, "polls": 1, "visits": 2}
    assert load_demo() == {"consultations": 0, "polls": 0, "visits": 0}
    seed = Consultation.objects.get(title__startswith="Docelowe rozwiązania prawne")
    assert seed.current_status == Consultation.Status.CLOSED and seed.is_demo
    assert Comment.objects.filter(consultation=seed).count() == 5
    poll = Poll.objects.get()
    assert [o.label for o in poll.options.all()] == [
        "Niemcy",
        "Dania",
        "Finlandia",
        "Holandia",
        "Hiszpania",
        "Francja",
    ]
    france = poll.options.get(label="Francja")
    assert france.proposed_by is not None and "senioraln" in france.justification
    assert poll.decision_meeting is not None and poll.decision_meeting.number == 2
    assert poll.meeting == poll.decision_meeting  # shown on the seed meeting's page
    result = services.results(poll)
    assert result.ballots == 24 and result.rows[0].option.label == "Finlandia"
    assert all(
        p.email.endswith("@example.org") for p in services.consulted_members(seed) if p.email
    )
    open_one = Consultation.objects.exclude(pk=seed.pk).get()
    assert open_one.is_open


def test_a_study_visit_budget_cannot_be_negative(setup):
    data = {
        "body": setup.team.wzk.pk,
        "title": "Wizyta",
        "country": "Dania",
        "host_institutions": "VUC",
        "themes": "uczenie się dorosłych",
        "status": StudyVisit.Status.PROPOSED,
        "budget": "-100.00",
    }
    form = VisitForm(data)
    assert not form.is_valid() and "budget" in form.errors
    assert VisitForm({**data, "budget": "0"}).is_valid()
