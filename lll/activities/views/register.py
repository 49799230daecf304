"""The register of activities: the office's and the partner's list, one activity, the form, and
the public list with its map."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lll.core.access import AuthenticatedRequest, requires
from lll.core.exports import wants_export
from lll.core.pages import form_page
from lll.core.paging import page_of

from .. import access, charts
from ..forms import ActivityForm
from ..models import Activity, ActivityChange
from ..services import occupations, register
from ..services.reporting import save_activity
from ..tables import activities_table


def _listing(
    request: HttpRequest, items: Any, template: str, public: bool = False, **context: Any
) -> HttpResponse:
    filters = register.Filters.of(request.GET)
    items = register.filtered(items, filters).select_related("institution")
    table = activities_table(public)
    if wants_export(request):
        return table.export(request, items.prefetch_related("units", "occupations", "partners"))
    page = page_of(request, items.prefetch_related("units"))
    return render(
        request,
        template,
        {
            "page": page,
            "table": table.bind(page.object_list, request),
            "filters": filters,
            **register.choices(),
            **context,
        },
    )


@requires()
def activity_list(request: AuthenticatedRequest) -> HttpResponse:
    office = access.can_manage(request.user)
    reporter = access.reporter_of(request.user)
    if not office and reporter is None:
        raise PermissionDenied
    return _listing(
        request,
        access.visible_activities(request.user),
        "activities/activity_list.html",
        office=office,
        reporter=reporter,
    )


@requires()
def activity_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    activity = access.get_activity_for(request, pk)
    office = access.can_manage(request.user)
    editable = office or (activity.report is not None and activity.report.is_editable)
    changes = ActivityChange.objects.filter(activity=activity).select_related("changed_by")
    return render(
        request,
        "activities/activity_detail.html",
        {
            "activity": activity,
            "office": office,
            "editable": editable,
            "territory": register.territory_text(activity),
            "changes": changes,
        },
    )


@requires()
def activity_edit(request: AuthenticatedRequest, pk: int | None = None) -> HttpResponse:
    """The office adds and edits any activity; a partner edits its own while its report is open."""
    office = access.can_manage(request.user)
    if pk is None:
        if not office:
            raise PermissionDenied
        activity = Activity()
    else:
        activity = access.get_activity_for(request, pk)
        if not office and not (activity.report and activity.report.is_editable):
            messages.error(request, _("The report was submitted; it can no longer be changed."))
            return redirect("activities:activity_detail", pk=activity.pk)
    report = activity.report
    form = ActivityForm(
        request.POST or None,
        instance=activity,
        office=office,
        cycle=report.cycle if report else None,
    )
    if request.method == "POST" and form.is_valid():
        values = form.values()
        # the form has set the new values on its instance: the change log compares the stored
        target = Activity.objects.get(pk=activity.pk) if activity.pk else activity
        activity = save_activity(target, values, request.user, None)
        messages.success(request, _("The activity was saved."))
        return redirect("activities:activity_detail", pk=activity.pk)
    title = _("Edit the activity") if activity.pk else _("New activity")
    back = (
        reverse("activities:activity_detail", args=[activity.pk])
        if activity.pk
        else "activities:activity_list"
    )
    return form_page(request, form, title, back)


def public_list(request: HttpRequest) -> HttpResponse:
    items = access.published_activities()
    filters = register.Filters.of(request.GET)
    shown = register.filtered(items, filters)
    by_powiat = charts.counts_by_powiat(shown)
    caption = _("Published activities by powiat (the whole region's activities count everywhere).")
    return _listing(
        request,
        items,
        "activities/public_list.html",
        public=True,
        map_spec=charts.activities_map(by_powiat, caption),
        caption=caption,
        by_powiat=by_powiat,
    )


def public_detail(request: HttpRequest, pk: int) -> HttpResponse:
    activity = access.get_published_activity(pk)
    return render(
        request,
        "activities/public_detail.html",
        {"activity": activity, "territory": register.territory_text(activity)},
    )


@requires()
def occupation_options(request: AuthenticatedRequest) -> JsonResponse:
    """The occupation field's suggestions (code and name) for what is being typed: `q` holds
    the field's text, the last code or name fragment after a comma is searched."""
    if not access.can_manage(request.user) and access.reporter_of(request.user) is None:
        raise PermissionDenied
    found = occupations.find(request.GET.get("q", ""))
    status = (
        ngettext("%(count)d occupation found.", "%(count)d occupations found.", len(found))
        % {"count": len(found)}
        if found
        else _("No occupation matches.")
    )
    return JsonResponse(
        {
            "options": [{"value": o.code, "label": o.label} for o in found],
            "status": status,
        }
    )
