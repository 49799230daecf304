"""The demo region's coordination team, loaded from data/demo_wzk.json.

The WZK with its members (one of them replaced during the term), a WRRP and a thematic network,
three WZK meetings and two studies. Meeting 2 follows the public minutes of the 2nd meeting of
WZK Podlaskie (27 June 2024): its eight agenda items, the reordering caused by a presenter's
connection problems, the decisions and what was to be done. The institutions are real public
bodies; every person is fictional. Both are marked `is_demo`.

Loading is idempotent: institutions are looked up by name, people by name among demo people,
bodies by short name, memberships by body, person, role and start of term, meetings by body and
number, studies by title. What exists is left as it is, so a second run changes nothing; a meeting
that exists is not touched at all (meeting 3, planned 30 days after the first load, keeps its date).
"""

import datetime
import json
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lll.core.demo import require
from lll.core.errors import UserError
from lll.territory.models import Level, Unit

from . import services
from .models import (
    ActionItem,
    AgendaItem,
    Attendance,
    Body,
    Institution,
    Meeting,
    Membership,
    Minutes,
    Outcome,
    Person,
    Study,
)

DEMO_FILE = Path(__file__).resolve().parent / "data" / "demo_wzk.json"

# The times in the file are the office's local times.
LOCAL_TIME = ZoneInfo("Europe/Warsaw")

# Polish public holidays on fixed dates; a planned demo meeting avoids them and weekends
# (Easter and Corpus Christi move, and a demo date need not be a perfect calendar).
FIXED_HOLIDAYS = {
    (1, 1),
    (1, 6),
    (5, 1),
    (5, 3),
    (8, 15),
    (11, 1),
    (11, 11),
    (12, 24),
    (12, 25),
    (12, 26),
}

COUNTED = (
    "institutions",
    "people",
    "bodies",
    "memberships",
    "meetings",
    "agenda_items",
    "agenda_changes",
    "attendance",
    "outcomes",
    "action_items",
    "minutes",
    "studies",
)

# The order a meeting's status goes through; the loader walks it as far as the file says.
STATUS_ORDER = [
    Meeting.Status.PLANNED,
    Meeting.Status.INVITED,
    Meeting.Status.HELD,
    Meeting.Status.MINUTES_DRAFTED,
    Meeting.Status.MINUTES_APPROVED,
]


class DemoDataError(UserError):
    """The demo data cannot be loaded; nothing was written."""


def load_demo(path: Path | None = None) -> dict[str, int]:
    """Load the demo coordination data; returns how many objects of each kind were created."""
    path = path or DEMO_FILE
    try:
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise DemoDataError(f"{path}: {exc}") from exc
    with transaction.atomic():
        return _Loader(data).run()


def next_working_day(day: datetime.date) -> datetime.date:
    """`day` itself or the first day after it that is neither a weekend nor a fixed holiday."""
    while day.weekday() >= 5 or (day.month, day.day) in FIXED_HOLIDAYS:
        day += datetime.timedelta(days=1)
    return day


def _local(value: str) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.fromisoformat(value), LOCAL_TIME)


def _date(value: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


class _Loader:
    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data
        self.counts = dict.fromkeys(COUNTED, 0)
        self.institutions: dict[str, Institution] = {}
        self.people: dict[str, Person] = {}
        self.bodies: dict[str, Body] = {}

    def run(self) -> dict[str, int]:
        units = self._powiats()
        for entry in self.data["institutions"]:
            self._institution(entry, units)
        for entry in self.data["people"]:
            self._person(entry)
        for entry in self.data["bodies"]:
            self._body(entry)
        for entry in self.data["meetings"]:
            self._meeting(entry)
        for entry in self.data["studies"]:
            self._study(entry)
        return self.counts

    # -- references inside the file

    def person(self, key: str) -> Person:
        try:
            return self.people[key]
        except KeyError:
            raise DemoDataError(f"unknown person key {key!r}") from None

    def body(self, short_name: str) -> Body:
        try:
            return self.bodies[short_name]
        except KeyError:
            raise DemoDataError(f"unknown body {short_name!r}") from None

    # -- institutions, people, bodies

    def _powiats(self) -> dict[str, Unit]:
        codes = {entry["unit"] for entry in self.data["institutions"]}
        found = {u.code: u for u in Unit.objects.filter(code__in=codes, level=Level.POWIAT)}
        missing = sorted(codes - found.keys())
        require(
            not missing,
            "load_territory",
            _("The territorial units (powiat codes %(codes)s)") % {"codes": ", ".join(missing)},
        )
        return found

    def _institution(self, entry: dict[str, Any], units: dict[str, Unit]) -> None:
        institution = Institution.objects.filter(name=entry["name"]).first()
        if institution is None:
            institution = Institution.objects.create(
                name=entry["name"], kind=entry["kind"], unit=units[entry["unit"]], is_demo=True
            )
            self.counts["institutions"] += 1
        self.institutions[entry["key"]] = institution

    def _person(self, entry: dict[str, Any]) -> None:
        person = Person.objects.filter(
            first_name=entry["first_name"], last_name=entry["last_name"], is_demo=True
        ).first()
        if person is None:
            institution = entry.get("institution")
            if institution is not None and institution not in self.institutions:
                raise DemoDataError(f"unknown institution key {institution!r}")
            person = Person.objects.create(
                first_name=entry["first_name"],
                last_name=entry["last_name"],
                position=entry.get("position", ""),
                institution=self.institutions[institution] if institution else None,
                email=entry.get("email", ""),
                phone=entry.get("phone", ""),
                is_demo=True,
            )
            self.counts["people"] += 1
        self.people[entry["key"]] = person

    def _body(self, entry: dict[str, Any]) -> None:
        body = Body.objects.filter(short_name=entry["short_name"]).first()
        if body is None:
            body = Body.objects.create(
                short_name=entry["short_name"],
                name=entry["name"],
                name_genitive=entry["name_genitive"],
                kind=entry["kind"],
                legal_basis=entry.get("legal_basis", ""),
                rules_of_procedure=entry.get("rules_of_procedure", ""),
                quorum_percent=entry.get("quorum_percent", 50),
                description=entry.get("description", ""),
                office_phone=entry.get("office_phone", ""),
                office_email=entry.get("office_email", ""),
                office_website=entry.get("office_website", ""),
                project_paragraph=entry.get("project_paragraph", ""),
            )
            self.counts["bodies"] += 1
        self.bodies[body.short_name] = body
        defaults = entry.get("membership_defaults", {})
        for item in entry.get("memberships", []):
            self._membership(body, {**defaults, **item})

    def _membership(self, body: Body, entry: dict[str, Any]) -> None:
        person = self.person(entry["person"])
        term_from = datetime.date.fromisoformat(entry["term_from"])
        if Membership.objects.filter(
            body=body, person=person, role=entry["role"], term_from=term_from
        ).exists():
            return
        substitute = entry.get("substitute")
        Membership.objects.create(
            body=body,
            person=person,
            role=entry["role"],
            represents=entry.get("represents", ""),
            appointed_by=entry.get("appointed_by", ""),
            term_from=term_from,
            term_to=_date(entry.get("term_to")),
            substitute=self.person(substitute) if substitute else None,
        )
        self.counts["memberships"] += 1

    # -- meetings

    def _meeting(self, entry: dict[str, Any]) -> None:
        body = self.body(entry["body"])
        if Meeting.objects.filter(body=body, number=entry["number"]).exists():
            return
        target = Meeting.Status(entry["status"])
        if target in (Meeting.Status.MINUTES_DRAFTED, Meeting.Status.MINUTES_APPROVED) and (
            "minutes" not in entry
        ):
            raise DemoDataError(f"meeting {entry['number']}: status {target} needs minutes")
        starts_at, ends_at = self._meeting_times(entry)
        meeting = Meeting.objects.create(
            body=body,
            number=entry["number"],
            starts_at=starts_at,
            ends_at=ends_at,
            mode=entry["mode"],
            location=entry.get("location", ""),
            online_link=entry.get("online_link", ""),
            participant_count=entry.get("participant_count"),
            status=Meeting.Status.PLANNED,
        )
        self.counts["meetings"] += 1

        # The agenda is written while the meeting is planned: no change is recorded yet.
        items = {}
        for item_entry in entry["agenda"]:
            items[item_entry["key"]] = self._agenda_item(meeting, item_entry)
        if target == Meeting.Status.PLANNED:
            return

        self._set_status(meeting, Meeting.Status.INVITED)
        # Changes after the invitation went out are recorded, with their reason.
        for change in entry.get("agenda_changes", []):
            if change["item"] not in items:
                raise DemoDataError(f"meeting {meeting.number}: no agenda item {change['item']!r}")
            services.move_agenda_item(
                items[change["item"]], change["to_position"], None, change.get("reason", "")
            )
            self.counts["agenda_changes"] += 1
        # The change happened during the meeting, not when the demo was loaded.
        meeting.agenda_changes.update(changed_at=meeting.starts_at)
        if target == Meeting.Status.INVITED:
            return

        self._set_status(meeting, Meeting.Status.HELD)
        self._attendance(meeting, entry.get("attendance", {}))
        for item_entry in entry["agenda"]:
            self._results(meeting, items[item_entry["key"]], item_entry)
        if STATUS_ORDER.index(target) >= STATUS_ORDER.index(Meeting.Status.MINUTES_DRAFTED):
            approve = target == Meeting.Status.MINUTES_APPROVED
            self._minutes(meeting, entry["minutes"], approve=approve)

    def _meeting_times(self, entry: dict[str, Any]) -> tuple[datetime.datetime, datetime.datetime]:
        if "planned" not in entry:
            return _local(entry["starts_at"]), _local(entry["ends_at"])
        # A meeting still to come: the first working day at least `days_ahead` days from today.
        planned = entry["planned"]
        day = next_working_day(
            timezone.localdate() + datetime.timedelta(days=planned["days_ahead"])
        )
        return (
            _local(f"{day.isoformat()}T{planned['start_time']}"),
            _local(f"{day.isoformat()}T{planned['end_time']}"),
        )

    @staticmethod
    def _set_status(meeting: Meeting, status: Meeting.Status) -> None:
        meeting.status = status
        meeting.save(update_fields=["status"])

    def _agenda_item(self, meeting: Meeting, entry: dict[str, Any]) -> AgendaItem:
        if entry.get("follow_up_review"):
            item = services.add_follow_up_review(meeting)
        else:
            item = services.add_agenda_item(meeting, entry["title"], notes=entry.get("notes", ""))
        item.presenters.set([self.person(key) for key in entry.get("presenters", [])])
        item.speakers.set([self.person(key) for key in entry.get("speakers", [])])
        self.counts["agenda_items"] += 1
        return item

    def _attendance(self, meeting: Meeting, entry: dict[str, Any]) -> None:
        """Every member expected that day gets `members` (present), except those listed."""
        expected = {m.person_id for m in services.expected_members(meeting)}
        records: dict[int, tuple[str, Person | None]] = {}

        def member(key: str) -> Person:
            person = self.person(key)
            if person.pk not in expected:
                raise DemoDataError(f"meeting {meeting.number}: {key!r} is not a member that day")
            return person

        for status in (Attendance.Status.EXCUSED, Attendance.Status.ABSENT):
            for key in entry.get(status, []):
                records[member(key).pk] = (status, None)
        for row in entry.get("substituted", []):
            records[member(row["person"]).pk] = (
                Attendance.Status.SUBSTITUTED,
                self.person(row["substitute"]),
            )
        default = entry.get("members", Attendance.Status.PRESENT)
        for person_id in expected:
            records.setdefault(person_id, (default, None))
        for key in entry.get("guests", []):
            guest = self.person(key)
            if guest.pk in expected:
                raise DemoDataError(f"meeting {meeting.number}: guest {key!r} is a member")
            records[guest.pk] = (Attendance.Status.GUEST, None)
        Attendance.objects.bulk_create(
            Attendance(meeting=meeting, person_id=person_id, status=status, substitute=substitute)
            for person_id, (status, substitute) in records.items()
        )
        self.counts["attendance"] += len(records)

    def _results(self, meeting: Meeting, item: AgendaItem, entry: dict[str, Any]) -> None:
        for outcome in entry.get("outcomes", []):
            Outcome.objects.create(
                agenda_item=item,
                kind=outcome["kind"],
                text=outcome["text"],
                addressee=outcome.get("addressee", ""),
            )
            self.counts["outcomes"] += 1
        for action in entry.get("actions", []):
            ActionItem.objects.create(
                meeting=meeting,
                agenda_item=item,
                title=action["title"],
                owner=self.person(action["owner"]),
                due_date=_date(action.get("due_date")),
                status=action.get("status", ActionItem.Status.OPEN),
                progress_note=action.get("progress_note", ""),
            )
            self.counts["action_items"] += 1

    def _minutes(self, meeting: Meeting, entry: dict[str, Any], approve: bool) -> None:
        """The office's draft, edited as the office would, then approved."""
        minutes = services.draft_minutes(meeting, None)
        minutes.place = entry["place"]
        minutes.dated = datetime.date.fromisoformat(entry["dated"])
        minutes.introduction = entry.get("introduction", minutes.introduction)
        minutes.closing = entry.get("closing", minutes.closing)
        if "signatory" in entry:
            signatory = self.person(entry["signatory"])
            minutes.signatory_name = signatory.full_name
            minutes.signatory_position = entry.get("signatory_position", signatory.position)
        minutes.save()
        self.counts["minutes"] += 1
        if not approve:
            return
        services.approve_minutes(minutes, None)
        if entry.get("approved_at"):
            # The day the minutes were signed, not the day the demo was loaded.
            Minutes.objects.filter(pk=minutes.pk).update(approved_at=_local(entry["approved_at"]))

    # -- studies

    def _study(self, entry: dict[str, Any]) -> None:
        if Study.objects.filter(title=entry["title"]).exists():
            return
        presented_at = None
        if entry.get("presented_at"):
            ref = entry["presented_at"]
            presented_at = Meeting.objects.filter(
                body=self.body(ref["body"]), number=ref["number"]
            ).first()
            if presented_at is None:
                raise DemoDataError(f"study {entry['title']!r}: no meeting {ref}")
        Study.objects.create(
            title=entry["title"],
            performed_by=entry["performed_by"],
            period=entry["period"],
            status=entry["status"],
            method=entry.get("method", ""),
            summary=entry.get("summary", ""),
            presented_at=presented_at,
        )
        self.counts["studies"] += 1
