"""Rounds and respondents: opening a round for a team, the answers, submitting, progress."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lll.coordination.models import Body, Membership, Person, Role
from lll.core.dates import long_date
from lll.core.errors import UserError
from lll.territory.models import Unit

from ..models import Answer, Criterion, Framework, Respondent, Round
from .versions import criteria_of


def membership_group(membership: Membership) -> str:
    if membership.represents:
        return membership.represents
    institution = membership.person.institution
    return institution.get_kind_display() if institution else ""


def person_group(person: Person) -> str:
    institution = person.institution
    return str(institution.get_kind_display()) if institution else _("invited stakeholders")


def team_members(body: Body, day: datetime.date | None = None) -> list[Membership]:
    """Who answers for a body: its current members and leaders, not its secretary or guests."""
    return list(
        Membership.objects.current(day)
        .filter(body=body, role__in=[Role.CHAIR, Role.VICE_CHAIR, Role.MEMBER])
        .select_related("person__institution")
    )


@transaction.atomic
def create_round(
    *,
    framework: Framework,
    title: str,
    region: Unit,
    period: str,
    body: Body | None,
    closes_on: datetime.date | None,
    user: Any,
    add_members: bool = True,
) -> Round:
    round_ = Round.objects.create(
        framework=framework,
        title=title,
        region=region,
        period=period,
        body=body,
        closes_on=closes_on,
        created_by=user if getattr(user, "pk", None) else None,
    )
    if body is not None and add_members:
        for membership in team_members(body):
            Respondent.objects.get_or_create(
                round=round_,
                person=membership.person,
                defaults={"group": membership_group(membership)},
            )
    return round_


def add_respondent(round_: Round, person: Person) -> tuple[Respondent, bool]:
    """Add a person; a member of the round's body gets their pillar as group, others are
    invited stakeholders grouped by their institution's type."""
    membership = None
    if round_.body is not None:
        membership = (
            Membership.objects.current()
            .filter(body=round_.body, person=person)
            .select_related("person__institution")
            .first()
        )
    group = membership_group(membership) if membership else person_group(person)
    return Respondent.objects.get_or_create(
        round=round_, person=person, defaults={"group": group, "invited": membership is None}
    )


class RoundClosed(UserError):
    pass


@dataclass
class AnswerInput:
    criterion: Criterion
    rating: int | None
    dont_know: bool
    comment: str = ""
    evidence_link: str = ""
    evidence_file: Any = None
    remove_file: bool = False


def past_deadline(round_: Round, day: datetime.date | None = None) -> bool:
    return round_.closes_on is not None and (day or timezone.localdate()) > round_.closes_on


def _refuse_if_closed(round_: Round) -> None:
    if round_.status != Round.Status.OPEN:
        raise RoundClosed(_("This round no longer accepts answers."))
    if round_.closes_on is not None and past_deadline(round_):
        raise RoundClosed(
            _("Answers were accepted until %(date)s; nothing was saved.")
            % {"date": long_date(round_.closes_on)}
        )


@transaction.atomic
def save_answers(respondent: Respondent, inputs: Iterable[AnswerInput]) -> int:
    """Store (or update) a respondent's answers to some criteria; returns how many are answered."""
    round_ = respondent.round
    _refuse_if_closed(round_)
    if respondent.submitted_at is not None:
        raise RoundClosed(_("Your answers were submitted; they can no longer be changed."))
    values = set(round_.framework.levels.values_list("value", flat=True))
    answered = 0
    for item in inputs:
        if item.criterion.area.framework_id != round_.framework_id:
            raise ValueError("criterion of another framework")
        rating = item.rating
        if rating is not None and rating not in values:
            raise ValueError(f"rating {rating} is not on the scale")
        answer, _created = Answer.objects.get_or_create(
            respondent=respondent, criterion=item.criterion
        )
        answer.rating = None if item.dont_know else rating
        answer.dont_know = item.dont_know
        answer.comment = item.comment.strip()
        answer.evidence_link = item.evidence_link.strip()
        if item.remove_file and answer.evidence_file:
            answer.evidence_file.delete(save=False)
            answer.evidence_file = ""
        if item.evidence_file is not None:
            answer.evidence_file = item.evidence_file
        answer.save()
        answered += answer.is_answered
    return answered


def missing_criteria(respondent: Respondent) -> list[Criterion]:
    answered = set(
        Answer.objects.filter(respondent=respondent)
        .exclude(rating__isnull=True, dont_know=False)
        .values_list("criterion_id", flat=True)
    )
    return [c for c in criteria_of(respondent.round.framework) if c.pk not in answered]


class IncompleteAnswers(UserError):
    pass


def submit(respondent: Respondent) -> None:
    """Hand in the answers: every criterion rated or marked "don't know"."""
    _refuse_if_closed(respondent.round)
    if respondent.submitted_at is not None:
        raise RoundClosed(
            _("Your answers were already submitted on %(date)s.")
            % {"date": long_date(respondent.submitted_at)}
        )
    missing = missing_criteria(respondent)
    if missing:
        raise IncompleteAnswers(
            _("Answer every criterion first (a rating or “don't know”); missing: %(codes)s.")
            % {"codes": ", ".join(c.code for c in missing)}
        )
    respondent.submitted_at = timezone.now()
    respondent.save(update_fields=["submitted_at"])


def set_status(round_: Round, status: str) -> None:
    if status not in Round.Status.values:
        raise ValueError(status)
    round_.status = status
    round_.save(update_fields=["status"])


@dataclass
class ProgressRow:
    respondent: Respondent
    answered: int
    dont_know: int
    total: int

    @property
    def percent(self) -> int:
        return round(100 * self.answered / self.total) if self.total else 0


def progress(round_: Round) -> list[ProgressRow]:
    total = criteria_of(round_.framework).count()
    rows = []
    respondents = round_.respondents.select_related("person__institution").prefetch_related(
        "answers"
    )
    for respondent in respondents:
        answers = list(respondent.answers.all())
        rows.append(
            ProgressRow(
                respondent,
                sum(1 for a in answers if a.is_answered),
                sum(1 for a in answers if a.dont_know),
                total,
            )
        )
    return rows
