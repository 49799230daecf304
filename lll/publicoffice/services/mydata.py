"""RODO art. 15: everything the system holds about the person behind an account, as one
structure (sections of rows) that downloads as JSON and as XLSX (one sheet per section)."""

import datetime
import json
from io import BytesIO
from typing import Any

from axes.models import AccessLog
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Font

from lll.accounts.models import User
from lll.consultations.models import Ballot, Comment, Participation, PollOption, StudyVisit
from lll.coordination.models import Person
from lll.coordination.services.people import export_person
from lll.selfassessment.models import Answer

Section = list[dict[str, Any]]


def _when(value: datetime.datetime | None) -> str | None:
    return timezone.localtime(value).isoformat(timespec="minutes") if value else None


def account_section(user: User) -> Section:
    return [
        {
            "username": user.username,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "email": user.email,
            "date_joined": _when(user.date_joined),
            "last_login": _when(user.last_login),
            "roles": ", ".join(user.groups.values_list("name", flat=True).order_by("name")),
        }
    ]


def logins_section(user: User) -> Section:
    """The login log (django-axes) kept for the account: when, from which address."""
    return [
        {
            "login": _when(entry.attempt_time),
            "logout": _when(entry.logout_time),
            "ip_address": entry.ip_address,
            "user_agent": entry.user_agent,
        }
        for entry in AccessLog.objects.filter(username=user.username).order_by("attempt_time")
    ]


def comments_section(person: Person) -> Section:
    comments = Comment.objects.filter(author=person).select_related("consultation", "provision")
    return [
        {
            "consultation": c.consultation.title,
            "provision": c.provision_label,
            "comment": c.text,
            "proposed_wording": c.proposed_wording,
            "justification": c.justification,
            "submitted": _when(c.created_at),
            "withdrawn": _when(c.withdrawn_at),
            "response": c.get_response_display() if c.response else "",
            "response_text": c.response_text,
        }
        for c in comments.order_by("created_at", "pk")
    ]


def votes_section(person: Person) -> Section:
    """Open polls: the ballot with its choices. Secret polls store no link from ballot to voter,
    so only the fact of voting is held (and given)."""
    rows: Section = []
    ballots = {
        ballot.poll_id: ballot
        for ballot in Ballot.objects.filter(voter=person).prefetch_related("choices__option")
    }
    participations = Participation.objects.filter(person=person).select_related("poll")
    for participation in participations.order_by("poll__opens_at", "pk"):
        poll = participation.poll
        ballot = ballots.get(poll.pk)
        choices = (
            [
                f"{c.rank}. {c.option.label}" if c.rank else c.option.label
                for c in sorted(
                    ballot.choices.all(), key=lambda c: (c.rank or 0, c.option.position)
                )
            ]
            if ballot
            else []
        )
        rows.append(
            {
                "poll": poll.question,
                "secret": poll.secret,
                "vote": "; ".join(choices) if ballot else "(głosowanie tajne: tylko fakt udziału)",
            }
        )
    return rows


def proposals_section(person: Person) -> Section:
    options = PollOption.objects.filter(proposed_by=person).select_related("poll")
    return [
        {"poll": o.poll.question, "option": o.label, "justification": o.justification}
        for o in options.order_by("created_at", "pk")
    ]


def visits_section(person: Person) -> Section:
    visits = StudyVisit.objects.filter(participants=person)
    return [{"study_visit": str(v)} for v in visits.order_by("pk")]


def answers_section(person: Person) -> Section:
    answers = Answer.objects.filter(respondent__person=person).select_related(
        "respondent__round", "criterion"
    )
    return [
        {
            "round": a.respondent.round.title,
            "criterion": a.criterion.code,
            "rating": a.rating,
            "dont_know": a.dont_know,
            "comment": a.comment,
            "evidence_link": a.evidence_link,
        }
        for a in answers.order_by("respondent__round__pk", "criterion__code")
    ]


def personal_data(user: User) -> dict[str, Section]:
    """Every section of what is held about the account's owner; the person's sections are
    empty for an account that belongs to no person of a body."""
    data: dict[str, Section] = {"account": account_section(user), "logins": logins_section(user)}
    person = Person.objects.filter(user=user).select_related("institution").first()
    if person is None:
        return data
    held = export_person(person)
    for key in ("memberships", "attendance", "action_items", "deliveries"):
        data[key] = [dict(row) for row in held.pop(key)]
    held.pop("presented")
    data["person"] = [held]
    data["comments"] = comments_section(person)
    data["poll_votes"] = votes_section(person)
    data["poll_proposals"] = proposals_section(person)
    data["study_visits"] = visits_section(person)
    data["selfassessment_answers"] = answers_section(person)
    return data


def as_json(data: dict[str, Section]) -> bytes:
    return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2).encode()


def _cell(value: Any) -> Any:
    if isinstance(value, datetime.datetime):
        local = timezone.localtime(value) if timezone.is_aware(value) else value
        return local.replace(tzinfo=None)
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False, cls=DjangoJSONEncoder)
    return value


def as_xlsx(data: dict[str, Section]) -> bytes:
    """One sheet per section: a header row of the keys, one row per record."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, rows in data.items():
        sheet = workbook.create_sheet(name[:31])
        headers = list(rows[0]) if rows else ["(brak danych)"]
        sheet.append(headers)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append([_cell(row.get(key)) for key in headers])
            for cell in sheet[sheet.max_row]:
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    cell.data_type = "s"
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
