"""Meetings: the list, one meeting's page, its agenda and its attendance."""

from django.contrib import messages
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from lll.core.access import AuthenticatedRequest, requires
from lll.core.downloads import ICS_TYPE, download
from lll.core.errors import UserError
from lll.core.exports import wants_export
from lll.core.paging import page_of
from lll.core.tables import Column, Table

from .. import access, mailings, panels, services
from ..access import MANAGE
from ..forms import AgendaItemForm, MeetingForm, MoveItemForm
from ..models import ActionItem, Attendance, Meeting, Outcome
from ..services import rules as rules_service
from .common import edit_page, refused_inline

MEETINGS = Table(
    "posiedzenia",
    gettext_lazy("Meetings"),
    [
        Column(
            gettext_lazy("Meeting"),
            str,
            cell=lambda m: format_html(
                '<a href="{}">{} — {}</a>',
                m.get_absolute_url(),
                m.body.short_name,
                _("meeting no. %(number)s") % {"number": m.number},
            ),
            export=False,
        ),
        Column(gettext_lazy("Body"), lambda m: m.body.short_name, page=False),
        Column(gettext_lazy("No."), lambda m: m.number, page=False),
        Column(gettext_lazy("Date"), lambda m: m.starts_at),
        Column(gettext_lazy("Mode"), lambda m: m.get_mode_display()),
        Column(gettext_lazy("Place"), lambda m: m.location, page=False),
        Column(gettext_lazy("Status"), lambda m: m.get_status_display()),
        Column(gettext_lazy("Agenda items"), lambda m: m.items, numeric=True, export=False),
    ],
)


@requires()
def meeting_list(request: AuthenticatedRequest) -> HttpResponse:
    meetings = (
        access.visible_meetings(request.user)
        .annotate(items=Count("agenda_items"))
        .order_by("-starts_at")
    )
    bodies = access.visible_bodies(request.user)
    body_id = request.GET.get("body", "")
    if body_id.isdigit():
        meetings = meetings.filter(body_id=int(body_id))
    if wants_export(request):
        return MEETINGS.export(request, meetings)
    page = page_of(request, meetings)
    return render(
        request,
        "coordination/meeting_list.html",
        {
            "page": page,
            "table": MEETINGS.bind(page.object_list),
            "bodies": bodies,
            "body_id": body_id,
            "can_manage": access.can_manage(request.user),
        },
    )


@requires(MANAGE)
def meeting_edit(request: AuthenticatedRequest, pk: int | None = None) -> HttpResponse:
    meeting = access.get_meeting_for(request, pk) if pk else None
    initial = {}
    if meeting is None:
        bodies = access.visible_bodies(request.user)
        body = bodies.filter(pk=request.GET.get("body") or 0).first()
        body = body or bodies.filter(kind="wzk").first()
        if body:
            initial = {"body": body, "number": services.next_meeting_number(body)}
    form = MeetingForm(request.POST or None, instance=meeting, initial=initial)
    if request.method == "POST" and form.is_valid():
        meeting = form.save()
        messages.success(request, _("The meeting was saved."))
        return redirect(meeting)
    title = _("Edit the meeting") if meeting else _("New meeting")
    return edit_page(request, form, title, "coordination:meeting_list")


@requires()
def meeting_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    meeting = access.get_meeting_for(request, pk)
    can_manage = access.can_manage(request.user)
    items = meeting.agenda_items.prefetch_related(
        "presenters", "speakers", "outcomes", "action_items__owner", "materials"
    )
    minutes = list(meeting.minutes.all())
    if not can_manage:
        minutes = [m for m in minutes if m.members_see]
    attendance = meeting.attendance.all()
    return render(
        request,
        "coordination/meeting_detail.html",
        {
            "meeting": meeting,
            "items": items,
            "follow_up": services.follow_up_for(meeting)
            if meeting.agenda_items.filter(is_follow_up_review=True).exists()
            else [],
            "quorum": services.quorum(meeting),
            "participants": services.participant_count(meeting),
            "recorded": attendance.count(),
            "guests": attendance.filter(status=Attendance.Status.GUEST).select_related("person"),
            "changes": meeting.agenda_changes.select_related("changed_by"),
            "materials": meeting.materials.select_related("agenda_item"),
            "mailings": meeting.mailings.annotate(
                sent=Count("deliveries", filter=Q(deliveries__status="sent")),
                failed=Count("deliveries", filter=Q(deliveries__status="failed")),
                total=Count("deliveries"),
            )
            if can_manage
            else [],
            "minutes_versions": minutes,
            "meeting_votes": meeting.votes.select_related("agenda_item", "resolution"),
            "rules_summary": rules_service.rules_summary(rules_service.rules_for(meeting.body)),
            "deadlines": services.meeting_deadlines(meeting),
            "panels": panels.meeting_panels(request, meeting),
            "can_manage": can_manage,
            # Members see the notes, decisions and action items once the minutes reach them.
            "show_record": can_manage or access.members_see_record(meeting),
            "people": services.people_to_choose() if can_manage else [],
            "outcome_kinds": Outcome.Kind.choices,
            "action_statuses": ActionItem.Status.choices,
            "statuses": Meeting.Status.choices,
        },
    )


@requires(MANAGE)
@require_POST
def meeting_status(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    meeting = access.get_meeting_for(request, pk)
    try:
        services.set_meeting_status(meeting, request.POST.get("status", ""))
    except UserError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Status: %s.") % meeting.get_status_display())
    return redirect(meeting)


@requires()
def meeting_ics(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    meeting = access.get_meeting_for(request, pk)
    return download(mailings.invitation_ics(meeting), f"posiedzenie-{meeting.pk}.ics", ICS_TYPE)


# ---------------------------------------------------------------------------------------------
# Agenda


@requires(MANAGE)
def agenda_item_edit(
    request: AuthenticatedRequest, meeting_pk: int, pk: int | None = None
) -> HttpResponse:
    meeting = access.get_meeting_for(request, meeting_pk)
    item = access.get_agenda_item_for(request, pk, meeting) if pk else None
    form = AgendaItemForm(request.POST or None, instance=item)
    if request.method == "POST" and (
        refused := refused_inline(request, form, f"{meeting.get_absolute_url()}#agenda")
    ):
        return refused
    if request.method == "POST" and form.is_valid():
        if item is None:
            item = services.add_agenda_item(meeting, form.cleaned_data["title"])
            form.instance = item
        form.save()
        messages.success(request, _("The agenda item was saved."))
        return redirect(f"{meeting.get_absolute_url()}#item-{item.pk}")
    title = _("Edit the agenda item") if item else _("New agenda item")
    move_form = MoveItemForm(initial={"position": item.position}) if item else None
    return edit_page(
        request,
        form,
        f"{title} — {meeting}",
        "",
        back_url=meeting.get_absolute_url(),
        move_form=move_form,
        item=item,
    )


@requires(MANAGE)
@require_POST
def agenda_item_move(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    item = access.get_agenda_item_for(request, pk)
    direction = request.POST.get("direction")
    if direction in ("up", "down"):
        target = item.position - 1 if direction == "up" else item.position + 1
        services.move_agenda_item(item, target, request.user)
    else:
        form = MoveItemForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Give the new position as a number."))
            return redirect("coordination:item_edit", item.meeting_id, item.pk)
        services.move_agenda_item(
            item,
            form.cleaned_data["position"],
            request.user,
            form.cleaned_data["reason"],
        )
    messages.success(request, _("The agenda order was changed."))
    return redirect(f"{item.meeting.get_absolute_url()}#item-{item.pk}")


@requires(MANAGE)
@require_POST
def agenda_item_notes(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """What happened under the item, typed on the meeting page (htmx): the notes alone change."""
    item = access.get_agenda_item_for(request, pk)
    services.set_item_notes(item, request.POST.get("notes", ""))
    messages.success(request, _("The notes were saved."))
    return redirect(f"{item.meeting.get_absolute_url()}#item-{item.pk}")


@requires(MANAGE)
@require_POST
def agenda_item_title(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The item's title changed on the meeting page (htmx brings back the agenda; without
    JavaScript the page reloads at the item)."""
    item = access.get_agenda_item_for(request, pk)
    try:
        services.rename_agenda_item(item, request.POST.get("title", ""))
    except UserError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The title was saved."))
    return redirect(f"{item.meeting.get_absolute_url()}#item-{item.pk}")


@requires(MANAGE)
@require_POST
def agenda_item_delete(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    item = access.get_agenda_item_for(request, pk)
    meeting = item.meeting
    services.delete_agenda_item(item)
    messages.success(request, _("The agenda item was removed."))
    return redirect(f"{meeting.get_absolute_url()}#agenda")


@requires(MANAGE)
@require_POST
def follow_up_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    meeting = access.get_meeting_for(request, pk)
    services.add_follow_up_review(meeting)
    messages.success(request, _("The review of open action items was added to the agenda."))
    return redirect(f"{meeting.get_absolute_url()}#agenda")
