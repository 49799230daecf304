"""Attendance on one page: every member's status and whether they took part remotely, "all
present" at a click, guests added or removed in the same form (so nothing typed is lost),
and with htmx no full reload between those steps."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lll.core.access import AuthenticatedRequest, requires
from lll.core.downloads import DOCX_TYPE, PDF_TYPE, download
from lll.core.exports import export_response, wants_export
from lll.core.text import sorted_polish

from .. import access, documents, services
from ..access import MANAGE
from ..forms import AttendanceForm, GuestForm
from ..models import Attendance, Meeting, Membership


@requires(MANAGE)
def attendance(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    meeting = access.get_meeting_for(request, pk)
    memberships = services.polish_order(services.expected_members(meeting))
    records = {a.person_id: a for a in meeting.attendance.all()}
    initial = {
        f"person_{m.person_id}": records[m.person_id].status if m.person_id in records else ""
        for m in memberships
    }
    form = AttendanceForm(request.POST or None, memberships=memberships, initial=initial)
    guest_form = GuestForm(meeting=meeting)
    if request.method == "POST":
        if form.is_valid():
            action = request.POST.get("action", "save")
            guest_form = _save(request, meeting, memberships, form, action)
            if action == "save" and not getattr(request, "htmx", False):
                messages.success(request, _("The attendance was saved."))
                return redirect(meeting)
            if not getattr(request, "htmx", False):
                return redirect("coordination:attendance", meeting.pk)
            records = {a.person_id: a for a in meeting.attendance.all()}
            form = AttendanceForm(
                memberships=memberships,
                initial={
                    f"person_{m.person_id}": records[m.person_id].status
                    if m.person_id in records
                    else ""
                    for m in memberships
                },
            )
        else:
            messages.error(request, _("Nothing was saved: correct the attendance below."))
    remote = (
        {int(i) for i in request.POST.getlist("remote") if i.isdigit()}
        if request.method == "POST" and form.is_bound
        else {i for i, a in records.items() if a.remote}
    )
    guests = sorted_polish(
        meeting.attendance.filter(status=Attendance.Status.GUEST).select_related(
            "person__institution"
        ),
        lambda a: a.person.last_name,
        lambda a: a.person.first_name,
    )
    return render(
        request,
        "coordination/attendance.html",
        {
            "meeting": meeting,
            "form": form,
            "guest_form": guest_form,
            "guests": guests,
            "remote": remote,
            "quorum": services.quorum(meeting),
            "participants": services.participant_count(meeting),
        },
    )


def _save(
    request: AuthenticatedRequest,
    meeting: Meeting,
    memberships: list[Membership],
    form: AttendanceForm,
    action: str,
) -> GuestForm:
    """Save what the form holds, then do what the button asked; returns the guest form to show
    (with its error if the guest could not be added)."""
    statuses = {m: form.cleaned_data[f"person_{m.person_id}"] for m in memberships}
    if action == "all_present":
        statuses = {m: status or Attendance.Status.PRESENT for m, status in statuses.items()}
    remote = [int(i) for i in request.POST.getlist("remote") if i.isdigit()]
    services.record_attendance(meeting, statuses, remote=remote)
    guest_form = GuestForm(meeting=meeting)
    if action == "add_guest":
        guest_form = GuestForm(request.POST, meeting=meeting)
        if guest_form.is_valid():
            Attendance.objects.create(
                meeting=meeting,
                person=guest_form.cleaned_data["person"],
                status=Attendance.Status.GUEST,
                remote=request.POST.get("guest_remote") == "on",
            )
            messages.success(request, _("The attendance was saved and the guest added."))
            guest_form = GuestForm(meeting=meeting)
        else:
            messages.error(
                request,
                _("The attendance was saved; guest: choose a person who is not on the list yet."),
            )
    elif action.startswith("remove_guest_") and action[13:].isdigit():
        meeting.attendance.filter(status=Attendance.Status.GUEST, pk=int(action[13:])).delete()
        messages.success(request, _("The attendance was saved and the guest removed."))
    elif action == "all_present":
        messages.success(request, _("Everyone not recorded yet is present; saved."))
    else:
        messages.success(request, _("The attendance was saved."))
    return guest_form


@requires(MANAGE)
@require_POST
def guest_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    meeting = access.get_meeting_for(request, pk)
    form = GuestForm(request.POST, meeting=meeting)
    if form.is_valid():
        Attendance.objects.create(
            meeting=meeting, person=form.cleaned_data["person"], status=Attendance.Status.GUEST
        )
        messages.success(request, _("The guest was added."))
    else:
        messages.error(request, _("Choose a person who is not on the list yet."))
    return redirect("coordination:attendance", meeting.pk)


@requires(MANAGE)
@require_POST
def guest_remove(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    record = access.get_guest_for(request, pk)
    record.delete()
    messages.success(request, _("The guest was removed from the list."))
    return redirect("coordination:attendance", record.meeting_id)


@requires(MANAGE)
def attendance_sheet(
    request: AuthenticatedRequest, pk: int, kind: str, ext: str = ""
) -> HttpResponse:
    """The attendance list or the sign-in sheet as DOCX or PDF (`ext`), or as XLSX/CSV
    (`?export=xlsx`, the one export of every list)."""
    meeting = access.get_meeting_for(request, pk)
    if kind not in documents.SHEET_KINDS or ext not in ("", "docx", "pdf"):
        raise Http404
    if ext == "docx":
        content = documents.render_sheet_docx(meeting, kind)
        return download(content, documents.sheet_filename(meeting, kind, ext), DOCX_TYPE)
    if ext == "pdf":
        content = documents.render_sheet_pdf(meeting, kind)
        return download(content, documents.sheet_filename(meeting, kind, ext), PDF_TYPE)
    if not wants_export(request):
        raise Http404
    columns, rows = documents.sheet_table(meeting, kind)
    name = documents.sheet_filename(meeting, kind, "x").removesuffix(".x")
    return export_response(request, name, columns, rows)
