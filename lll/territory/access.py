"""Territorial units are public; who changed one is the staff's business."""

from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from lll.core.access import has_permission

from .models import Unit

VIEW = "territory.view_unit"


def get_unit_for(request: HttpRequest, code: str, *related: str) -> Unit:
    """The unit with TERYT code `code` (`related`: what to select with it); 404 for none."""
    units = Unit.objects.select_related(*related) if related else Unit.objects.all()
    return get_object_or_404(units, code=code)


def sees_who_changed_units(user: Any) -> bool:
    """The public sees when and what changed in a unit; the staff also sees who changed it."""
    return has_permission(user, VIEW)
