"""Decisions and action items: what a meeting agreed, and the follow-up of what it left to do."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from lll.core.access import AuthenticatedRequest, requires
from lll.core.exports import export_response, wants_export

from .. import access, services
from ..access import MANAGE
from ..forms import ActionItemForm, ActionStatusForm, OutcomeForm, OwnerProgressForm
from ..models import ActionItem
from ..services import resolutions as resolution_service
from .common import edit_page, refused_inline


@requires(MANAGE)
def outcome_edit(
    request: AuthenticatedRequest, meeting_pk: int, pk: int | None = None
) -> HttpResponse:
    meeting = access.get_meeting_for(request, meeting_pk)
    outcome = access.get_outcome_for(request, pk, meeting) if pk else None
    initial = {} if outcome else {"agenda_item": request.GET.get("item")}
    form = OutcomeForm(request.POST or None, instance=outcome, meeting=meeting, initial=initial)
    if request.method == "POST" and (
        refused := refused_inline(request, form, f"{meeting.get_absolute_url()}#agenda")
    ):
        return refused
    if request.method == "POST" and form.is_valid():
        outcome = form.save()
        messages.success(request, _("The decision was saved."))
        return redirect(f"{meeting.get_absolute_url()}#item-{outcome.agenda_item_id}")
    title = _("Edit the decision") if outcome else _("New decision")
    return edit_page(request, form, f"{title} — {meeting}", "", back_url=meeting.get_absolute_url())


@requires(MANAGE)
def action_edit(
    request: AuthenticatedRequest, meeting_pk: int, pk: int | None = None
) -> HttpResponse:
    meeting = access.get_meeting_for(request, meeting_pk)
    action = access.get_action_item_for(request, pk, meeting) if pk else None
    initial = {} if action else {"agenda_item": request.GET.get("item")}
    form = ActionItemForm(
        request.POST or None,
        instance=action or ActionItem(meeting=meeting),
        meeting=meeting,
        initial=initial,
    )
    if request.method == "POST" and (
        refused := refused_inline(request, form, f"{meeting.get_absolute_url()}#agenda")
    ):
        return refused
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The action item was saved."))
        return redirect(f"{meeting.get_absolute_url()}#actions")
    title = _("Edit the action item") if action else _("New action item")
    return edit_page(request, form, f"{title} — {meeting}", "", back_url=meeting.get_absolute_url())


@requires()
def follow_up(request: AuthenticatedRequest) -> HttpResponse:
    """Every open action item of the meetings the user may see, overdue first."""
    meetings = access.visible_meetings(request.user)
    items = services.open_action_items(ActionItem.objects.filter(meeting__in=meetings))
    if wants_export(request):
        headers = [_("Task"), _("Owner"), _("Due date"), _("Status"), _("Meeting")]
        rows = [
            [a.title, a.owner.full_name, a.due_date or "", a.get_status_display(), str(a.meeting)]
            for a in items
        ]
        return export_response(request, "dzialania", headers, rows)
    return render(
        request,
        "coordination/follow_up.html",
        {
            "items": items,
            "today": timezone.localdate(),
            "can_manage": access.can_manage(request.user),
            # A member opens only their own items (to report progress); others are read here.
            "me": access.person_of(request.user),
            # Resolutions and positions awaiting an answer from their addressee.
            "resolutions": resolution_service.open_resolutions(
                access.visible_resolutions(request.user)
            ),
        },
    )


@requires()
def action_update(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The office or the item's owner reports progress."""
    action = access.get_action_item_for(request, pk)
    # The owner reports progress; moving the deadline is the office's decision.
    form_class = ActionStatusForm if access.can_manage(request.user) else OwnerProgressForm
    form = form_class(request.POST or None, instance=action)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The action item was updated."))
        return redirect("coordination:follow_up")
    return edit_page(request, form, action.title, "coordination:follow_up", action=action)
