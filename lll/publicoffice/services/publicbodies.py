"""The public pages of the bodies (for the BIP): what the office has switched public, and only
what is public information: the composition, the meeting calendar, approved minutes (never a
draft), the decisions and positions in them and the recommendations with their status. Every
published document carries its metryczka and its register of changes."""

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from lll.coordination.models import (
    ActionItem,
    Body,
    Meeting,
    Membership,
    Minutes,
    Outcome,
    Resolution,
)

from ..models import PublicBody


def public_bodies() -> QuerySet[Body]:
    return Body.objects.filter(publication__is_public=True).order_by("name")


def get_public_body(pk: int) -> Body:
    """The body if its page is public; 404 otherwise (as one that does not exist)."""
    body = public_bodies().filter(pk=pk).select_related("publication").first()
    if body is None:
        raise Http404
    return body


def publication(body: Body) -> PublicBody:
    item, _created = PublicBody.objects.get_or_create(body=body)
    return item


def composition(body: Body) -> list[Membership]:
    memberships = body.memberships_on(timezone.localdate()).select_related("person__institution")
    order = {role: i for i, role in enumerate(["chair", "vice_chair", "member", "secretary"])}
    return sorted(
        memberships, key=lambda m: (order.get(m.role, 9), m.person.last_name, m.person.first_name)
    )


def calendar(body: Body) -> QuerySet[Meeting]:
    return body.meetings.order_by("-starts_at")


def approved_minutes(body: Body) -> QuerySet[Minutes]:
    """The approved version of each meeting's minutes (a draft or a superseded one never)."""
    return (
        Minutes.objects.filter(meeting__body=body, status=Minutes.Status.APPROVED)
        .select_related("meeting", "created_by", "approved_by")
        .order_by("-meeting__starts_at")
    )


def get_public_minutes(body: Body, pk: int) -> Minutes:
    minutes = approved_minutes(body).filter(pk=pk).first()
    if minutes is None:
        raise Http404
    return minutes


def _published_meetings(body: Body) -> QuerySet[Meeting]:
    return body.meetings.filter(minutes__status=Minutes.Status.APPROVED)


def decisions(body: Body) -> QuerySet[Outcome]:
    """Decisions, positions and opinions recorded at meetings whose minutes are approved."""
    return (
        Outcome.objects.filter(agenda_item__meeting__in=_published_meetings(body))
        .exclude(kind=Outcome.Kind.RECOMMENDATION)
        .select_related("agenda_item__meeting")
        .order_by("-agenda_item__meeting__starts_at", "agenda_item__position", "number")
    )


def resolutions(body: Body) -> QuerySet[Resolution]:
    """The body's numbered resolutions, positions and recommendations (adopted, so public),
    with what became of them."""
    return Resolution.objects.filter(body=body).order_by("-year", "-number")


def recommendations(body: Body) -> QuerySet[Outcome]:
    return (
        Outcome.objects.filter(
            agenda_item__meeting__in=_published_meetings(body), kind=Outcome.Kind.RECOMMENDATION
        )
        .select_related("agenda_item__meeting")
        .order_by("-agenda_item__meeting__starts_at", "agenda_item__position", "number")
    )


def action_items(body: Body) -> QuerySet[ActionItem]:
    """What the body's published meetings left to do, with its status."""
    return (
        ActionItem.objects.filter(meeting__in=_published_meetings(body))
        .select_related("meeting", "owner__institution")
        .order_by("-meeting__starts_at", "pk")
    )


def _name(user: Any) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.username


@dataclass(frozen=True)
class Metryczka:
    """BIP: who produced the information, who published it, when; and its changes."""

    produced_by: str
    produced_on: date
    published_by: str
    published_at: datetime | None
    changes: list[dict[str, Any]]


def metryczka(minutes: Minutes) -> Metryczka:
    body = minutes.meeting.body
    settings_of_body = PublicBody.objects.filter(body=body).first()
    versions = (
        Minutes.objects.filter(meeting=minutes.meeting)
        .exclude(status=Minutes.Status.DRAFT)
        .select_related("approved_by")
        .order_by("version")
    )
    changes = [
        {
            "version": v.version,
            "approved_at": v.approved_at,
            "approved_by": _name(v.approved_by),
            "reason": v.change_reason,
            "current": v.pk == minutes.pk,
        }
        for v in versions
    ]
    published_by = (settings_of_body.published_by if settings_of_body else "") or _name(
        minutes.approved_by
    )
    return Metryczka(
        produced_by=_name(minutes.created_by) or str(body),
        produced_on=minutes.dated,
        published_by=published_by,
        published_at=minutes.approved_at,
        changes=changes,
    )


def as_json(body: Body, absolute: Any) -> dict[str, Any]:
    """The body's public page as data, for a BIP to take over; `absolute(path)` makes URLs."""

    def when(value: datetime | None) -> str | None:
        return timezone.localtime(value).isoformat() if value else None

    return {
        "body": {"id": body.pk, "name": body.name, "short_name": body.short_name},
        "kind": body.kind,
        "legal_basis": body.legal_basis,
        "composition": [
            {
                "name": m.person.full_name,
                "role": m.role,
                "institution": m.person.institution.name if m.person.institution else "",
                "represents": m.represents,
                "term_from": m.term_from.isoformat(),
                "term_to": m.term_to.isoformat() if m.term_to else None,
            }
            for m in composition(body)
        ],
        "meetings": [
            {"number": m.number, "starts_at": when(m.starts_at), "mode": m.mode, "status": m.status}
            for m in calendar(body)
        ],
        "minutes": [
            {
                "meeting": m.meeting.number,
                "version": m.version,
                "dated": m.dated.isoformat(),
                "url": absolute(reverse("publicoffice:public_minutes", args=[body.pk, m.pk])),
                "metryczka": {
                    "produced_by": (meta := metryczka(m)).produced_by,
                    "produced_on": meta.produced_on.isoformat(),
                    "published_by": meta.published_by,
                    "published_at": when(meta.published_at),
                    "changes": [{**c, "approved_at": when(c["approved_at"])} for c in meta.changes],
                },
            }
            for m in approved_minutes(body)
        ],
        "resolutions": [
            {
                "reference": r.reference,
                "kind": r.kind,
                "title": r.title,
                "adopted_on": r.adopted_on.isoformat(),
                "addressee": r.addressee,
                "follow_up": r.follow_up,
            }
            for r in resolutions(body)
        ],
        "decisions": [
            {
                "meeting": d.agenda_item.meeting.number,
                "number": d.number,
                "kind": d.kind,
                "text": d.text,
            }
            for d in decisions(body)
        ],
        "recommendations": [
            {
                "meeting": r.agenda_item.meeting.number,
                "number": r.number,
                "text": r.text,
                "addressee": r.addressee,
            }
            for r in recommendations(body)
        ],
        "action_items": [
            {"meeting": a.meeting.number, "task": a.title, "status": a.status}
            for a in action_items(body)
        ],
    }
