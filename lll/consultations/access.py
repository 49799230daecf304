"""Who sees what in consultations: the office sees everything; a member sees the consultations
and polls of their bodies once opened, and their bodies' study visits.

Views fetch every object through a `get_<thing>_for(request, pk)` helper here: an object the user
may not see answers 404, as one that does not exist.
"""

from typing import Any

from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from lll.coordination.access import visible_bodies
from lll.core.access import has_permission

from .models import Comment, Consultation, Poll, Provision, Recommendation, StudyVisit

MANAGE = "consultations.manage_consultations"


def can_manage(user: Any) -> bool:
    """The coordination office: consultations, polls and study visits."""
    return has_permission(user, MANAGE)


def visible_consultations(user: Any) -> QuerySet[Consultation]:
    """The office sees every consultation; a member those of their bodies once opened."""
    if can_manage(user):
        return Consultation.objects.all()
    ids = Consultation.objects.filter(bodies__in=visible_bodies(user)).values("pk")
    return Consultation.objects.filter(pk__in=ids).exclude(status=Consultation.Status.DRAFT)


def visible_polls(user: Any) -> QuerySet[Poll]:
    """The office sees every poll; a member the polls of their bodies once opened."""
    if can_manage(user):
        return Poll.objects.select_related("body")
    return (
        Poll.objects.filter(body__in=visible_bodies(user))
        .exclude(status=Poll.Status.DRAFT)
        .select_related("body")
    )


def visible_visits(user: Any) -> QuerySet[StudyVisit]:
    """The office sees every study visit; a member those of their bodies."""
    if can_manage(user):
        return StudyVisit.objects.select_related("body")
    return StudyVisit.objects.filter(body__in=visible_bodies(user)).select_related("body")


# ---------------------------------------------------------------------------------------------
# One object for a view, or 404


def get_consultation_for(request: HttpRequest, pk: int) -> Consultation:
    return get_object_or_404(visible_consultations(request.user), pk=pk)


def get_consultation_document_for(request: HttpRequest, pk: int) -> Consultation:
    """A consultation with its draft's file attached, or 404."""
    consultation = get_consultation_for(request, pk)
    if not consultation.document:
        raise Http404
    return consultation


def get_position_for(request: HttpRequest, pk: int) -> Consultation:
    """A consultation whose body has written its position, or 404."""
    consultation = get_consultation_for(request, pk)
    if not consultation.position_text:
        raise Http404
    return consultation


def get_provision_for(request: HttpRequest, pk: int) -> Provision:
    provisions = Provision.objects.filter(consultation__in=visible_consultations(request.user))
    return get_object_or_404(provisions.select_related("consultation"), pk=pk)


def get_comment_for(request: HttpRequest, pk: int) -> Comment:
    """A comment on a consultation the user sees (withdrawn ones too: their author restores
    them; whether the user may change it is the services' rule)."""
    comments = Comment.objects.filter(consultation__in=visible_consultations(request.user))
    return get_object_or_404(comments.select_related("consultation"), pk=pk)


def get_poll_for(request: HttpRequest, pk: int) -> Poll:
    return get_object_or_404(visible_polls(request.user), pk=pk)


def get_visit_for(request: HttpRequest, pk: int) -> StudyVisit:
    return get_object_or_404(visible_visits(request.user), pk=pk)


def get_recommendation_for(request: HttpRequest, pk: int) -> Recommendation:
    recommendations = Recommendation.objects.filter(visit__in=visible_visits(request.user))
    return get_object_or_404(recommendations.select_related("visit"), pk=pk)
