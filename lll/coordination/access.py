"""Who sees what in coordination: the office sees everything, a member the bodies they belong
to today and those bodies' meetings (approved minutes only).

Views fetch every object through a `get_<thing>_for(request, pk)` helper here: an object the user
may not see answers 404, as one that does not exist; one they see but may not change answers 403.
"""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from lll.core.access import has_permission

from .models import (
    ActionItem,
    AgendaItem,
    Attendance,
    Body,
    Institution,
    Mailing,
    Material,
    Meeting,
    Membership,
    Minutes,
    Outcome,
    Person,
    Resolution,
    Study,
    Vote,
)

MANAGE = "coordination.manage_coordination"


def can_manage(user: Any) -> bool:
    """The coordination office: bodies, people, meetings, minutes and mailings."""
    return has_permission(user, MANAGE)


def person_of(user: Any) -> Person | None:
    """The person a login belongs to (a member of some body), if any."""
    if not user.is_authenticated:
        return None
    return Person.objects.filter(user=user).first()


def visible_bodies(user: Any) -> QuerySet[Body]:
    """The office sees every body; a member sees the bodies they belong to today."""
    if can_manage(user):
        return Body.objects.all()
    person = person_of(user)
    if person is None:
        return Body.objects.none()
    current = Membership.objects.filter(person=person).current()
    return Body.objects.filter(pk__in=current.values("body"))


def visible_meetings(user: Any) -> QuerySet[Meeting]:
    """The meetings of the bodies the user sees."""
    return Meeting.objects.filter(body__in=visible_bodies(user)).select_related("body")


def visible_minutes(user: Any) -> QuerySet[Minutes]:
    """Minutes of the meetings the user sees: every version for the office; for members the
    accepted version and a draft sent to them for comments (until then a draft is the office's
    work in progress)."""
    minutes = Minutes.objects.filter(meeting__in=visible_meetings(user))
    if not can_manage(user):
        minutes = minutes.filter(status__in=[Minutes.Status.COMMENTS, Minutes.Status.APPROVED])
    return minutes.select_related("meeting__body")


def members_see_record(meeting: Meeting) -> bool:
    """Whether members see what the office noted during the meeting (notes, decisions, action
    items): once minutes were sent to them for comments or accepted. Until then the meeting
    page shows them the agenda and the materials only."""
    return meeting.minutes.filter(
        status__in=[Minutes.Status.COMMENTS, Minutes.Status.APPROVED]
    ).exists()


def visible_people(user: Any) -> QuerySet[Person]:
    """People and their contact data are the office's register."""
    return Person.objects.all() if can_manage(user) else Person.objects.none()


def visible_institutions(user: Any) -> QuerySet[Institution]:
    return Institution.objects.all() if can_manage(user) else Institution.objects.none()


def visible_mailings(user: Any) -> QuerySet[Mailing]:
    """Mailings (with every recipient's address) are the office's."""
    if not can_manage(user):
        return Mailing.objects.none()
    return Mailing.objects.filter(meeting__in=visible_meetings(user))


# ---------------------------------------------------------------------------------------------
# One object for a view, or 404


def get_body_for(request: HttpRequest, pk: int) -> Body:
    return get_object_or_404(visible_bodies(request.user), pk=pk)


def get_membership_for(request: HttpRequest, body: Body, pk: int) -> Membership:
    """A membership of `body` (already fetched for this user)."""
    return get_object_or_404(Membership, pk=pk, body=body)


def get_meeting_for(request: HttpRequest, pk: int) -> Meeting:
    return get_object_or_404(visible_meetings(request.user), pk=pk)


def get_agenda_item_for(
    request: HttpRequest, pk: int, meeting: Meeting | None = None
) -> AgendaItem:
    """An agenda item of a meeting the user sees (of `meeting`, when given)."""
    items = AgendaItem.objects.filter(meeting__in=visible_meetings(request.user))
    if meeting is not None:
        items = items.filter(meeting=meeting)
    return get_object_or_404(items.select_related("meeting"), pk=pk)


def get_outcome_for(request: HttpRequest, pk: int, meeting: Meeting) -> Outcome:
    """A decision taken under an agenda item of `meeting` (already fetched for this user)."""
    return get_object_or_404(Outcome, pk=pk, agenda_item__meeting=meeting)


def get_guest_for(request: HttpRequest, pk: int) -> Attendance:
    """A guest's line on the attendance list of a meeting the user sees."""
    guests = Attendance.objects.filter(
        meeting__in=visible_meetings(request.user), status=Attendance.Status.GUEST
    )
    return get_object_or_404(guests, pk=pk)


def get_action_item_for(
    request: HttpRequest, pk: int, meeting: Meeting | None = None
) -> ActionItem:
    """An action item the user may open: any for the office, their own for its owner. Another
    owner's item of a meeting the user sees answers 403; an unseen meeting's, 404."""
    items = ActionItem.objects.filter(meeting__in=visible_meetings(request.user))
    if meeting is not None:
        items = items.filter(meeting=meeting)
    action = get_object_or_404(items.select_related("owner", "meeting"), pk=pk)
    if not can_manage(request.user):
        person = person_of(request.user)
        if person is None or action.owner_id != person.pk:
            raise PermissionDenied
    return action


def openable_action_items(user: Any, items: QuerySet[ActionItem]) -> set[int]:
    """The pks of `items` the user may open (`get_action_item_for` answers neither 404 nor 403):
    a former member still owns their items but no longer sees the meetings they came from."""
    openable = items.filter(meeting__in=visible_meetings(user))
    if not can_manage(user):
        person = person_of(user)
        openable = openable.filter(owner=person) if person else openable.none()
    return set(openable.values_list("pk", flat=True))


def get_material_for(request: HttpRequest, pk: int) -> Material:
    materials = Material.objects.filter(meeting__in=visible_meetings(request.user))
    return get_object_or_404(materials.select_related("meeting"), pk=pk)


def get_mailing_for(request: HttpRequest, pk: int) -> Mailing:
    return get_object_or_404(visible_mailings(request.user).select_related("meeting__body"), pk=pk)


def get_minutes_for(request: HttpRequest, pk: int) -> Minutes:
    return get_object_or_404(visible_minutes(request.user), pk=pk)


def get_person_for(request: HttpRequest, pk: int) -> Person:
    return get_object_or_404(
        visible_people(request.user).select_related("institution", "user"), pk=pk
    )


def get_institution_for(request: HttpRequest, pk: int) -> Institution:
    return get_object_or_404(visible_institutions(request.user), pk=pk)


def visible_studies(user: Any) -> QuerySet[Study]:
    """The body rule: the office sees every study; a member the studies presented at a meeting
    of a body they belong to today (a former member, or an account without a role, none)."""
    studies = Study.objects.select_related("presented_at__body")
    if can_manage(user):
        return studies
    return studies.filter(presented_at__body__in=visible_bodies(user))


def get_study_for(request: HttpRequest, pk: int) -> Study:
    return get_object_or_404(visible_studies(request.user), pk=pk)


def get_study_file_for(request: HttpRequest, pk: int) -> Study:
    """A study with a results file, or 404."""
    study = get_study_for(request, pk)
    if not study.results_file:
        raise Http404
    return study


# ---------------------------------------------------------------------------------------------
# Votes and resolutions: everyone who sees the body sees its votes (open voting) and register


def visible_votes(user: Any) -> QuerySet[Vote]:
    return Vote.objects.filter(body__in=visible_bodies(user)).select_related("body", "meeting")


def get_vote_for(request: HttpRequest, pk: int) -> Vote:
    return get_object_or_404(visible_votes(request.user), pk=pk)


def visible_resolutions(user: Any) -> QuerySet[Resolution]:
    return Resolution.objects.filter(body__in=visible_bodies(user)).select_related("body")


def get_resolution_for(request: HttpRequest, pk: int) -> Resolution:
    return get_object_or_404(visible_resolutions(request.user), pk=pk)
