"""A meeting's materials: uploaded by the office, downloaded by those who see the meeting."""

from django.contrib import messages
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lll.core.access import AuthenticatedRequest, requires
from lll.core.downloads import stored_file

from .. import access
from ..access import MANAGE
from ..forms import MaterialForm
from ..models import Material
from .common import edit_page


@requires(MANAGE)
def material_upload(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    meeting = access.get_meeting_for(request, pk)
    form = MaterialForm(request.POST or None, request.FILES or None, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        Material.objects.create(meeting=meeting, uploaded_by=request.user, **form.cleaned_data)
        messages.success(request, _("The material was added."))
        return redirect(f"{meeting.get_absolute_url()}#materials")
    return edit_page(
        request,
        form,
        _("Add a material") + f" — {meeting}",
        "",
        back_url=meeting.get_absolute_url(),
        multipart=True,
    )


@requires()
def material_download(request: AuthenticatedRequest, pk: int) -> FileResponse:
    material = access.get_material_for(request, pk)
    return stored_file(material.file)


@requires(MANAGE)
@require_POST
def material_delete(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    material = access.get_material_for(request, pk)
    meeting = material.meeting
    material.file.delete(save=False)
    material.delete()
    messages.success(request, _("The material was removed."))
    return redirect(f"{meeting.get_absolute_url()}#materials")
