"""Search across meetings, minutes, decisions, action items, materials and studies.

On PostgreSQL this is full-text search, with the Polish configuration where the server has one
(stock PostgreSQL does not ship it: "simple" then); on SQLite every word must appear in one of
the fields. Either way each word is cut to its light Polish stem first (`core.text.polish_stem`)
and matched as a prefix or substring, so "Francja" finds "Francji" and "Francję".

Members find the notes, decisions and action items of a meeting only once its minutes reached
them (sent for comments or accepted), as on the meeting page.
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

from lll.core.text import polish_stem, search_key

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
        # Each stem as a prefix: "posiedzen" finds "posiedzenie" and "posiedzenia".
        raw = " & ".join(f"{polish_stem(w)}:*" for w in words)
        return queryset.annotate(search=SearchVector(*fields, config=config)).filter(
            search=SearchQuery(raw, search_type="raw", config=config)
        )
    for word in words:
        condition = Q()
        for field in fields:
            condition |= Q(**{f"{field}__icontains": polish_stem(word)})
        queryset = queryset.filter(condition)
    return queryset


def _snippet(text: str, words: list[str], width: int = 90) -> str:
    key = search_key(text)
    positions = [key.find(search_key(polish_stem(w))) for w in words]
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
    # What the office noted during a meeting: for members only once the minutes reached them.
    recorded = meetings
    if not manage:
        recorded = meetings.filter(
            minutes__status__in=[Minutes.Status.COMMENTS, Minutes.Status.APPROVED]
        ).distinct()
        add(
            AgendaItem.objects.filter(meeting__in=meetings)
            .exclude(meeting__in=recorded)
            .select_related("meeting__body"),
            ["title"],
            lambda i: Result(
                _("Agenda item"),
                f"{i.meeting}: {i.title}",
                i.title,
                meeting_url(i.meeting, f"#item-{i.pk}"),
            ),
        )
    add(
        AgendaItem.objects.filter(meeting__in=recorded).select_related("meeting__body"),
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
        Outcome.objects.filter(agenda_item__meeting__in=recorded).select_related(
            "agenda_item__meeting__body"
        ),
        ["text", "addressee"],
        lambda o: Result(
            o.get_kind_display().capitalize(),
            f"{o.heading}, {o.agenda_item.meeting}",
            _snippet(o.text, words),
            meeting_url(o.agenda_item.meeting, f"#item-{o.agenda_item_id}"),
        ),
    )
    add(
        ActionItem.objects.filter(meeting__in=recorded).select_related("meeting__body", "owner"),
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
