"""The start page: consultations and polls the user sees, with search, filter and export."""

from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from lll.core.access import AuthenticatedRequest, requires
from lll.core.exports import export_response, wants_export
from lll.core.paging import page_of, sort_choice

from .. import access, services
from ..models import Consultation


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
    if wants_export(request):
        if request.GET.get("list") == "polls":
            rows = [
                [
                    p.question,
                    p.body.short_name,
                    p.get_method_display(),
                    p.get_current_status_display(),
                    p.opens_at,
                    p.closes_at,
                    p.voters,
                ]
                for p in polls
            ]
            headers = [
                _("Question"),
                _("Body"),
                _("Voting method"),
                _("Status"),
                _("Open from"),
                _("Votes until"),
                _("Voters"),
            ]
            return export_response(request, "glosowania", headers, rows)
        rows = [
            [
                c.title,
                c.legal_acts,
                c.get_current_status_display(),
                c.opens_at,
                c.closes_at,
                c.comment_count,
            ]
            for c in consultation_list
        ]
        headers = [
            _("Subject"),
            _("Legal acts concerned"),
            _("Status"),
            _("Open from"),
            _("Comments until"),
            _("Comments"),
        ]
        return export_response(request, "konsultacje", headers, rows)
    return render(
        request,
        "consultations/home.html",
        {
            "page": page_of(request, consultation_list),
            # The polls have their own page number: paging one list keeps the other in place.
            "polls": page_of(request, polls, param="glosowania"),
            "query": query,
            "status": status,
            "sort": sort,
            "statuses": Consultation.Status.choices,
            "can_manage": access.can_manage(request.user),
            "awaiting": services.awaiting_comment(request.user),
        },
    )
