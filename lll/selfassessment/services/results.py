"""Results of a round, and how they are scored (shown next to the results in the pages and the
report):
- Only answers of respondents who submitted count; a draft does not.
- "Don't know" is not a rating: it is counted apart and never enters a median or a mean.
- A criterion's results are over the ratings it received: median, mean, quartiles (inclusive
  method), minimum, maximum and n, the number of ratings.
- An area's score for one respondent is the mean of their ratings of its criteria; the area's
  results are over those scores (n = respondents who rated at least one of its criteria).
- Disagreement is the interquartile range of a criterion's ratings, then its full range.
"""

import statistics
from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from ..models import Answer, Area, Criterion, Round
from .versions import criteria_of

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
