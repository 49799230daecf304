"""Self-assessment: who sees what, rounds and answers, results, consensus and priorities.

The scoring rules, shown next to the results in the pages and the report:
- Only answers of respondents who submitted count; a draft does not.
- "Don't know" is not a rating: it is counted apart and never enters a median or a mean.
- A criterion's results are over the ratings it received: median, mean, quartiles (inclusive
  method), minimum, maximum and n, the number of ratings.
- An area's score for one respondent is the mean of their ratings of its criteria; the area's
  results are over those scores (n = respondents who rated at least one of its criteria).
- Disagreement is the interquartile range of a criterion's ratings, then its full range.
"""

import datetime
import statistics
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from lll.coordination import services as coordination
from lll.coordination.models import ActionItem, Body, Meeting, Membership, Person, Role
from lll.indicators.models import Indicator
from lll.indicators.services.dashboard import latest_values, series, visible_indicators
from lll.territory.models import Unit

from .models import (
    Answer,
    Area,
    Consensus,
    Criterion,
    Framework,
    Level,
    Priority,
    Respondent,
    Round,
)

MANAGE = "selfassessment.manage_selfassessment"


# ---------------------------------------------------------------------------------------------
# Who sees what


def ready_version(code: str) -> Framework | None:
    """The version a new round should take: the newest already used by a round (a version made
    for editing is unfinished until a round uses it); the newest at all if none was used yet."""
    versions = Framework.objects.filter(code=code).order_by("-version")
    return versions.filter(rounds__isnull=False).distinct().first() or versions.first()


def can_manage(user: Any) -> bool:
    return bool(user.is_authenticated and user.has_perm(MANAGE))


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


def may_see_results(user: Any, round_: Round) -> bool:
    """The office always; a respondent once the answers are closed (discussion or closed)."""
    if can_manage(user):
        return True
    return round_.status != Round.Status.OPEN and respondent_of(user, round_) is not None


# ---------------------------------------------------------------------------------------------
# Frameworks: versions


def criteria_of(framework: Framework) -> QuerySet[Criterion]:
    return Criterion.objects.filter(area__framework=framework).select_related("area")


@transaction.atomic
def new_version(framework: Framework) -> Framework:
    """A copy of the framework as its next version, to be edited while rounds keep theirs."""
    latest = Framework.objects.filter(code=framework.code).order_by("-version").first()
    version = (latest.version if latest else framework.version) + 1
    copy = Framework.objects.create(
        code=framework.code,
        version=version,
        name_pl=framework.name_pl,
        name_en=framework.name_en,
        description_pl=framework.description_pl,
        description_en=framework.description_en,
        based_on=framework,
    )
    for level in framework.levels.all():
        level.pk = None
        level.framework = copy
        level.save()
    for area in framework.areas.prefetch_related("criteria__indicators"):
        criteria = list(area.criteria.all())
        area.pk = None
        area.framework = copy
        area.save()
        for criterion in criteria:
            indicators = list(criterion.indicators.all())
            criterion.pk = None
            criterion.area = area
            criterion.save()
            criterion.indicators.set(indicators)
    return copy


def editable_version(framework: Framework) -> Framework | None:
    """The unused later version of a used framework, if someone already started one."""
    return (
        Framework.objects.filter(code=framework.code, version__gt=framework.version)
        .exclude(rounds__isnull=False)
        .order_by("-version")
        .first()
    )


MIN_LEVELS = 2  # said in words in the message below


class ScaleChangeRefused(Exception):
    """The rating scale cannot change that way; the message says why."""


def next_level(framework: Framework) -> Level:
    """A new, unsaved step at the top of the scale: the scale stays 1, 2, ... with no gaps."""
    top = framework.levels.order_by("-value").values_list("value", flat=True).first()
    return Level(framework=framework, value=(top or 0) + 1)


def remove_level(level: Level) -> None:
    """Only the top step goes (the values below keep their meaning), and a scale keeps two."""
    framework = level.framework
    if framework.is_used:
        raise ScaleChangeRefused(_("A round uses this version; its scale stays as it is."))
    levels = list(framework.levels.order_by("value"))
    if len(levels) <= MIN_LEVELS:
        raise ScaleChangeRefused(_("A rating scale needs at least two levels."))
    if level != levels[-1]:
        raise ScaleChangeRefused(
            _("Only the highest level can be removed, so the values below keep their meaning.")
        )
    level.delete()


def renumber_areas(framework: Framework) -> None:
    for position, area in enumerate(framework.areas.order_by("position", "pk"), start=1):
        if area.position != position:
            area.position = position
            area.save(update_fields=["position"])


def renumber_criteria(area: Area) -> None:
    for position, criterion in enumerate(area.criteria.order_by("position", "pk"), start=1):
        if criterion.position != position:
            criterion.position = position
            criterion.save(update_fields=["position"])


# ---------------------------------------------------------------------------------------------
# Rounds and respondents


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
    day = day or timezone.localdate()
    return list(
        body.memberships_on(day)
        .filter(role__in=[Role.CHAIR, Role.VICE_CHAIR, Role.MEMBER])
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
            round_.body.memberships_on(timezone.localdate())
            .filter(person=person)
            .select_related("person__institution")
            .first()
        )
    group = membership_group(membership) if membership else person_group(person)
    return Respondent.objects.get_or_create(
        round=round_, person=person, defaults={"group": group, "invited": membership is None}
    )


class RoundClosed(Exception):
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


MINUS = "\u2212"


def number(value: float | None) -> str:
    """A result as the pages show it: "3,0", "3,33" in Polish ("3.0" in English), "—" for none;
    "−" (minus sign) for negatives."""
    if value is None:
        return "—"
    text = number_format(value)
    return text.replace("-", MINUS)


def signed(value: float | None) -> str:
    """A change: "+0,33", "−0,5", "0"."""
    if value is None:
        return "—"
    if value == 0:
        return "0"
    return ("+" if value > 0 else MINUS) + number_format(abs(value))


def polish_day(value: datetime.date | datetime.datetime) -> str:
    """A date as the page shows it: "5 sierpnia 2024 r." in Polish, "5 August 2024" in English."""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value)
    text = date_format(value, "j E Y")
    return f"{text} r." if (get_language() or "pl").startswith("pl") else text


def past_deadline(round_: Round, day: datetime.date | None = None) -> bool:
    return round_.closes_on is not None and (day or timezone.localdate()) > round_.closes_on


def _refuse_if_closed(round_: Round) -> None:
    if round_.status != Round.Status.OPEN:
        raise RoundClosed(_("This round no longer accepts answers."))
    if round_.closes_on is not None and past_deadline(round_):
        raise RoundClosed(
            _("Answers were accepted until %(date)s; nothing was saved.")
            % {"date": polish_day(round_.closes_on)}
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


class IncompleteAnswers(Exception):
    pass


def submit(respondent: Respondent) -> None:
    """Hand in the answers: every criterion rated or marked "don't know"."""
    _refuse_if_closed(respondent.round)
    if respondent.submitted_at is not None:
        raise RoundClosed(
            _("Your answers were already submitted on %(date)s.")
            % {"date": polish_day(respondent.submitted_at)}
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


# ---------------------------------------------------------------------------------------------
# Results


@dataclass
class Stats:
    n: int = 0
    median: float | None = None
    mean: float | None = None
    q1: float | None = None
    q3: float | None = None
    low: float | None = None
    high: float | None = None

    @property
    def iqr(self) -> float | None:
        return None if self.q1 is None or self.q3 is None else self.q3 - self.q1

    @property
    def range(self) -> float | None:
        return None if self.low is None or self.high is None else self.high - self.low


def stats(values: list[float]) -> Stats:
    if not values:
        return Stats()
    ordered = sorted(values)
    if len(ordered) > 1:
        q1, _q2, q3 = statistics.quantiles(ordered, n=4, method="inclusive")
    else:
        q1 = q3 = ordered[0]
    return Stats(
        n=len(ordered),
        median=round(float(statistics.median(ordered)), 2),
        mean=round(statistics.fmean(ordered), 2),
        q1=round(q1, 2),
        q3=round(q3, 2),
        low=ordered[0],
        high=ordered[-1],
    )


@dataclass
class CriterionResult:
    criterion: Criterion
    stats: Stats
    dont_know: int


@dataclass
class AreaResult:
    area: Area
    stats: Stats
    consensus: int | None = None
    criteria: list[CriterionResult] = field(default_factory=list)


def submitted_answers(round_: Round) -> QuerySet[Answer]:
    return Answer.objects.filter(
        respondent__round=round_, respondent__submitted_at__isnull=False
    ).select_related("respondent", "criterion__area")


def results(round_: Round) -> list[AreaResult]:
    """Per area (in order) its stats and its criteria's stats, with the agreed consensus."""
    ratings: dict[int, list[float]] = {}
    dont_know: dict[int, int] = {}
    per_respondent: dict[tuple[int, int], list[float]] = {}
    for answer in submitted_answers(round_):
        if answer.dont_know:
            dont_know[answer.criterion_id] = dont_know.get(answer.criterion_id, 0) + 1
        elif answer.rating is not None:
            ratings.setdefault(answer.criterion_id, []).append(answer.rating)
            key = (answer.criterion.area_id, answer.respondent_id)
            per_respondent.setdefault(key, []).append(answer.rating)
    consensus = dict(round_.consensus.values_list("area_id", "rating"))
    areas = round_.framework.areas.prefetch_related(
        Prefetch("criteria", queryset=Criterion.objects.order_by("position"))
    )
    result = []
    for area in areas:
        scores = [
            statistics.fmean(values)
            for (area_id, _r), values in per_respondent.items()
            if area_id == area.pk
        ]
        area_result = AreaResult(area, stats(scores), consensus.get(area.pk))
        for criterion in area.criteria.all():
            area_result.criteria.append(
                CriterionResult(
                    criterion, stats(ratings.get(criterion.pk, [])), dont_know.get(criterion.pk, 0)
                )
            )
        result.append(area_result)
    return result


def disagreement(area_results: list[AreaResult], limit: int = 10) -> list[CriterionResult]:
    """Criteria where respondents disagree most: widest interquartile range, then range."""
    rated = [c for a in area_results for c in a.criteria if c.stats.n >= 2]
    rated.sort(key=lambda c: (-(c.stats.iqr or 0), -(c.stats.range or 0), c.criterion.code))
    return [c for c in rated if (c.stats.range or 0) > 0][:limit]


def previous_round(round_: Round) -> Round | None:
    """The latest closed round of the same framework (any version) and region before this one."""
    return (
        Round.objects.filter(
            framework__code=round_.framework.code,
            region=round_.region,
            status=Round.Status.CLOSED,
            period__lt=round_.period,
        )
        .exclude(pk=round_.pk)
        .order_by("-period", "-created_at")
        .first()
    )


@dataclass
class Change:
    code: str
    name: str
    short: str
    before: float | None
    after: float | None

    @property
    def delta(self) -> float | None:
        if self.before is None or self.after is None:
            return None
        return round(self.after - self.before, 2)


def changes(current: list[AreaResult], before: list[AreaResult]) -> list[Change]:
    """Area medians of two rounds matched by area code (codes stay across versions)."""
    earlier = {a.area.code: a.stats.median for a in before}
    return [
        Change(a.area.code, a.area.name, a.area.short, earlier.get(a.area.code), a.stats.median)
        for a in current
    ]


@dataclass
class Heatmap:
    groups: list[str]
    rows: list[tuple[Criterion, list[float | None]]]


# Respondents see a group's median only where at least this many rated: a group of one or two
# would show what a person answered. The office sees every cell.
SMALL_GROUP = 3


def heatmap(round_: Round, min_ratings: int = 1) -> Heatmap:
    """Median rating of each criterion by respondent group (pillar, sector or institution type);
    cells with fewer than `min_ratings` ratings stay empty."""
    cells: dict[tuple[int, str], list[float]] = {}
    groups: set[str] = set()
    for answer in submitted_answers(round_).exclude(rating__isnull=True):
        group = answer.respondent.group or _("other respondents")
        groups.add(group)
        cells.setdefault((answer.criterion_id, group), []).append(answer.rating or 0)
    ordered = sorted(groups)
    rows = []
    for criterion in criteria_of(round_.framework).order_by("area__position", "position"):
        rows.append(
            (
                criterion,
                [
                    float(statistics.median(cells[(criterion.pk, g)]))
                    if len(cells.get((criterion.pk, g), [])) >= min_ratings
                    else None
                    for g in ordered
                ],
            )
        )
    return Heatmap(ordered, rows)


def comments(round_: Round) -> list[Answer]:
    """Submitted answers with a comment or evidence, by criterion, without who wrote them."""
    return list(
        submitted_answers(round_)
        .exclude(comment="", evidence_link="", evidence_file="")
        .order_by("criterion__area__position", "criterion__position", "pk")
    )


# ---------------------------------------------------------------------------------------------
# Evidence from the monitoring


@dataclass
class IndicatorEvidence:
    indicator: Indicator
    period: str
    value: float
    previous: float | None
    trend: str  # up, down, flat or ""


def indicator_evidence(criteria: list[Criterion], user: Any, region: Unit) -> dict[int, list[Any]]:
    """Per criterion, the latest value and trend of its linked indicators in the region."""
    visible = visible_indicators(user)
    links: dict[int, list[Indicator]] = {}
    for criterion in criteria:
        links[criterion.pk] = [i for i in criterion.indicators.all() if i in visible]
    indicators = list({i.pk: i for items in links.values() for i in items}.values())
    if not indicators:
        return {}
    latest = latest_values(indicators, [region])
    result: dict[int, list[Any]] = {}
    for criterion_id, items in links.items():
        for indicator in items:
            if (indicator.pk, region.pk) not in latest:
                continue
            points = series(indicator, [region])[region]
            period, value = latest[(indicator.pk, region.pk)]
            previous = points[-2][1] if len(points) > 1 else None
            trend = ""
            if previous is not None:
                trend = "up" if value > previous else "down" if value < previous else "flat"
            result.setdefault(criterion_id, []).append(
                IndicatorEvidence(indicator, period, value, previous, trend)
            )
    return result


# ---------------------------------------------------------------------------------------------
# Consensus and priorities


@transaction.atomic
def record_consensus(round_: Round, ratings: dict[Area, tuple[int | None, str]]) -> None:
    for area, (rating, note) in ratings.items():
        Consensus.objects.update_or_create(
            round=round_, area=area, defaults={"rating": rating, "note": note.strip()}
        )


def put_on_board(priority: Priority, meeting: Meeting) -> ActionItem:
    """The priority becomes an action item of a meeting, so the follow-up board tracks it."""
    if priority.action_item_id is not None and priority.action_item is not None:
        return priority.action_item
    with transaction.atomic():
        item = ActionItem.objects.create(
            meeting=meeting,
            title=priority.action,
            owner=priority.owner,
            due_date=priority.due_date,
            progress_note=_("Priority of the self-assessment “%(round)s”.")
            % {"round": priority.round.title},
        )
        priority.action_item = item
        priority.save(update_fields=["action_item"])
    return item


def levels_of(framework: Framework) -> list[Level]:
    return list(framework.levels.order_by("value"))
