"""Study visits: the list, a visit's page, its recommendations put on the follow-up board."""

from django.contrib import messages
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lll.core.access import AuthenticatedRequest, requires
from lll.core.errors import UserError
from lll.core.exports import wants_export
from lll.core.paging import page_of

from .. import access, services
from ..access import MANAGE
from ..forms import ActionForm, RecommendationForm, VisitForm
from ..models import Recommendation
from .common import form_page
from .tables import VISITS


@requires()
def visit_list(request: AuthenticatedRequest) -> HttpResponse:
    visits = (
        access.visible_visits(request.user)
        .annotate(people=Count("participants"))
        .order_by("-starts_on", "title", "pk")
    )
    query = request.GET.get("q", "").strip()
    if query:
        visits = visits.filter(
            Q(title__icontains=query) | Q(country__icontains=query) | Q(themes__icontains=query)
        )
    if wants_export(request):
        return VISITS.export(request, visits)
    page = page_of(request, visits)
    return render(
        request,
        "consultations/visit_list.html",
        {
            "page": page,
            "table": VISITS.bind(page.object_list),
            "query": query,
            "can_manage": access.can_manage(request.user),
        },
    )


@requires()
def visit_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    visit = access.get_visit_for(request, pk)
    can_manage = access.can_manage(request.user)
    return render(
        request,
        "consultations/visit_detail.html",
        {
            "visit": visit,
            "participants": visit.participants.select_related("institution"),
            "recommendations": visit.recommendations.select_related("action_item__meeting"),
            "poll_visible": visit.poll_id is not None
            and access.visible_polls(request.user).filter(pk=visit.poll_id).exists(),
            "recommendation_form": RecommendationForm() if can_manage else None,
            "can_manage": can_manage,
        },
    )


@requires(MANAGE)
def visit_edit(request: AuthenticatedRequest, pk: int | None = None) -> HttpResponse:
    visit = access.get_visit_for(request, pk) if pk else None
    form = VisitForm(request.POST or None, instance=visit)
    if request.method == "POST" and form.is_valid():
        visit = form.save()
        messages.success(request, _("The study visit was saved."))
        return redirect(visit)
    title = _("Edit the study visit") if visit else _("New study visit")
    back = visit.get_absolute_url() if visit else reverse("consultations:visit_list")
    return form_page(request, form, title, back)


@requires(MANAGE)
@require_POST
def recommendation_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    visit = access.get_visit_for(request, pk)
    form = RecommendationForm(request.POST)
    if form.is_valid():
        Recommendation.objects.create(visit=visit, text=form.cleaned_data["text"].strip())
        messages.success(request, _("The recommendation was added."))
    else:
        messages.error(request, _("Write the recommendation."))
    return redirect(visit.get_absolute_url() + "#recommendations")


@requires(MANAGE)
def recommendation_action(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    recommendation = access.get_recommendation_for(request, pk)
    visit = recommendation.visit
    form = ActionForm(request.POST or None, visit=visit)
    if request.method == "POST" and form.is_valid():
        try:
            services.recommendation_to_action(
                recommendation,
                form.cleaned_data["meeting"],
                form.cleaned_data["owner"],
                form.cleaned_data["due_date"],
            )
        except UserError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The recommendation is now on the follow-up board."))
        return redirect(visit.get_absolute_url() + "#recommendations")
    return form_page(
        request,
        form,
        _("Put the recommendation on the follow-up board"),
        visit.get_absolute_url(),
        recommendation=recommendation,
    )
