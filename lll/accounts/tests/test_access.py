"""An account is fetched through `lll.accounts.access`: 403 for a stranger or a superuser's
account, 404 for none."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from lll.accounts.models import User

pytestmark = pytest.mark.django_db


def test_strangers_get_403_and_unknown_accounts_404(client):
    someone = User.objects.create_user("ktos", email="ktos@x.example", password="x-Pass-1234")
    member = User.objects.create_user("czlonek", password="x-Pass-1234")
    member.groups.add(Group.objects.get(name="member"))
    client.force_login(member)
    edit = reverse("accounts:user_edit", args=[someone.pk])
    link = reverse("accounts:user_send_password_link", args=[someone.pk])
    assert client.get(edit).status_code == 403
    assert client.post(link).status_code == 403
    admin = User.objects.create_user("kierownik", password="x-Pass-1234")
    admin.groups.add(Group.objects.get(name="administrator"))
    client.force_login(admin)
    assert client.get(reverse("accounts:user_edit", args=[999999])).status_code == 404
    someone.is_active = False
    someone.save()
    assert client.post(link).status_code == 404
    root = User.objects.create_superuser("root", "root@x.example", "x-Pass-1234")
    assert client.get(reverse("accounts:user_edit", args=[root.pk])).status_code == 403
