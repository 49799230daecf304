"""The office shapes a framework's rating scale in the browser: a level is added at the top and
only the top one is removed, while no round uses the version (found in the walk-b walk)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from lll.coordination.models import Body
from lll.selfassessment.models import Framework, Level, Round
from lll.territory.models import Unit
from lll.testing import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def office(client):
    client.force_login(make_user("biuro", "coordination_office"))
    return client


def _new_framework(client) -> Framework:
    response = client.post(
        reverse("selfassessment:framework_new"), {"code": "nowe", "name_pl": "Nowe narzędzie"}
    )
    assert response.status_code == 302
    return Framework.objects.get(code="nowe")


def _values(framework: Framework) -> list[int]:
    return list(framework.levels.order_by("value").values_list("value", flat=True))


def test_a_level_is_added_at_the_top_of_the_scale(office):
    framework = _new_framework(office)
    assert _values(framework) == [1, 2, 3, 4, 5]
    page = office.get(framework.get_absolute_url()).content.decode()
    add = reverse("selfassessment:level_new", args=[framework.pk])
    assert f'href="{add}">Dodaj poziom na szczycie skali</a>' in page
    form = office.get(add).content.decode()
    assert "Nowy poziom 6 skali" in form
    response = office.post(
        add, {"name_pl": "Wzorcowy", "descriptor_pl": "Inni uczą się od nas. <script>x</script>"}
    )
    assert response.status_code == 302
    assert _values(framework) == [1, 2, 3, 4, 5, 6]
    top = framework.levels.get(value=6)
    assert top.name_pl == "Wzorcowy"
    page = office.get(framework.get_absolute_url()).content.decode()
    assert "&lt;script&gt;x&lt;/script&gt;" in page and "<script>x</script>" not in page
    # A level needs its Polish name and descriptor; nothing is stored without them.
    response = office.post(add, {"name_pl": "", "descriptor_pl": ""})
    assert response.status_code == 200 and _values(framework) == [1, 2, 3, 4, 5, 6]


def test_only_the_top_level_is_removed_and_two_stay(office):
    framework = _new_framework(office)
    middle = framework.levels.get(value=3)
    response = office.post(reverse("selfassessment:level_delete", args=[middle.pk]), follow=True)
    assert "Usunąć można tylko najwyższy poziom" in response.content.decode()
    assert _values(framework) == [1, 2, 3, 4, 5]
    for value in (5, 4, 3):
        top = framework.levels.get(value=value)
        response = office.post(reverse("selfassessment:level_delete", args=[top.pk]), follow=True)
        assert f"Usunięto poziom {value} ze skali." in response.content.decode()
    assert _values(framework) == [1, 2]
    top = framework.levels.get(value=2)
    page = office.get(framework.get_absolute_url()).content.decode()
    assert reverse("selfassessment:level_delete", args=[top.pk]) not in page
    response = office.post(reverse("selfassessment:level_delete", args=[top.pk]), follow=True)
    assert "Skala ocen musi mieć co najmniej dwa poziomy." in response.content.decode()
    assert _values(framework) == [1, 2]


def test_the_scale_of_a_version_in_use_stays(office, territory):
    framework = _new_framework(office)
    top = framework.levels.get(value=5)
    region = Unit.objects.get(code="20")  # podlaskie
    Round.objects.create(framework=framework, title="Runda 2026", region=region, period="2026")
    response = office.post(reverse("selfassessment:level_delete", args=[top.pk]))
    assert response.status_code == 302
    assert Level.objects.filter(pk=top.pk).exists()
    response = office.get(reverse("selfassessment:level_new", args=[framework.pk]))
    assert response.status_code == 302 and _values(framework) == [1, 2, 3, 4, 5]


def test_a_member_cannot_change_the_scale(client):
    staff = make_user("biuro", "coordination_office")
    client.force_login(staff)
    framework = _new_framework(client)
    client.force_login(make_user("czlonek", "member"))
    top = framework.levels.get(value=5)
    assert client.post(reverse("selfassessment:level_delete", args=[top.pk])).status_code == 403
    add = reverse("selfassessment:level_new", args=[framework.pk])
    assert client.post(add, {"name_pl": "X", "descriptor_pl": "Y"}).status_code == 403
    assert _values(framework) == [1, 2, 3, 4, 5]


def test_a_round_cannot_open_with_its_deadline_already_past(office, territory):
    framework = _new_framework(office)
    region = Unit.objects.get(code="20")  # podlaskie
    body = Body.objects.create(name="Wojewódzki Zespół Koordynacji", short_name="WZK", kind="wzk")
    data = {
        "framework": framework.pk,
        "title": "Runda 2026",
        "region": region.pk,
        "period": "2026",
        "body": body.pk,
        "closes_on": "1999-01-01",
    }
    response = office.post(reverse("selfassessment:round_new"), data)
    assert response.status_code == 200
    assert "Termin odpowiedzi nie może być w przeszłości" in response.content.decode()
    assert not Round.objects.exists()
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = office.post(reverse("selfassessment:round_new"), {**data, "closes_on": tomorrow})
    round_ = Round.objects.get()
    # An old round keeps its past deadline when only its title changes; a new past date is refused.
    Round.objects.filter(pk=round_.pk).update(closes_on=datetime.date(2024, 11, 29))
    edit = reverse("selfassessment:round_edit", args=[round_.pk])
    kept = {"title": "Runda 2024", "period": "2024", "closes_on": "2024-11-29"}
    assert office.post(edit, kept).status_code == 302
    moved = office.post(edit, {**kept, "closes_on": "2024-11-30"})
    assert "Termin odpowiedzi nie może być w przeszłości" in moved.content.decode()
    round_.refresh_from_db()
    assert (round_.title, round_.closes_on) == ("Runda 2024", datetime.date(2024, 11, 29))


def test_the_team_of_a_new_round_is_chosen_by_its_full_name(office):
    Body.objects.create(name="Wojewódzki Zespół Koordynacji", short_name="WZK", kind="wzk")
    page = office.get(reverse("selfassessment:round_new")).content.decode()
    assert ">Wojewódzki Zespół Koordynacji</option>" in page and ">WZK</option>" not in page
