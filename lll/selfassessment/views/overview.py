"""Overview: the rounds the user sees, their own open questionnaires, the frameworks."""

from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.html import format_html
from django.utils.translation import gettext_lazy

from lll.core.access import AuthenticatedRequest, requires
from lll.core.exports import wants_export
from lll.core.paging import page_of
from lll.core.tables import Column, Table, demo_badge
from lll.core.text import search_key

from .. import access
from ..models import ExternalRound, Framework

ROUNDS = Table(
    "rundy-samooceny",
    gettext_lazy("Table of self-assessment rounds"),
    [
        Column(
            gettext_lazy("Round"),
            lambda r: r.title,
            cell=lambda r: format_html(
                '<a href="{}">{}</a>{}', r.get_absolute_url(), r.title, demo_badge(r)
            ),
        ),
        Column(gettext_lazy("Region"), lambda r: r.region.name),
        Column(gettext_lazy("Period"), lambda r: r.period),
        Column(gettext_lazy("Framework"), lambda r: str(r.framework)),
        Column(gettext_lazy("Status"), lambda r: r.get_status_display()),
        Column(
            gettext_lazy("Submitted"),
            lambda r: r.submitted_count,
            cell=lambda r: f"{r.submitted_count} / {r.respondent_count}",
            numeric=True,
        ),
        Column(gettext_lazy("Respondents"), lambda r: r.respondent_count, page=False),
    ],
)


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
        return ROUNDS.export(request, rounds)
    page = page_of(request, rounds.order_by("-period", "-created_at", "pk"))
    return render(
        request,
        "selfassessment/home.html",
        {
            "rounds": page,
            "table": ROUNDS.bind(page.object_list),
            "query": query,
            "mine": access.awaited_answers(request.user),
            "can_manage": manage,
            "frameworks": Framework.objects.annotate(round_count=Count("rounds")).order_by(
                "code", "-version"
            ),
            "externals": ExternalRound.objects.all() if manage else [],
        },
    )
