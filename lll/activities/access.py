"""Who sees and changes which activities and reports.

- The office (`activities.manage_activities`: coordination office, analyst, administrator):
  every activity, cycle and report.
- A partner reporter (`Reporter`, the partner reporter role): only its own institution's
  activities and reports; anything else answers 404.
- Everyone, anonymous visitors too: published activities on the public list, map and API.
"""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from lll.core.access import has_permission

from .models import Activity, Report, Reporter, ReportingCycle

MANAGE = "activities.manage_activities"
REPORT = "activities.report_activities"


def can_manage(user: Any) -> bool:
    return has_permission(user, MANAGE)


def reporter_of(user: Any) -> Reporter | None:
    """The user's reporter link (its institution), if they report for one."""
    if not user.is_authenticated or not has_permission(user, REPORT):
        return None
    return Reporter.objects.select_related("institution").filter(user=user).first()


def visible_activities(user: Any) -> QuerySet[Activity]:
    """Every activity for the office; the institution's own for a reporter; else none."""
    if can_manage(user):
        return Activity.objects.all()
    reporter = reporter_of(user)
    if reporter is None:
        return Activity.objects.none()
    return Activity.objects.filter(institution_id=reporter.institution_id)


def published_activities() -> QuerySet[Activity]:
    return Activity.objects.filter(is_published=True)


def visible_reports(user: Any) -> QuerySet[Report]:
    if can_manage(user):
        return Report.objects.all()
    reporter = reporter_of(user)
    if reporter is None:
        return Report.objects.none()
    return Report.objects.filter(institution_id=reporter.institution_id)


def _office_or_reporter(request: HttpRequest) -> None:
    if not (can_manage(request.user) or reporter_of(request.user)):
        raise PermissionDenied


def get_activity_for(request: HttpRequest, pk: int) -> Activity:
    """An activity the user may see: 404 for another institution's, 403 with no role here."""
    _office_or_reporter(request)
    return get_object_or_404(
        visible_activities(request.user).select_related("institution", "report__cycle"), pk=pk
    )


def get_report_for(request: HttpRequest, pk: int) -> Report:
    _office_or_reporter(request)
    return get_object_or_404(
        visible_reports(request.user).select_related("institution", "cycle"), pk=pk
    )


def get_cycle_for(request: HttpRequest, pk: int) -> ReportingCycle:
    """A cycle, for the office only."""
    if not can_manage(request.user):
        raise Http404
    return get_object_or_404(ReportingCycle, pk=pk)


def get_published_activity(pk: int) -> Activity:
    return get_object_or_404(published_activities().select_related("institution"), pk=pk)
