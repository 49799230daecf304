"""Studies and analyses, and the search over everything the user may see."""

from django.contrib import messages
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lll.core.access import AuthenticatedRequest, requires
from lll.core.downloads import stored_file
from lll.core.exports import wants_export
from lll.core.tables import Column, Table

from .. import access, search
from ..access import MANAGE
from ..forms import SearchForm, StudyForm
from ..models import Study
from .common import edit_page

STUDIES = Table(
    "badania",
    gettext_lazy("Studies and analyses"),
    [
        Column(gettext_lazy("Title"), lambda s: s.title, link=lambda s: s.get_absolute_url()),
        Column(gettext_lazy("Carried out by"), lambda s: s.performed_by),
        Column(gettext_lazy("Period"), lambda s: s.period),
        Column(gettext_lazy("Status"), lambda s: s.get_status_display()),
        Column(gettext_lazy("Presented at"), lambda s: str(s.presented_at or ""), page=False),
    ],
)


@requires()
def study_list(request: AuthenticatedRequest) -> HttpResponse:
    studies = Study.objects.select_related("presented_at__body")
    if wants_export(request):
        return STUDIES.export(request, studies)
    return render(
        request,
        "coordination/study_list.html",
        {
            "studies": studies,
            "table": STUDIES.bind(studies),
            "can_manage": access.can_manage(request.user),
        },
    )


@requires()
def study_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    study = access.get_study_for(request, pk)
    visible = access.visible_meetings(request.user)
    return render(
        request,
        "coordination/study_detail.html",
        {
            "study": study,
            "meeting_visible": study.presented_at_id is not None
            and visible.filter(pk=study.presented_at_id).exists(),
            "can_manage": access.can_manage(request.user),
        },
    )


@requires(MANAGE)
def study_edit(request: AuthenticatedRequest, pk: int | None = None) -> HttpResponse:
    study = access.get_study_for(request, pk) if pk else None
    form = StudyForm(request.POST or None, request.FILES or None, instance=study)
    if request.method == "POST" and form.is_valid():
        study = form.save()
        messages.success(request, _("The study was saved."))
        return redirect(study)
    title = _("Edit the study") if study else _("New study")
    return edit_page(request, form, title, "coordination:study_list", multipart=True)


@requires()
def study_file(request: AuthenticatedRequest, pk: int) -> FileResponse:
    study = access.get_study_file_for(request, pk)
    return stored_file(study.results_file)


@requires()
def search_view(request: AuthenticatedRequest) -> HttpResponse:
    form = SearchForm(request.GET)
    results = []
    query = ""
    if form.is_valid() and (query := form.cleaned_data["q"].strip()):
        results = search.search(request.user, query)
    return render(
        request,
        "coordination/search.html",
        {"form": form, "query": query, "results": results},
    )
