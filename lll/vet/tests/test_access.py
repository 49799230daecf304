"""Each kind of object of the register answers a stranger 403 (not the office's business) or
404 (not theirs to see), through the one helper of `lll.vet.access`; the demo loader names what
it needs first."""

import io

import pytest
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from lll.accounts.models import User
from lll.core.demo import DemoPrerequisiteMissing
from lll.territory.services import HomeRegionMissing, require_home_region
from lll.vet.demo import load_demo
from lll.vet.models import (
    FateReport,
    ForecastEntry,
    ImportBatch,
    ImportKind,
    OpinionRequest,
    Outcome,
)

pytestmark = pytest.mark.django_db


def test_a_stranger_gets_403_and_someone_elses_import_404(client, demo, secretary):
    request = OpinionRequest.objects.exclude(outcomes=None).first()
    assert request is not None
    outcome = Outcome.objects.filter(request=request).first()
    forecast = ForecastEntry.objects.first()
    assert outcome is not None and forecast is not None
    batch = ImportBatch(kind=ImportKind.SCHOOLS, created_by=secretary)
    batch.keep_file("a.csv", ContentFile(b"x"))
    batch.save()
    office_only = [
        reverse("vet:request", args=[request.pk]),
        reverse("vet:request_docx", args=[request.pk]),
        reverse("vet:request_edit", args=[request.pk]),
        reverse("vet:request_opinion", args=[request.pk]),
        reverse("vet:outcome_edit", args=[request.pk, outcome.pk]),
        reverse("vet:forecast_edit", args=[forecast.pk]),
        reverse("vet:import_batch", args=[batch.pk]),
        reverse("vet:import_mapping", args=[batch.pk]),
    ]
    stranger = User.objects.create_user("obcy", password="x-Haslo-123")
    stranger.groups.add(Group.objects.get(name="member"))
    client.force_login(stranger)
    for url in office_only:
        assert client.get(url).status_code == 403, url
    assert client.post(reverse("vet:forecast_delete", args=[forecast.pk])).status_code == 403
    # Another secretary sees the import's page but cannot go on with someone else's preview.
    other = User.objects.create_user("sekretarz2", password="x-Haslo-123")
    other.groups.add(Group.objects.get(name="wrrp_secretary"))
    client.force_login(other)
    assert client.get(reverse("vet:import_mapping", args=[batch.pk])).status_code == 404
    assert client.post(reverse("vet:import_cancel", args=[batch.pk])).status_code == 404
    # An outcome reached through another request, and objects that do not exist: 404.
    another = OpinionRequest.objects.exclude(pk=request.pk).first()
    assert another is not None
    url = reverse("vet:outcome_edit", args=[another.pk, outcome.pk])
    assert client.get(url).status_code == 404
    assert client.get(reverse("vet:request", args=[999999])).status_code == 404
    assert client.get(reverse("vet:forecast_edit", args=[999999])).status_code == 404
    # An unpublished report is no page for the public.
    client.logout()
    FateReport.objects.filter(cohort=2023).update(published=False)
    assert client.get(reverse("vet:report", args=[2023])).status_code == 404


def test_the_demo_names_the_command_to_run_first(territory):
    with pytest.raises(DemoPrerequisiteMissing, match="lll load_occupations"):
        load_demo()
    with pytest.raises(CommandError, match="load_occupations"):
        call_command("load_demo_vet", stdout=io.StringIO())
    assert not OpinionRequest.objects.exists()


def test_without_the_territory_the_home_region_is_asked_for(no_territory):
    with pytest.raises(HomeRegionMissing, match="load_territory"):
        require_home_region()
    with pytest.raises(DemoPrerequisiteMissing, match="lll load_territory"):
        load_demo()
