"""The columns of an activity in files (the pre-filled report, the export) and how a cell is read.

A column is known by its label in the user's language or by its key (so a file written in
English reads in Polish too). Choice cells take the code ("kkz") or the label; several codes are
separated by ";" or ",". Every unreadable cell raises `RowError` naming the field.
"""

import datetime
import functools
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db.models import Choices
from django.utils.functional import Promise
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from lll.coordination.models import Institution
from lll.core.imports import RowError
from lll.core.numbers import InvalidValue, parse_number
from lll.core.text import search_key, sorted_polish
from lll.territory.models import Unit
from lll.vet.models import Occupation

from ..models import Activity, ActivityType, Funding, Priority, ProviderType, TargetGroup


@dataclass(frozen=True)
class Column:
    key: str
    label: Promise
    kind: str  # id, text, choice, choices, bool, units, occupations, institutions, date, int,
    # money
    choices: type[Choices] | None = None
    required: bool = False


COLUMNS = [
    Column("id", gettext_lazy("ID (leave empty for a new activity)"), "id"),
    Column("title", gettext_lazy("title"), "text", required=True),
    Column("activity_type", gettext_lazy("type"), "choice", ActivityType, required=True),
    Column("priorities", gettext_lazy("ZSU 2030 priority areas"), "choices", Priority),
    Column("target_groups", gettext_lazy("target groups"), "choices", TargetGroup),
    Column("whole_region", gettext_lazy("the whole region"), "bool"),
    Column("units", gettext_lazy("TERYT codes of powiats or gminas"), "units"),
    Column("starts_on", gettext_lazy("start"), "date", required=True),
    Column("ends_on", gettext_lazy("end"), "date", required=True),
    Column("funding", gettext_lazy("funding"), "choice", Funding, required=True),
    Column("amount", gettext_lazy("amount (PLN)"), "money"),
    Column("qualification_code", gettext_lazy("qualification code"), "text"),
    Column("provider_type", gettext_lazy("provider"), "choice", ProviderType),
    Column("occupations", gettext_lazy("occupations (KZiS codes)"), "occupations"),
    Column(
        "partners",
        gettext_lazy("partner institutions (names separated by semicolons)"),
        "institutions",
    ),
    Column("planned_participants", gettext_lazy("planned participants"), "int"),
    Column("participants", gettext_lazy("participants (enrolled)"), "int"),
    Column("women", gettext_lazy("of whom women"), "int"),
    Column("men", gettext_lazy("of whom men"), "int"),
    Column("age_under_25", gettext_lazy("aged under 25"), "int"),
    Column("age_25_49", gettext_lazy("aged 25-49"), "int"),
    Column("age_50_64", gettext_lazy("aged 50-64"), "int"),
    Column("age_65_plus", gettext_lazy("aged 65+"), "int"),
    Column("hours", gettext_lazy("hours"), "int"),
    Column("completions", gettext_lazy("completed the course"), "int"),
    Column("passed_exam", gettext_lazy("passed the exam"), "int"),
    Column("certificates", gettext_lazy("qualifications or certificates"), "int"),
    Column("description", gettext_lazy("description"), "text"),
]
BY_KEY = {column.key: column for column in COLUMNS}
NON_SCALAR_KINDS = ("id", "units", "occupations", "institutions", "choices")
SCALAR_KEYS = [c.key for c in COLUMNS if c.kind not in NON_SCALAR_KINDS]


def header_map(header: list[str]) -> dict[str, int]:
    """Column key -> position in the file, by label (either language) or key."""
    names: dict[str, str] = {}
    for column in COLUMNS:
        names[search_key(str(column.label))] = column.key
        names[search_key(column.key)] = column.key
    found: dict[str, int] = {}
    for position, name in enumerate(header):
        key = names.get(search_key(str(name or "")))
        if key and key not in found:
            found[key] = position
    return found


@functools.cache
def _choice_keys(key: str, language: str | None) -> dict[str, str]:
    """A choice column's codes by the search key of the code and of the label (per language)."""
    column = BY_KEY[key]
    choices = column.choices.choices if column.choices is not None else []
    found: dict[str, str] = {}
    for value, label in choices:
        found.setdefault(search_key(str(value)), str(value))
        found.setdefault(search_key(str(label)), str(value))
    return found


def _choice(column: Column, raw: str, language: str | None = None) -> str:
    value = _choice_keys(column.key, language or get_language()).get(search_key(raw))
    if value is not None:
        return value
    choices = column.choices.choices if column.choices is not None else []
    allowed = ", ".join(str(v) for v, _label in choices)
    raise RowError(
        column.key,
        _("“%(value)s” is not one of: %(allowed)s.") % {"value": raw[:40], "allowed": allowed},
        raw,
    )


def _parts(raw: str) -> list[str]:
    return [part.strip() for part in raw.replace(";", ",").split(",") if part.strip()]


def _date(column: Column, raw: Any) -> datetime.date:
    if isinstance(raw, datetime.datetime):
        return raw.date()
    if isinstance(raw, datetime.date):
        return raw
    text = str(raw).strip()
    if len(text) == 10 and text[4] == "-":  # the ISO date the pre-filled file writes: fast
        try:
            return datetime.date.fromisoformat(text)
        except ValueError:
            pass
    for pattern in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise RowError(
        column.key,
        _("“%(value)s” is not a date (write 2025-03-31 or 31.03.2025).") % {"value": text[:40]},
        raw,
    )


def _number(column: Column, raw: Any) -> float:
    try:
        return parse_number(raw)
    except InvalidValue as error:
        raise RowError(column.key, error.message, raw) from None


def read_cell(column: Column, raw: Any, lookups: "Lookups") -> Any:
    """A cell's value as the model takes it; `RowError` naming the field when it cannot be."""
    empty = raw is None or str(raw).strip() == ""
    if empty:
        if column.required:
            raise RowError(column.key, _("the value is empty."), "")
        return {
            "choices": [],
            "units": [],
            "occupations": [],
            "institutions": [],
            "bool": False,
            "int": 0,
            "money": Decimal(0),
            "id": None,
        }.get(column.kind, "")
    text = str(raw).strip()
    if column.kind == "text":
        return text[:300] if column.key != "description" else text
    if column.kind == "choice":
        return _choice(column, text, lookups.language)
    if column.kind == "choices":
        return sorted({_choice(column, part, lookups.language) for part in _parts(text)})
    if column.kind == "bool":
        return search_key(text) in ("tak", "yes", "1", "true", "x")
    if column.kind == "date":
        return _date(column, raw)
    if column.kind in ("int", "id"):
        number = _number(column, raw)
        if number != int(number):
            raise RowError(
                column.key, _("“%(value)s” is not a whole number.") % {"value": text}, raw
            )
        if number < 0:
            raise RowError(column.key, _("The number cannot be negative."), raw)
        return int(number)
    if column.kind == "money":
        try:
            return Decimal(str(round(_number(column, raw), 2)))
        except InvalidOperation:
            message = _("“%(value)s” is not a number.") % {"value": text}
            raise RowError(column.key, message, raw) from None
    if column.kind == "units":
        return [lookups.unit(column, code) for code in _parts(text)]
    if column.kind == "occupations":
        return [lookups.occupation(column, code) for code in _parts(text)]
    if column.kind == "institutions":
        names = [part.strip() for part in text.replace("\n", ";").split(";") if part.strip()]
        return [lookups.institution(column, name) for name in names]
    raise AssertionError(column.kind)


class Lookups:
    """Units of the home region, occupations by code and institutions by name, each read once
    per import (no query per row)."""

    def __init__(self, region: Unit | None) -> None:
        self.language = get_language()
        units = Unit.objects.filter(level__in=("powiat", "gmina"))
        if region is not None:
            units = units.filter(code__startswith=region.code)
        self.units = {u.code: u for u in units.only("pk", "code", "name", "level", "parent_id")}
        self.occupations = {o.code: o for o in Occupation.objects.only("pk", "code", "name")}
        self.institutions: dict[str, list[Institution]] = {}
        for institution in Institution.objects.only("pk", "name"):
            self.institutions.setdefault(search_key(institution.name), []).append(institution)

    def unit(self, column: Column, code: str) -> Unit:
        unit = self.units.get(code.replace(" ", ""))
        if unit is None:
            raise RowError(
                column.key,
                _("“%(value)s” is not the TERYT code of a powiat or gmina of the region.")
                % {"value": code[:20]},
                code,
            )
        return unit

    def occupation(self, column: Column, code: str) -> Occupation:
        found = self.occupations.get(code.replace(" ", ""))
        if found is None:
            raise RowError(
                column.key,
                _("“%(value)s” is not a KZiS occupation code.") % {"value": code[:20]},
                code,
            )
        return found

    def institution(self, column: Column, name: str) -> Institution:
        found = self.institutions.get(search_key(" ".join(name.split())), [])
        if len(found) != 1:
            message = (
                _("There is no institution called “%(value)s” in the system.")
                if not found
                else _("More than one institution is called “%(value)s”; ask the office.")
            )
            raise RowError(column.key, message % {"value": name[:80]}, name)
        return found[0]


def cell_of(activity: Activity, column: Column, unit_codes: Callable[[Activity], str]) -> Any:
    """An activity's value as a file cell (codes for choices and territory)."""
    if column.kind == "id":
        return activity.pk
    if column.kind == "choices":
        return ";".join(c for c in getattr(activity, column.key).split(",") if c)
    if column.kind == "units":
        return unit_codes(activity)
    if column.kind == "occupations":
        return ";".join(o.code for o in activity.occupations.all())
    if column.kind == "institutions":
        return "; ".join(sorted_polish((i.name for i in activity.partners.all()), str))
    if column.kind == "bool":
        return _("yes") if getattr(activity, column.key) else _("no")
    if column.kind == "money":
        return float(activity.amount)
    return getattr(activity, column.key)
