"""The WRRP opinion register: requests, opinions, deadlines."""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from lll.coordination.models import Body, BodyKind, Meeting
from lll.territory.models import Level, Unit

# `documents.py` asks for the home region by this name: the one rule is in territory.
from lll.territory.services import require_home_region as home_region  # noqa: F401

from ..models import (
    Demand,
    Exemption,
    ForecastEntry,
    Opinion,
    OpinionRequest,
    five_years_after,
)
from .evidence import evidence_for, latest_forecast_year
from .school_years import start_of


def wrrp_meetings() -> QuerySet[Meeting]:
    return Meeting.objects.filter(body__kind=BodyKind.WRRP).select_related("body")


def wrrp_body() -> Body | None:
    return Body.objects.filter(kind=BodyKind.WRRP).order_by("pk").first()


def forecast_listing(request: OpinionRequest) -> ForecastEntry | None:
    """The entry that exempts the request: the occupation on the Minister's forecast for the
    year the education starts in (the forecast of year Y serves the school year Y/Y+1)."""
    year = latest_forecast_year(start_of(request.start_year))
    return (
        ForecastEntry.objects.filter(
            occupation=request.occupation,
            year=year,
            unit__in=[request.school.powiat.parent_id, *_country_ids()],
        )
        .select_related("unit")
        .order_by("demand")
        .first()
    )


def _country_ids() -> list[int]:
    return list(Unit.objects.filter(level=Level.COUNTRY).values_list("pk", flat=True))


def suggested_exemption(request: OpinionRequest) -> str:
    """Why the request may need no opinion: the forecast, or an auxiliary occupation whose
    parent occupation the school already has a valid opinion for."""
    if forecast_listing(request) is not None:
        return Exemption.FORECAST
    parent = request.occupation.parent
    if parent is not None:
        today = timezone.localdate()
        if OpinionRequest.objects.filter(
            school=request.school,
            occupation=parent,
            opinion=Opinion.POSITIVE,
            valid_until__gte=today,
        ).exists():
            return Exemption.AUXILIARY
    return Exemption.NONE


@transaction.atomic
def record_opinion(
    request: OpinionRequest,
    opinion: str,
    resolution_number: str,
    decided_on: datetime.date,
    text: str,
    exemption: str = "",
) -> OpinionRequest:
    """The council's opinion with its resolution; valid for 5 years; the evidence the council
    read is kept with it as it was that day."""
    request.opinion = opinion
    request.resolution_number = resolution_number
    request.decided_on = decided_on
    request.opinion_text = text
    request.exemption = exemption
    request.valid_until = five_years_after(decided_on) if opinion == Opinion.POSITIVE else None
    request.evidence = evidence_for(request).as_json()
    request.save()
    return request


@dataclass
class Deadlines:
    by_meeting: list[tuple[Meeting | None, list[OpinionRequest]]]
    overdue: list[OpinionRequest]
    expiring: list[OpinionRequest]


OVERDUE_AFTER_DAYS = 60


def deadlines(today: datetime.date | None = None) -> Deadlines:
    """Pending requests by meeting; overdue ones (their meeting passed, or none set 60 days
    after receipt); positive opinions expiring within a year."""
    today = today or timezone.localdate()
    pending = list(
        OpinionRequest.objects.filter(opinion=Opinion.PENDING)
        .select_related("school", "occupation", "meeting__body")
        .order_by("meeting__starts_at", "received_on")
    )
    groups: dict[int | None, tuple[Meeting | None, list[OpinionRequest]]] = {}
    overdue = []
    for item in pending:
        groups.setdefault(item.meeting_id, (item.meeting, []))[1].append(item)
        if item.meeting is not None:
            if timezone.localdate(item.meeting.starts_at) < today:
                overdue.append(item)
        elif (today - item.received_on).days > OVERDUE_AFTER_DAYS:
            overdue.append(item)
    by_meeting = sorted(
        groups.values(),
        key=lambda g: (g[0] is None, g[0].starts_at if g[0] else timezone.now()),
    )
    expiring = list(
        OpinionRequest.objects.filter(
            opinion=Opinion.POSITIVE,
            valid_until__gte=today,
            valid_until__lte=today + datetime.timedelta(days=365),
        )
        .select_related("school", "occupation")
        .order_by("valid_until")
    )
    return Deadlines(by_meeting, overdue, expiring)


def demand_label(demand: str) -> str:
    return str(Demand(demand).label)
