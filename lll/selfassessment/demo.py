"""Demo data: last year's closed self-assessment round of the demo WZK, with fictional answers.

The answers are drawn from a fixed seed around a profile of the region (stronger in strategy and
coordination, weaker in evaluation and the digital divide), so every load gives the same numbers.
Needs the COMORELP framework and the demo coordination team (`lll load_demo_coordination`).
Running it again changes nothing.
"""

import datetime
import random
import statistics
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lll.coordination.models import Body
from lll.coordination.services import polish_order
from lll.core.demo import require
from lll.territory.services import home_region

from . import frameworks, services
from .models import Answer, Consensus, Framework, Priority, Respondent, Round

DEMO_TITLE = "Samoocena polityki LLL województwa 2024 (dane demonstracyjne)"
# The team's view of the region, area by area (COMORELP codes): a typical middle-of-the-road
# profile, not the real assessment of any region.
PROFILE = {
    "A1": 3.6, "A2": 3.4, "A3": 3.2, "A4": 2.9, "A5": 2.4, "A6": 3.0, "A7": 3.1,
    "A8": 2.5, "A9": 2.7, "A10": 2.6, "A11": 2.1, "A12": 3.0, "A13": 2.2, "A14": 2.0,
}  # fmt: skip
RESPONDENTS = 14
PRIORITIES = [
    (
        "A14",
        "Opracować plan ewaluacji regionalnej polityki LLL z badaniem losów uczestników szkoleń",
        "wup_research",
        "2025-06-30",
    ),
    (
        "A11",
        "Uruchomić sieć punktów szkoleń cyfrowych w bibliotekach gminnych powiatów wschodnich",
        "umwp_education",
        "2025-10-31",
    ),
    (
        "A4",
        "Włączyć dane o udziale dorosłych w uczeniu się według powiatów do raportu rocznego",
        "wup_research",
        "2025-03-31",
    ),
]


def _answer(rng: random.Random, base: float) -> tuple[int | None, bool]:
    if rng.random() < 0.07:
        return None, True
    return max(1, min(5, round(rng.gauss(base, 0.85)))), False


@transaction.atomic
def load_demo() -> dict[str, int]:
    framework = require(
        Framework.objects.filter(code=frameworks.COMORELP_CODE, version=1).first(),
        "load_comorelp",
        "COMORELP",
    )
    if Round.objects.filter(is_demo=True, title=DEMO_TITLE).exists():
        return {"rounds": 0, "answers": 0}
    region = require(home_region(), "load_territory", _("The home region"))
    body = require(Body.objects.filter(short_name="WZK").first(), "load_demo_coordination", "WZK")
    round_ = Round.objects.create(
        framework=framework,
        title=DEMO_TITLE,
        region=region,
        period="2024",
        body=body,
        closes_on=datetime.date(2024, 11, 29),
        status=Round.Status.CLOSED,
        is_demo=True,
        consensus_note=(
            "Dyskusja na posiedzeniu WZK (dane demonstracyjne): zespół uznał, że najsłabszymi "
            "obszarami są ewaluacja, docenianie uczenia się i wykluczenie cyfrowe."
        ),
    )
    members = polish_order(services.team_members(body, datetime.date(2024, 11, 15)))
    rng = random.Random(2024)  # noqa: S311 - demo numbers, not secrets
    criteria = list(services.criteria_of(framework))
    submitted = timezone.make_aware(datetime.datetime(2024, 11, 28, 12, 0))
    answers: list[Answer] = []
    for membership in members[:RESPONDENTS]:
        respondent = Respondent.objects.create(
            round=round_,
            person=membership.person,
            group=services.membership_group(membership),
            submitted_at=submitted,
        )
        lean = rng.gauss(0, 0.35)  # some people see everything a little brighter
        for criterion in criteria:
            rating, dont_know = _answer(rng, PROFILE.get(criterion.area.code, 3) + lean)
            answers.append(
                Answer(
                    respondent=respondent, criterion=criterion, rating=rating, dont_know=dont_know
                )
            )
    Answer.objects.bulk_create(answers)
    for result in services.results(round_):
        if result.stats.median is not None:
            Consensus.objects.create(
                round=round_, area=result.area, rating=round(result.stats.median)
            )
    people = {m.person.email.split("@")[0]: m.person for m in members}
    keys = {"wup_research": "ewelina", "umwp_education": ""}
    for code, action, owner_key, due in PRIORITIES:
        owner = _owner(people, keys.get(owner_key, ""), members)
        Priority.objects.create(
            round=round_,
            area=framework.areas.get(code=code),
            action=action,
            owner=owner,
            due_date=datetime.date.fromisoformat(due),
        )
    return {"rounds": 1, "answers": len(answers)}


def _owner(people: dict[str, Any], prefix: str, members: list[Any]) -> Any:
    for key, person in people.items():
        if prefix and key.startswith(prefix):
            return person
    return members[0].person


def example_results(seed: int = 12, respondents: int = 16) -> dict[str, Any]:
    """Numbers in the shape of an export, for the example file of another region (not real)."""
    framework = Framework.objects.get(code="comorelp", version=1)
    rng = random.Random(seed)  # noqa: S311 - example numbers, not secrets
    profile = {code: min(4.6, base + rng.uniform(-0.6, 0.9)) for code, base in PROFILE.items()}
    areas = []
    for area in framework.areas.prefetch_related("criteria"):
        per_person: list[float] = []
        criteria = []
        ratings_by_criterion: dict[str, list[int]] = {}
        dont_know: dict[str, int] = {}
        for _person in range(respondents):
            own = []
            for criterion in area.criteria.all():
                rating, unknown = _answer(rng, profile[area.code])
                if unknown:
                    dont_know[criterion.code] = dont_know.get(criterion.code, 0) + 1
                elif rating is not None:
                    own.append(rating)
                    ratings_by_criterion.setdefault(criterion.code, []).append(rating)
            if own:
                per_person.append(statistics.fmean(own))
        for criterion in area.criteria.all():
            s = services.stats([float(v) for v in ratings_by_criterion.get(criterion.code, [])])
            criteria.append(
                {"code": criterion.code, **_plain(s), "dont_know": dont_know.get(criterion.code, 0)}
            )
        s = services.stats(per_person)
        areas.append(
            {
                "code": area.code,
                "name_pl": area.name_pl,
                "name_en": area.name_en,
                **_plain(s),
                "consensus": round(s.median) if s.median is not None else None,
                "criteria": criteria,
            }
        )
    return {"areas": areas, "respondents": respondents}


def _plain(s: services.Stats) -> dict[str, Any]:
    return {
        "n": s.n,
        "median": s.median,
        "mean": s.mean,
        "q1": s.q1,
        "q3": s.q3,
        "min": s.low,
        "max": s.high,
    }
