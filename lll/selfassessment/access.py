"""Who sees what in the self-assessment, and the one way views fetch its objects.

- The office (the `manage_selfassessment` permission) sees and edits everything; anyone else
  gets 403 on the office's pages.
- A respondent sees the rounds they answer for, their own answers and attached files, and a
  round's results once its answers are closed (discussion or closed).
- Anything else answers 404, whether it exists or not: a stranger learns nothing.
"""

from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404

from lll.coordination import services as coordination
from lll.core.access import AuthenticatedRequest, has_permission

from .models import (
    Answer,
    Area,
    Criterion,
    ExternalRound,
    Framework,
    Level,
    Priority,
    Respondent,
    Round,
)

MANAGE = "selfassessment.manage_selfassessment"

M = TypeVar("M", bound=Model)


def can_manage(user: Any) -> bool:
    return has_permission(user, MANAGE)


def visible_rounds(user: Any) -> QuerySet[Round]:
    """The office sees every round; anyone else the rounds they are a respondent of."""
    rounds = Round.objects.select_related("framework", "region", "body")
    if can_manage(user):
        return rounds
    person = coordination.person_of(user)
    if person is None:
        return rounds.none()
    return rounds.filter(respondents__person=person)


def respondent_of(user: Any, round_: Round) -> Respondent | None:
    person = coordination.person_of(user)
    if person is None:
        return None
    return round_.respondents.filter(person=person).select_related("person").first()


def awaited_answers(user: Any) -> QuerySet[Respondent]:
    """The user's places among the respondents of rounds still open for answers."""
    person = coordination.person_of(user)
    if person is None:
        return Respondent.objects.none()
    return Respondent.objects.filter(person=person, round__status=Round.Status.OPEN).select_related(
        "round"
    )


def may_see_results(user: Any, round_: Round) -> bool:
    """The office always; a respondent once the answers are closed (discussion or closed)."""
    if can_manage(user):
        return True
    return round_.status != Round.Status.OPEN and respondent_of(user, round_) is not None


def may_open_evidence(user: Any, answer: Answer) -> bool:
    """An attached file: the office, and the respondent who attached it."""
    if can_manage(user):
        return True
    mine = respondent_of(user, answer.respondent.round)
    return mine is not None and mine.pk == answer.respondent_id


# ---------------------------------------------------------------------------------------------
# Objects for a request: the object, or 404 (403 on the office's objects for anyone else)


def _found(objects: QuerySet[M], **lookup: Any) -> M:
    found = objects.filter(**lookup).first()
    if found is None:
        raise Http404
    return found


def _office_only(request: AuthenticatedRequest) -> None:
    if not can_manage(request.user):
        raise PermissionDenied


def get_round_for(request: AuthenticatedRequest, pk: int) -> Round:
    """A round the user sees: any for the office, their own for a respondent."""
    return _found(visible_rounds(request.user), pk=pk)


def get_results_round_for(request: AuthenticatedRequest, pk: int) -> Round:
    """A round whose results the user may read."""
    round_ = get_round_for(request, pk)
    if not may_see_results(request.user, round_):
        raise Http404
    return round_


def get_managed_round_for(request: AuthenticatedRequest, pk: int) -> Round:
    """A round the office edits (its settings, respondents, consensus and priorities)."""
    _office_only(request)
    return _found(Round.objects.select_related("framework", "region", "body"), pk=pk)


def get_my_respondent_for(request: AuthenticatedRequest, round_pk: int) -> Respondent:
    """The user's own place among a round's respondents (404 if they answer for none)."""
    respondent = respondent_of(request.user, get_round_for(request, round_pk))
    if respondent is None:
        raise Http404
    return respondent


def get_area_to_answer(respondent: Respondent, code: str) -> Area:
    """An area of the framework the respondent's round uses, by its code."""
    return _found(respondent.round.framework.areas.all(), code=code)


def get_respondent_for(request: AuthenticatedRequest, pk: int) -> Respondent:
    """A respondent of any round, for the office."""
    _office_only(request)
    return _found(Respondent.objects.select_related("round", "person"), pk=pk)


def get_evidence_for(request: AuthenticatedRequest, pk: int) -> Answer:
    """An answer whose attached file the user may open (404 also when no file is attached)."""
    answer = _found(Answer.objects.select_related("respondent__round"), pk=pk)
    if not answer.evidence_file or not may_open_evidence(request.user, answer):
        raise Http404
    return answer


def get_framework_for(request: AuthenticatedRequest, pk: int) -> Framework:
    _office_only(request)
    return _found(Framework.objects.all(), pk=pk)


def get_level_for(request: AuthenticatedRequest, pk: int) -> Level:
    _office_only(request)
    return _found(Level.objects.select_related("framework"), pk=pk)


def get_area_for(
    request: AuthenticatedRequest, pk: int, framework: Framework | None = None
) -> Area:
    """An area (of `framework` when given: an edit link names both)."""
    _office_only(request)
    areas = Area.objects.select_related("framework")
    return _found(areas.filter(framework=framework) if framework else areas, pk=pk)


def get_criterion_for(
    request: AuthenticatedRequest, pk: int, area: Area | None = None
) -> Criterion:
    """A criterion (of `area` when given)."""
    _office_only(request)
    criteria = Criterion.objects.select_related("area__framework")
    return _found(criteria.filter(area=area) if area else criteria, pk=pk)


def get_priority_for(request: AuthenticatedRequest, pk: int) -> Priority:
    _office_only(request)
    return _found(Priority.objects.select_related("round", "owner"), pk=pk)


def get_external_for(request: AuthenticatedRequest, pk: int) -> ExternalRound:
    _office_only(request)
    return _found(ExternalRound.objects.all(), pk=pk)
