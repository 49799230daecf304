"""Minutes: drafted from the meeting, edited and approved by the office, read by the members."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lll.core.access import AuthenticatedRequest, requires
from lll.core.downloads import DOCX_TYPE, PDF_TYPE, download
from lll.core.errors import UserError

from .. import access, documents, services
from ..access import MANAGE
from ..forms import MinutesForm, NewVersionForm


@requires(MANAGE)
@require_POST
def minutes_draft(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    meeting = access.get_meeting_for(request, pk)
    try:
        minutes = services.draft_minutes(meeting, request.user)
    except UserError as error:
        messages.error(request, error.message)
        return redirect(meeting)
    messages.success(
        request, _("The draft minutes were written from the meeting; edit them below.")
    )
    return redirect("coordination:minutes", minutes.pk)


@requires()
def minutes_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    minutes = access.get_minutes_for(request, pk)
    can_manage = access.can_manage(request.user)
    form = None
    if can_manage and not minutes.is_frozen:
        form = MinutesForm(request.POST or None, instance=minutes)
        if request.method == "POST" and form.is_valid():
            form.save()
            messages.success(request, _("The minutes were saved."))
            return redirect("coordination:minutes", minutes.pk)
    elif request.method == "POST":
        messages.error(request, _("Approved minutes cannot be changed; make a new version."))
        return redirect("coordination:minutes", minutes.pk)
    return render(
        request,
        "coordination/minutes_detail.html",
        {
            "minutes": minutes,
            "meeting": minutes.meeting,
            "title": services.minutes_title(minutes.meeting),
            "sections": minutes.sections.all(),
            "attendance": services.minutes_attendance(minutes),
            "attachments": services.minutes_attachments(minutes),
            "form": form,
            "version_form": NewVersionForm() if can_manage and minutes.is_frozen else None,
            "versions": minutes.meeting.minutes.all() if can_manage else [],
            "can_manage": can_manage,
        },
    )


@requires(MANAGE)
@require_POST
def minutes_approve(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    minutes = access.get_minutes_for(request, pk)
    try:
        services.approve_minutes(minutes, request.user)
    except UserError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The minutes were approved and can no longer be changed."))
    return redirect("coordination:minutes", minutes.pk)


@requires(MANAGE)
@require_POST
def minutes_new_version(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    minutes = access.get_minutes_for(request, pk)
    form = NewVersionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why the approved minutes must change."))
        return redirect("coordination:minutes", minutes.pk)
    draft = services.new_minutes_version(minutes, request.user, form.cleaned_data["reason"])
    messages.success(request, _("Version %(v)s was created as a draft.") % {"v": draft.version})
    return redirect("coordination:minutes", draft.pk)


# The files the minutes can be downloaded as: how each is made, and its type.
FORMATS = {
    "docx": (documents.render_docx, DOCX_TYPE),
    "pdf": (documents.render_pdf, PDF_TYPE),
}


@requires()
def minutes_download(request: AuthenticatedRequest, pk: int, ext: str) -> HttpResponse:
    minutes = access.get_minutes_for(request, pk)
    if ext not in FORMATS:
        raise Http404
    render_file, content_type = FORMATS[ext]
    return download(render_file(minutes), documents.filename(minutes, ext), content_type)
