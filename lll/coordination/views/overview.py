"""The start page of coordination: the user's bodies, meetings and action items."""

from django.contrib import messages
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lll.core.access import AuthenticatedRequest, requires
from lll.core.errors import UserError

from .. import access, panels, services
from ..access import MANAGE
from ..forms import DutyDoneForm
from ..models import ActionItem, current_on
from ..services import votes as vote_service


@requires()
def home(request: AuthenticatedRequest) -> HttpResponse:
    meetings = access.visible_meetings(request.user)
    now = timezone.now()
    my_actions = services.my_action_items(request.user)
    return render(
        request,
        "coordination/home.html",
        {
            "bodies": access.visible_bodies(request.user)
            .annotate(
                member_count=Count(
                    "memberships", filter=current_on(prefix="memberships__"), distinct=True
                )
            )
            .order_by("name", "pk"),
            "upcoming": meetings.filter(starts_at__gte=now).order_by("starts_at")[:5],
            "recent": meetings.filter(starts_at__lt=now).order_by("-starts_at")[:5],
            "my_actions": my_actions,
            # A former member's items stay listed, unlinked: their meetings are no longer theirs.
            "openable_actions": access.openable_action_items(request.user, my_actions),
            "open_actions": services.open_action_items(
                ActionItem.objects.filter(meeting__in=meetings)
            ).count(),
            "person": access.person_of(request.user),
            "my_votes": vote_service.open_votes_for(access.person_of(request.user)),
            "panels": panels.overview_panels(request),
            "can_manage": access.can_manage(request.user),
            "deadlines": services.statutory_deadlines() if access.can_manage(request.user) else [],
        },
    )


@requires(MANAGE)
@require_POST
def duty_done(request: AuthenticatedRequest) -> HttpResponse:
    """The office marks a statutory duty done (the copy to the marshal, the yearly report)."""
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure()):
        back = reverse("coordination:home")
    form = DutyDoneForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Done on: give the date."))
        return redirect(back)
    data = form.cleaned_data
    body = access.get_body_for(request, data["body"])
    minutes = access.get_minutes_for(request, data["minutes"]) if data.get("minutes") else None
    if minutes is not None and minutes.meeting.body_id != body.pk:
        minutes = None
    try:
        services.mark_done(
            body, data["duty"], request.user, data["done_on"], minutes=minutes, year=data["year"]
        )
    except UserError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Marked done."))
    return redirect(back)
