"""The roles of the system, kept as Django groups with permissions.

Each role lists the permissions it holds as "app_label.codename". A permission that does not exist
yet (its app is added later) is given to the role as soon as a migration creates it.
"""

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.apps import apps as global_apps
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from .models import User


@dataclass(frozen=True)
class Role:
    group: str
    label: Promise
    description: Promise
    permissions: tuple[str, ...]


ADMINISTRATOR = "administrator"
COORDINATION_OFFICE = "coordination_office"
ANALYST = "analyst"
WRRP_SECRETARY = "wrrp_secretary"
MEMBER = "member"
PARTNER_REPORTER = "partner_reporter"

# Keeping the reference data and the monitoring: administrators and analysts.
MAINTAIN_DATA = (
    "territory.view_unit",
    "territory.change_unit",
    "indicators.view_indicator",
    "indicators.add_indicator",
    "indicators.change_indicator",
    "indicators.import_data",
    "indicators.add_target",
    "indicators.change_target",
)

ROLES = [
    Role(
        ADMINISTRATOR,
        _("Administrator"),
        _("Manages users and their roles and the reference data."),
        (
            "accounts.manage_users",
            "accounts.view_user",
            "accounts.add_user",
            "accounts.change_user",
            "coordination.manage_coordination",
            "consultations.manage_consultations",
            "selfassessment.manage_selfassessment",
            "vet.manage_vet",
            "publicoffice.manage_publicoffice",
            "activities.manage_activities",
            *MAINTAIN_DATA,
        ),
    ),
    Role(
        COORDINATION_OFFICE,
        _("Coordination office"),
        _("Edits everything in coordination: bodies, meetings, minutes, consultations."),
        (
            "territory.view_unit",
            "indicators.view_indicator",
            "coordination.manage_coordination",
            "consultations.manage_consultations",
            "selfassessment.manage_selfassessment",
            "activities.manage_activities",
        ),
    ),
    Role(
        ANALYST,
        _("Analyst"),
        _("Imports data and maintains indicators."),
        (*MAINTAIN_DATA, "vet.manage_vet"),
    ),
    Role(
        WRRP_SECRETARY,
        _("WRRP secretary"),
        _("Registers requests and opinions on vocational education directions."),
        ("territory.view_unit", "indicators.view_indicator", "vet.manage_vet"),
    ),
    Role(
        MEMBER,
        _("Member"),
        _("A member of a body: reads its materials, comments, votes, fills self-assessments."),
        (),
    ),
    Role(
        PARTNER_REPORTER,
        _("Partner reporter"),
        _("Reports the activities of one institution in the reporting cycles."),
        ("activities.report_activities",),
    ),
]
ROLES_BY_GROUP = {role.group: role for role in ROLES}


def role_labels(user: "User") -> list[str]:
    return [
        str(ROLES_BY_GROUP[g].label)
        for g in user.groups.values_list("name", flat=True)
        if g in ROLES_BY_GROUP
    ]


def sync_roles(apps: Any = global_apps) -> None:
    """Create the role groups and give them every listed permission that exists. Idempotent."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    wanted = {name for role in ROLES for name in role.permissions}
    existing = {
        f"{permission.content_type.app_label}.{permission.codename}": permission
        for permission in Permission.objects.select_related("content_type").filter(
            codename__in={name.split(".")[1] for name in wanted}
        )
    }
    for role in ROLES:
        group, _created = Group.objects.get_or_create(name=role.group)
        group.permissions.add(*(existing[name] for name in role.permissions if name in existing))


def sync_roles_after_migrate(sender: Any, **kwargs: Any) -> None:
    """post_migrate is sent once for every app with models; the roles need every app's
    permissions, so they are synced once, after the last app's (17 syncs cost 9 s a flush on
    PostgreSQL under load)."""
    with_models = [config for config in global_apps.get_app_configs() if config.models_module]
    if sender.label == with_models[-1].label:
        sync_roles(kwargs.get("apps") or global_apps)
