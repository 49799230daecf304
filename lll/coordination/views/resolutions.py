"""The register of resolutions, positions and recommendations, with their follow-up."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lll.core.access import AuthenticatedRequest, requires
from lll.core.exports import wants_export
from lll.core.paging import page_of, sort_choice
from lll.core.tables import Column, Table
from lll.core.text import polish_key

from .. import access
from ..forms_votes import FollowUpForm
from ..models import Resolution
from ..services import resolutions as services

SORTS = ["number", "adopted_on", "title", "follow_up", "body"]


def _follow_up(r: Resolution) -> str:
    label = r.get_follow_up_display()
    if r.is_open:
        return format_html('<span class="badge text-bg-warning">{}</span>', label)
    return str(label)


RESOLUTIONS = Table(
    "uchwaly",
    gettext_lazy("Resolutions and positions"),
    [
        Column(gettext_lazy("Body"), lambda r: r.body.short_name, sort="body"),
        Column(
            gettext_lazy("Number"),
            lambda r: r.reference,
            link=lambda r: r.get_absolute_url(),
            sort="number",
        ),
        Column(gettext_lazy("Type"), lambda r: r.get_kind_display()),
        Column(gettext_lazy("On"), lambda r: r.title, sort="title"),
        Column(gettext_lazy("Adopted"), lambda r: r.adopted_on, sort="adopted_on"),
        Column(gettext_lazy("Addressed to"), lambda r: r.addressee),
        Column(
            gettext_lazy("Follow-up"),
            lambda r: r.get_follow_up_display(),
            cell=_follow_up,
            sort="follow_up",
        ),
        Column(gettext_lazy("What became of it"), lambda r: r.follow_up_note, page=False),
        Column(gettext_lazy("Text"), lambda r: r.text, page=False),
    ],
)


def _sorted(items: list[Resolution], sort: str) -> list[Resolution]:
    key = sort.lstrip("-")
    keys = {
        "number": lambda r: (r.year, r.number, r.body_id),
        "adopted_on": lambda r: (r.adopted_on, r.number),
        "title": lambda r: polish_key(r.title),
        "follow_up": lambda r: (r.follow_up, r.year, r.number),
        "body": lambda r: (polish_key(r.body.short_name), r.year, r.number),
    }
    return sorted(items, key=keys[key], reverse=sort.startswith("-"))


@requires()
def resolution_list(request: AuthenticatedRequest) -> HttpResponse:
    items = access.visible_resolutions(request.user)
    body_id = request.GET.get("body", "")
    if body_id.isdigit():
        items = items.filter(body_id=int(body_id))
    follow_up = request.GET.get("follow_up", "")
    if follow_up in Resolution.FollowUp.values:
        items = items.filter(follow_up=follow_up)
    query = request.GET.get("q", "")
    sort = sort_choice(request, SORTS, "-number")
    rows = _sorted(services.search_resolutions(items, query), sort)
    if wants_export(request):
        return RESOLUTIONS.export(request, rows)
    page = page_of(request, rows)
    return render(
        request,
        "coordination/resolution_list.html",
        {
            "page": page,
            "table": RESOLUTIONS.bind(page.object_list, request),
            "query": query,
            "sort": sort,
            "body_id": body_id,
            "follow_up": follow_up,
            "bodies": access.visible_bodies(request.user),
            "follow_ups": Resolution.FollowUp.choices,
        },
    )


@requires()
def resolution_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    resolution = access.get_resolution_for(request, pk)
    can_manage = access.can_manage(request.user)
    form = FollowUpForm(request.POST or None, instance=resolution) if can_manage else None
    if form is not None and request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The follow-up was saved."))
        return redirect(resolution)
    return render(
        request,
        "coordination/resolution_detail.html",
        {"resolution": resolution, "form": form, "vote": resolution.vote},
    )
