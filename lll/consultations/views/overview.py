"""The start page: consultations and polls the user sees, with search, filter and export."""

from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import render

from lll.core.access import AuthenticatedRequest, requires
from lll.core.exports import wants_export
from lll.core.paging import page_of, sort_choice

from .. import access, services
from ..models import Consultation
from . import tables


@requires()
def home(request: AuthenticatedRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    status = request.GET.get("status", "")
    # A count drops the model's ordering (GROUP BY): the latest closing first, as the models say.
    consultations = access.visible_consultations(request.user).annotate(
        comment_count=Count("comments", filter=Q(comments__withdrawn_at__isnull=True))
    )
    polls = (
        access.visible_polls(request.user)
        .annotate(voters=Count("participations"))
        .order_by("-closes_at", "pk")
    )
    if query:
        consultations = consultations.filter(
            Q(title__icontains=query) | Q(legal_acts__icontains=query)
        )
        polls = polls.filter(question__icontains=query)
    sort = sort_choice(request, ["closes_at", "title"], "-closes_at")
    consultation_list = list(consultations.order_by(sort, "pk"))
    if status in Consultation.Status.values:
        consultation_list = [c for c in consultation_list if c.current_status == status]
    awaiting = services.awaiting_comment(request.user)
    consultations_table = tables.consultations_table(awaiting)
    if wants_export(request):
        if request.GET.get("list") == "polls":
            return tables.POLLS.export(request, polls)
        return consultations_table.export(request, consultation_list)
    page = page_of(request, consultation_list)
    # The polls have their own page number: paging one list keeps the other in place.
    poll_page = page_of(request, polls, param="glosowania")
    return render(
        request,
        "consultations/home.html",
        {
            "page": page,
            "table": consultations_table.bind(page.object_list),
            "polls": poll_page,
            "poll_table": tables.POLLS.bind(poll_page.object_list),
            "query": query,
            "status": status,
            "sort": sort,
            "statuses": Consultation.Status.choices,
            "can_manage": access.can_manage(request.user),
            "awaiting": awaiting,
        },
    )
