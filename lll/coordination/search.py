"""Search across meetings, minutes, decisions, action items, materials and studies.

On PostgreSQL this is full-text search, with the Polish configuration where the server has one
(stock PostgreSQL does not ship it; "simple" with prefix matching then copes with Polish
endings); on SQLite every word must appear in one of the fields.
"""

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connection
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from lll.core.text import search_key

from . import access
from .models import (
    ActionItem,
    AgendaItem,
    Material,
    Meeting,
    Minutes,
    MinutesSection,
    Outcome,
)

LIMIT_PER_KIND = 20


@dataclass(frozen=True)
class Result:
    kind: str
    title: str
    snippet: str
    url: str


@cache
def text_search_config() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_ts_config WHERE cfgname = 'polish'")
        return "polish" if cursor.fetchone() else "simple"


def _words(query: str) -> list[str]:
    return [w for w in re.findall(r"\w+", query) if w][:10]


def _matching(queryset: QuerySet[Any], fields: list[str], words: list[str]) -> QuerySet[Any]:
    if connection.vendor == "postgresql":
        config = text_search_config()
        # Each word as a prefix: "posiedzen" finds "posiedzenie" and "posiedzenia".
        raw = " & ".join(f"{w.lower()}:*" for w in words)
        return queryset.annotate(search=SearchVector(*fields, config=config)).filter(
            search=SearchQuery(raw, search_type="raw", config=config)
        )
    for word in words:
        condition = Q()
        for field in fields:
            condition |= Q(**{f"{field}__icontains": word})
        queryset = queryset.filter(condition)
    return queryset


def _snippet(text: str, words: list[str], width: int = 90) -> str:
    key = search_key(text)
    positions = [key.find(search_key(w)) for w in words]
    found = [p for p in positions if p >= 0]
    start = max(0, min(found) - width // 2) if found else 0
    piece = text[start : start + width * 2].replace("\n", " ").strip()
    return ("…" if start else "") + piece + ("…" if start + width * 2 < len(text) else "")


def _label(minutes: Minutes) -> str:
    label = str(minutes)
    if minutes.status != Minutes.Status.APPROVED:
        label += f" ({minutes.get_status_display()})"
    return label


def search(user: Any, query: str) -> list[Result]:
    words = _words(query)
    if not words:
        return []
    meetings = access.visible_meetings(user)
    manage = access.can_manage(user)
    results: list[Result] = []

    def add(queryset: QuerySet[Any], fields: list[str], build: Any) -> None:
        for obj in _matching(queryset, fields, words).distinct()[:LIMIT_PER_KIND]:
            results.append(build(obj))

    def meeting_url(meeting: Meeting, anchor: str = "") -> str:
        return meeting.get_absolute_url() + anchor

    add(
        meetings,
        ["body__name", "location"],
        lambda m: Result(_("Meeting"), str(m), _snippet(m.location, words), meeting_url(m)),
    )
    add(
        AgendaItem.objects.filter(meeting__in=meetings).select_related("meeting__body"),
        ["title", "notes"],
        lambda i: Result(
            _("Agenda item"),
            f"{i.meeting}: {i.title}",
            _snippet(i.notes or i.title, words),
            meeting_url(i.meeting, f"#item-{i.pk}"),
        ),
    )
    sections = MinutesSection.objects.filter(minutes__meeting__in=meetings).select_related(
        "minutes__meeting__body"
    )
    if not manage:
        sections = sections.filter(minutes__status=Minutes.Status.APPROVED)
    add(
        sections,
        ["title", "text"],
        lambda s: Result(
            _("Minutes"),
            f"{_label(s.minutes)}: {s.title}",
            _snippet(s.text, words),
            reverse("coordination:minutes", args=[s.minutes_id]),
        ),
    )
    minutes = Minutes.objects.filter(meeting__in=meetings).select_related("meeting__body")
    if not manage:
        minutes = minutes.filter(status=Minutes.Status.APPROVED)
    add(
        minutes,
        ["introduction", "closing"],
        lambda m: Result(
            _("Minutes"),
            _label(m),
            _snippet(m.introduction, words),
            reverse("coordination:minutes", args=[m.pk]),
        ),
    )
    add(
        Outcome.objects.filter(agenda_item__meeting__in=meetings).select_related(
            "agenda_item__meeting__body"
        ),
        ["text", "addressee"],
        lambda o: Result(
            o.get_kind_display().capitalize(),
            str(o.agenda_item.meeting),
            _snippet(o.text, words),
            meeting_url(o.agenda_item.meeting, f"#item-{o.agenda_item_id}"),
        ),
    )
    add(
        ActionItem.objects.filter(meeting__in=meetings).select_related("meeting__body", "owner"),
        ["title", "progress_note"],
        lambda a: Result(
            _("Action item"),
            a.title,
            f"{a.owner.full_name}, {a.get_status_display()}",
            meeting_url(a.meeting, "#actions"),
        ),
    )
    add(
        Material.objects.filter(meeting__in=meetings).select_related("meeting__body"),
        ["title"],
        lambda m: Result(_("Material"), m.title, str(m.meeting), m.get_absolute_url()),
    )
    add(
        access.visible_studies(user),
        ["title", "summary", "performed_by"],
        lambda s: Result(_("Study"), s.title, _snippet(s.summary, words), s.get_absolute_url()),
    )
    return results
