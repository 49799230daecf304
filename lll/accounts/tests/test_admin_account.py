import stat

import pytest
from django.core.management import call_command
from django.urls import reverse

from lll.accounts.models import User

pytestmark = pytest.mark.django_db


def test_first_administrator_gets_a_one_time_password_in_var(settings, tmp_path, capsys):
    settings.VAR_DIR = tmp_path
    call_command("ensure_admin")
    out = capsys.readouterr().out
    password_file = tmp_path / "admin-password.txt"
    assert str(password_file) in out
    assert stat.S_IMODE(password_file.stat().st_mode) == 0o600
    password = password_file.read_text().split("password: ")[1].split()[0]
    admin = User.objects.get(username="admin")
    assert admin.is_superuser and admin.must_change_password
    assert admin.check_password(password)
    assert admin.groups.filter(name="administrator").exists()

    call_command("ensure_admin")
    assert User.objects.filter(is_superuser=True).count() == 1
    assert User.objects.get(username="admin").check_password(password)


def test_one_time_password_must_be_changed_before_anything_else(client):
    user = User.objects.create_user("nowy", password="Temp-pass-123", must_change_password=True)
    client.force_login(user)
    response = client.get(reverse("territory:unit_list"))
    assert response.status_code == 302
    assert response["Location"] == reverse("password_change")

    response = client.post(
        reverse("password_change"),
        {
            "old_password": "Temp-pass-123",
            "new_password1": "Zupełnie-nowe-9",
            "new_password2": "Zupełnie-nowe-9",
        },
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert not user.must_change_password
    assert user.check_password("Zupełnie-nowe-9")
    assert client.get(reverse("territory:unit_list")).status_code == 200
