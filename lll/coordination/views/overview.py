"""The start page of coordination: the user's bodies, meetings and action items."""

from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from lll.core.access import AuthenticatedRequest, requires

from .. import access, panels, services
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
