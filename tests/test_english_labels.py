"""The English interface writes data labels in English: the country, units of measure, the
framework's names in an import preview; Polish passages it shows are marked lang="pl"."""

import json

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from lll.indicators.models import Indicator
from lll.selfassessment import frameworks
from lll.selfassessment.tests import conftest as selfassessment
from lll.selfassessment.tests.conftest import World

pytestmark = pytest.mark.django_db

world, world_rows = selfassessment.world, selfassessment.world_rows


def english(client: Client) -> Client:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_the_country_is_poland_in_english_breadcrumbs(client, territory):
    url = reverse("territory:unit", args=["2061011"])  # gmina Białystok
    assert ">Polska</a>" in client.get(url).content.decode()
    page = english(client).get(url).content.decode()
    assert ">Poland</a>" in page and "Polska" not in page


def test_units_of_measure_follow_the_language(client, monitoring):
    indicator = Indicator.objects.get(code="lm-unemployed")
    assert (indicator.unit_of_measure, indicator.unit_of_measure_en) == ("osoby", "persons")
    url = reverse("indicators:indicator", args=[indicator.code])
    assert "osoby" in client.get(url).content.decode()
    page = english(client).get(url).content.decode()
    assert "persons" in page and "osoby" not in page
    # An indicator an analyst entered with the Polish unit only shows that one.
    Indicator.objects.filter(pk=indicator.pk).update(unit_of_measure_en="")
    assert "osoby" in client.get(url).content.decode()


def test_a_framework_preview_names_areas_in_english_or_marks_the_polish(world: World, tmp_path):
    client = english(Client())
    client.force_login(world.office)
    data = json.loads(frameworks.to_json(world.framework))
    first, second = data["areas"][:2]
    second["name_en"] = ""
    upload = tmp_path / "framework.json"
    upload.write_text(json.dumps(data))
    with upload.open("rb") as handle:
        page = client.post("/samoocena/ramy/import/", {"file": handle}).content.decode()
    assert first["name_en"] in page and first["name_pl"] not in page
    assert data["name_en"] in page
    assert f'<span lang="pl">{second["name_pl"]}</span>' in page
