"""Overview: the rounds the user sees, their own open questionnaires, the frameworks."""

from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from lll.core.access import AuthenticatedRequest, requires
from lll.core.exports import export_response, wants_export
from lll.core.paging import page_of
from lll.core.text import search_key

from .. import access
from ..models import ExternalRound, Framework


@requires()
def home(request: AuthenticatedRequest) -> HttpResponse:
    manage = access.can_manage(request.user)
    rounds = (
        access.visible_rounds(request.user)
        .annotate(
            respondent_count=Count("respondents", distinct=True),
            submitted_count=Count(
                "respondents",
                filter=Q(respondents__submitted_at__isnull=False),
                distinct=True,
            ),
        )
        .order_by("-period", "-created_at")
    )  # a count drops the model's ordering (GROUP BY)
    query = request.GET.get("q", "").strip()[:200]
    if query:
        rounds = rounds.filter(
            Q(title__icontains=query)
            | Q(period__icontains=query)
            | Q(region__search_name__contains=search_key(query))
        )
    if wants_export(request):
        headers = [
            _("Round"),
            _("Region"),
            _("Period"),
            _("Framework"),
            _("Status"),
            _("Submitted"),
            _("Respondents"),
        ]
        rows = [
            [
                r.title,
                r.region.name,
                r.period,
                str(r.framework),
                r.get_status_display(),
                r.submitted_count,
                r.respondent_count,
            ]
            for r in rounds
        ]
        return export_response(request, "rundy-samooceny", headers, rows)
    return render(
        request,
        "selfassessment/home.html",
        {
            "rounds": page_of(request, rounds.order_by("-period", "-created_at", "pk")),
            "query": query,
            "mine": access.awaited_answers(request.user),
            "can_manage": manage,
            "frameworks": Framework.objects.annotate(round_count=Count("rounds")).order_by(
                "code", "-version"
            ),
            "externals": ExternalRound.objects.all() if manage else [],
        },
    )
