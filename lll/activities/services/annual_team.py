"""The annual report's figures from the other apps: the coordination team's year (its meetings,
resolutions and recommendations with what became of them) and the self-assessment rounds of
the year. They are read here as text rows and frozen with the report's other figures."""

from typing import Any

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from lll.coordination.models import (
    ActionItem,
    Body,
    BodyKind,
    Meeting,
    Outcome,
    Resolution,
)
from lll.core.dates import long_date
from lll.selfassessment.models import Round
from lll.selfassessment.services.results import number, results
from lll.territory.services import home_region

HELD = (
    Meeting.Status.HELD,
    Meeting.Status.MINUTES_DRAFTED,
    Meeting.Status.MINUTES_APPROVED,
)


def team_bodies() -> list[Body]:
    """The regional coordination team(s) (WZK) whose year the report tells."""
    return list(Body.objects.filter(kind=BodyKind.WZK).order_by("pk"))


def coordination_year(year: int) -> dict[str, Any]:
    """The team's meetings held in `year`, its resolutions, positions and recommendations of
    the year with their follow-up, and the action items of those meetings by status."""
    bodies = team_bodies()
    meetings = list(
        Meeting.objects.filter(body__in=bodies, starts_at__year=year, status__in=HELD)
        .select_related("body")
        .annotate(items=Count("agenda_items"))
        .order_by("starts_at")
    )
    resolutions = list(
        Resolution.objects.filter(body__in=bodies, year=year)
        .select_related("body")
        .order_by("number")
    )
    outcomes = Outcome.objects.filter(agenda_item__meeting__in=meetings)
    recommendations = outcomes.filter(kind=Outcome.Kind.RECOMMENDATION).count() + sum(
        1 for r in resolutions if r.kind == Resolution.Kind.RECOMMENDATION
    )
    actions = dict(
        ActionItem.objects.filter(meeting__in=meetings)
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    open_follow_up = sum(1 for r in resolutions if r.follow_up in Resolution.OPEN_FOLLOW_UP)
    summary = [
        [_("Meetings held"), str(len(meetings))],
        [_("Resolutions, positions and recommendations adopted"), str(len(resolutions))],
        [_("Recommendations (resolutions and meeting outcomes)"), str(recommendations)],
        [_("Decisions recorded at the meetings"), str(outcomes.count())],
        [_("Resolutions awaiting follow-up"), str(open_follow_up)],
        [
            _("Action items of the meetings: completed / all"),
            f"{actions.get(ActionItem.Status.DONE, 0)} / {sum(actions.values())}",
        ],
    ]
    return {
        "bodies": [b.short_name for b in bodies],
        "summary": summary,
        "meetings": [
            [
                m.body.short_name,
                str(m.number),
                long_date(timezone.localtime(m.starts_at).date()),
                str(m.get_mode_display()),
                str(m.participant_count) if m.participant_count is not None else "—",
                str(m.items),
            ]
            for m in meetings
        ],
        "resolutions": [
            [
                f"{r.body.short_name} {r.reference}",
                str(r.get_kind_display()),
                r.title,
                r.addressee or "—",
                long_date(r.adopted_on),
                str(r.get_follow_up_display()),
            ]
            for r in resolutions
        ],
        "follow_up": [
            [str(label), str(sum(1 for r in resolutions if r.follow_up == value))]
            for value, label in Resolution.FollowUp.choices
        ],
    }


def self_assessment(year: int) -> list[dict[str, Any]]:
    """Each self-assessment round of the region for the year: who answered, and per area the
    number of respondents, the median and mean score and the agreed consensus rating."""
    region = home_region()
    if region is None:
        return []
    rounds = (
        Round.objects.filter(region=region, period__startswith=str(year))
        .select_related("framework")
        .order_by("period", "created_at")
    )
    found = []
    for round_ in rounds:
        respondents = round_.respondents.all()
        submitted = sum(1 for r in respondents if r.submitted_at)
        found.append(
            {
                "title": round_.title,
                "lead": _(
                    "%(framework)s, period %(period)s, status: %(status)s; answers submitted: "
                    "%(submitted)d of %(respondents)d respondents."
                )
                % {
                    "framework": round_.framework.name,
                    "period": round_.period,
                    "status": round_.get_status_display(),
                    "submitted": submitted,
                    "respondents": len(respondents),
                },
                "rows": [
                    [
                        f"{a.area.code} {a.area.name}",
                        str(a.stats.n),
                        number(a.stats.median),
                        number(a.stats.mean),
                        str(a.consensus) if a.consensus is not None else "—",
                    ]
                    for a in results(round_)
                ],
                "priorities": [
                    [
                        p.action,
                        p.area.code if p.area else "—",
                        str(p.owner),
                        long_date(p.due_date) if p.due_date else "—",
                    ]
                    for p in round_.priorities.select_related("area", "owner")
                ],
            }
        )
    return found
