"""The studies register follows the body rule (issue 19): the office sees every study, a member
the studies shown at a meeting of a body they belong to today; a former member, an account
without a role and another body's member see none of them, nor their files."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from lll.coordination.models import Study
from lll.testing import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def studies(team, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    shown = Study(title="Badanie pokazane WZK", performed_by="WUP", period="2024")
    shown.presented_at = team.meeting
    shown.results_file.save("wyniki.pdf", ContentFile(b"%PDF-1.4"), save=False)
    shown.save()
    unshown = Study.objects.create(
        title="Badanie w przygotowaniu", performed_by="WUP", period="2025"
    )
    return shown, unshown


def _titles(client):
    return {
        row
        for row in Study.objects.values_list("title", flat=True)
        if row in client.get(reverse("coordination:study_list")).content.decode()
    }


def test_the_office_sees_every_study(client, team, studies):
    client.force_login(team.office_user)
    assert _titles(client) == {"Badanie pokazane WZK", "Badanie w przygotowaniu"}


def test_a_member_sees_the_studies_shown_to_their_body(client, team, studies):
    shown, unshown = studies
    client.force_login(team.member_user)
    assert _titles(client) == {"Badanie pokazane WZK"}
    assert client.get(reverse("coordination:study", args=[shown.pk])).status_code == 200
    assert client.get(reverse("coordination:study", args=[unshown.pk])).status_code == 404


def test_a_former_member_and_an_account_without_a_role_see_no_study(client, team, studies):
    shown, _unshown = studies
    membership = team.members[1].memberships.get()
    membership.term_to = timezone.localdate() - datetime.timedelta(days=1)
    membership.save()
    for user in (team.member_user, make_user("bez-roli"), team.outsider_user):
        client.force_login(user)
        assert _titles(client) == set()
        assert client.get(reverse("coordination:study", args=[shown.pk])).status_code == 404
        assert client.get(reverse("coordination:study_file", args=[shown.pk])).status_code == 404
