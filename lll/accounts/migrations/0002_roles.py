"""Create the role groups (Administrator, Coordination office, Analyst, WRRP secretary, Member)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

from lll.accounts.roles import sync_roles


def create_roles(apps, schema_editor):
    # Permissions are normally created after all migrations; create them now so the roles get them.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    sync_roles(apps)


def remove_roles(apps, schema_editor):
    from lll.accounts.roles import ROLES

    apps.get_model("auth", "Group").objects.filter(name__in=[r.group for r in ROLES]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("territory", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
