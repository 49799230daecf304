import pytest
from django.contrib.auth.models import Group

from lll.accounts.models import User
from lll.accounts.roles import ROLES, sync_roles

pytestmark = pytest.mark.django_db


def perms(group: str) -> set[str]:
    return {
        f"{p.content_type.app_label}.{p.codename}"
        for p in Group.objects.get(name=group).permissions.select_related("content_type")
    }


def test_migration_creates_every_role_with_its_permissions():
    assert set(Group.objects.values_list("name", flat=True)) >= {r.group for r in ROLES}
    assert "accounts.manage_users" in perms("administrator")
    assert "territory.change_unit" in perms("analyst")
    assert "accounts.manage_users" not in perms("analyst")
    assert perms("member") == set()


def test_sync_is_idempotent_and_restores_a_removed_permission():
    group = Group.objects.get(name="administrator")
    group.permissions.clear()
    sync_roles()
    sync_roles()
    assert "accounts.manage_users" in perms("administrator")
    assert Group.objects.filter(name="administrator").count() == 1


def test_a_user_in_a_role_has_its_permissions():
    user = User.objects.create_user("analityk", password="x-Very-long-1")
    user.groups.add(Group.objects.get(name="analyst"))
    user = User.objects.get(pk=user.pk)
    assert user.has_perm("territory.change_unit")
    assert not user.has_perm("accounts.manage_users")
    assert user.role_names == ["Analityk"]
