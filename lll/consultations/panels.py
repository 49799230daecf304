"""Polls on coordination's pages: a meeting's polls on its page, and the polls awaiting the
member's vote on their overview (registered in `ConsultationsConfig.ready`)."""

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from lll.coordination.access import person_of
from lll.coordination.models import Meeting

from . import access, services


def meeting_polls(request: HttpRequest, meeting: Meeting) -> SafeString | str:
    polls = list(access.visible_polls(request.user).filter(meeting=meeting))
    if not polls and not access.can_manage(request.user):
        return ""
    rows = [(poll, services.results(poll)) for poll in polls]
    return mark_safe(  # noqa: S308 - a rendered template, escaped by Django
        render_to_string(
            "consultations/_meeting_polls.html",
            {"rows": rows, "meeting": meeting, "can_manage": access.can_manage(request.user)},
            request=request,
        )
    )


def polls_to_vote(request: HttpRequest) -> SafeString | str:
    polls = services.polls_awaiting(person_of(request.user))
    if not polls:
        return ""
    return mark_safe(  # noqa: S308 - a rendered template, escaped by Django
        render_to_string("consultations/_polls_awaiting.html", {"polls": polls}, request=request)
    )
