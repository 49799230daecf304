"""File imports of the vocational-education dictionaries and outcomes.

Every import goes the same way: upload → the columns of the file are matched to the fields (the
layout is guessed from the header and can be changed) → preview with every problem by row and
column → commit. The commit writes all rows in one transaction and only when no row has a
problem; nothing is written before it. Rows are upserted on their natural key, so importing the
same file again changes nothing.
"""

import json
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import OperationalError, models, transaction
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lll.core.text import place_key, search_key
from lll.indicators.services.tabular import InvalidFile, open_table
from lll.indicators.services.values import InvalidValue, parse_number
from lll.territory.models import Level, Unit

from ..models import (
    BarometerEntry,
    BarometerGroup,
    Category,
    Demand,
    ForecastEntry,
    ImportBatch,
    ImportKind,
    Occupation,
    OccupationStat,
    Opinion,
    OpinionRequest,
    Outcome,
    Reason,
    School,
    SchoolType,
)
from .outcomes import outcome_problems
from .school_years import parse_school_year

PREVIEW_PROBLEMS = 500
MAX_ROWS = 50_000


class RowError(Exception):
    """A cell that cannot be taken; `key` names the field, the message is for the user."""

    def __init__(self, key: str, message: str, value: Any = "") -> None:
        super().__init__(message)
        self.key, self.message, self.value = key, message, value


@dataclass(frozen=True)
class Field:
    key: str
    label: Promise
    required: bool = False
    aliases: tuple[str, ...] = ()


@dataclass
class Problem:
    row: int
    column: str
    value: str
    reason: str


@dataclass
class Counts:
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    batch: ImportBatch | None = None  # the import that writes: every record it touches names it
    # What a writer looked up once and needs again for the next rows (Barometr groups and their
    # occupations): one entry per group, never per row.
    cache: dict[Any, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, int]:
        return {"inserted": self.inserted, "updated": self.updated, "unchanged": self.unchanged}


@dataclass
class Preview:
    rows: int = 0
    problems: list[Problem] = field(default_factory=list)
    sample: list[list[str]] = field(default_factory=list)
    counts: Counts = field(default_factory=Counts)

    @property
    def ok(self) -> bool:
        return self.rows > 0 and not self.problems


# ---------------------------------------------------------------------------------------------
# Reading: CSV/XLSX through the indicators' reader, JSON (RSPO API) here


@dataclass
class Sheet:
    header: list[str]
    rows: Callable[[], Iterator[tuple[int, list[Any]]]]


def _flat(value: Any) -> Any:
    """RSPO nests some fields: typ {id, nazwa}, podmiotProwadzacy [{nazwa, ...}]."""
    if isinstance(value, list):
        return _flat(value[0]) if value else ""
    if isinstance(value, dict):
        return value.get("nazwa", value.get("name", ""))
    return value


def _json_sheet(path: Path) -> Sheet:
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise InvalidFile(_("The JSON file is not in UTF-8 encoding.")) from exc
    except json.JSONDecodeError as exc:
        raise InvalidFile(
            _("The JSON file cannot be read: a syntax error in line %(line)d, column %(column)d.")
            % {"line": exc.lineno, "column": exc.colno}
        ) from exc
    if isinstance(data, dict):
        data = data.get("hydra:member", data.get("results", data.get("data")))
    if not isinstance(data, list) or not data or not all(isinstance(r, dict) for r in data):
        raise InvalidFile(_("The JSON file must hold a list of records (objects)."))
    header: list[str] = []
    for record in data:
        header.extend(k for k in record if k not in header)

    def rows() -> Iterator[tuple[int, list[Any]]]:
        for number, record in enumerate(data, start=1):
            yield number, [_flat(record.get(key)) for key in header]

    return Sheet(header, rows)


def read_sheet(path: Path) -> Sheet:
    """The file's columns and rows; raises InvalidFile with a message for the user."""
    if path.suffix.lower() == ".json":
        return _json_sheet(path)
    table = open_table(path)
    return Sheet(table.header, table.rows)


# ---------------------------------------------------------------------------------------------
# Cell readers


def text(cells: dict[str, Any], key: str, required: bool = False, limit: int = 300) -> str:
    raw = cells.get(key)
    value = "" if raw is None else str(raw).strip()
    if isinstance(raw, float) and raw.is_integer():
        value = str(int(raw))
    if required and not value:
        raise RowError(key, _("the value is empty."))
    if len(value) > limit:
        raise RowError(key, _("the text is longer than %(n)d characters.") % {"n": limit}, value)
    return value


def integer(cells: dict[str, Any], key: str, required: bool = False) -> int | None:
    raw = cells.get(key)
    if raw is None or str(raw).strip() == "":
        if required:
            raise RowError(key, _("the value is empty."))
        return None
    try:
        number = parse_number(raw)
    except InvalidValue as exc:
        raise RowError(key, str(exc), raw) from None
    if not number.is_integer() or number < 0:
        raise RowError(key, _("“%(value)s” is not a whole number ≥ 0.") % {"value": raw}, raw)
    return int(number)


def year(cells: dict[str, Any], key: str = "year") -> int:
    value = integer(cells, key, required=True)
    last = timezone.localdate().year + 2
    if value is None or not 2000 <= value <= last:
        raise RowError(
            key, _("the year must be between 2000 and %(last)d.") % {"last": last}, value
        )
    return value


def yes_no(cells: dict[str, Any], key: str, default: bool | None = None) -> bool:
    raw = search_key(str(cells.get(key) if cells.get(key) is not None else ""))
    if raw in ("tak", "t", "yes", "y", "1", "true", "x", "prawda", "uruchomiony", "uruchomiono"):
        return True
    if raw in ("nie", "n", "no", "0", "false", "falsz", "nieuruchomiony", "nie uruchomiono"):
        return False
    if raw == "" and default is not None:
        return default
    raise RowError(key, _("write “tak” or “nie”."), cells.get(key))


def occupation_code(cells: dict[str, Any], key: str = "code") -> str:
    code = text(cells, key, required=True)
    if code.isdigit() and len(code) == 5:  # Excel dropped the leading zero
        code = "0" + code
    if not re.fullmatch(r"\d{6}", code):
        raise RowError(key, _("“%(value)s” is not a 6-digit occupation code.") % {"value": code})
    return code


def _choice(
    raw: Any, key: str, words: Mapping[str, str], what: str, choices: type[models.TextChoices]
) -> str:
    """The choice whose code, Polish or English label or known synonym equals the cell exactly.

    Nothing is guessed from a part of the text: "deficyt mocny" or "brak deficytu" are errors,
    not a deficit, so a wrong file cannot slip a wrong category into the dictionary.
    """
    value = " ".join(search_key(str(raw or "")).replace("_", " ").split())
    accepted = _accepted_words(words, choices)
    if value in accepted:
        return accepted[value]
    with translation.override("pl"):
        allowed = ", ".join(f"„{label}”" for code, label in choices.choices if code)
    raise RowError(
        key,
        _("“%(value)s” is not a known %(what)s; allowed values: %(allowed)s.")
        % {"value": raw, "what": what, "allowed": allowed},
        raw,
    )


_ACCEPTED: dict[tuple[int, type[models.TextChoices]], dict[str, str]] = {}


def _accepted_words(words: Mapping[str, str], choices: type[models.TextChoices]) -> dict[str, str]:
    """The accepted spellings of a choice, built once per process (not once per row: reading
    the labels in both languages costs more than the rest of a row's checks)."""
    key = (id(words), choices)
    if key not in _ACCEPTED:
        _ACCEPTED[key] = _build_accepted(words, choices)
    return _ACCEPTED[key]


def _build_accepted(words: Mapping[str, str], choices: type[models.TextChoices]) -> dict[str, str]:
    accepted: dict[str, str] = {}
    for code, label in choices.choices:
        if not code:
            continue
        accepted[" ".join(search_key(code).replace("_", " ").split())] = code
        for language in ("pl", "en"):
            with translation.override(language):
                accepted[search_key(str(label))] = code
    for word, choice in words.items():
        accepted[" ".join(search_key(word).replace("_", " ").split())] = choice
    return accepted


CATEGORY_WORDS = {
    "duzy deficyt": Category.STRONG_DEFICIT,
    "duza nadwyzka": Category.STRONG_SURPLUS,
    "silny deficyt": Category.STRONG_DEFICIT,
    "silna nadwyzka": Category.STRONG_SURPLUS,
    "deficyt": Category.DEFICIT,
    "deficytowy": Category.DEFICIT,
    "zawod deficytowy": Category.DEFICIT,
    "rownowaga": Category.BALANCE,
    "zrownowazony": Category.BALANCE,
    "zawod zrownowazony": Category.BALANCE,
    "nadwyzka": Category.SURPLUS,
    "nadwyzkowy": Category.SURPLUS,
    "zawod nadwyzkowy": Category.SURPLUS,
}
DEMAND_WORDS = {
    "szczegolne": Demand.SPECIAL,
    "szczegolnym": Demand.SPECIAL,
    "szczegolne znaczenie": Demand.SPECIAL,
    "istotne": Demand.SIGNIFICANT,
    "istotnym": Demand.SIGNIFICANT,
    "istotne zapotrzebowanie": Demand.SIGNIFICANT,
    "umiarkowane": Demand.MODERATE,
    "umiarkowanym": Demand.MODERATE,
    "umiarkowane zapotrzebowanie": Demand.MODERATE,
}
SCHOOL_TYPE_WORDS = {
    "branzowa szkola i stopnia": SchoolType.BRANZOWA_1,
    "branzowa szkola ii stopnia": SchoolType.BRANZOWA_2,
    "technikum": SchoolType.TECHNIKUM,
    "szkola policealna": SchoolType.POLICEALNA,
    "policealna": SchoolType.POLICEALNA,
    "centrum ksztalcenia zawodowego": SchoolType.KKZ,
    "centrum ksztalcenia ustawicznego": SchoolType.KKZ,
    "centrum ksztalcenia zawodowego i ustawicznego": SchoolType.KKZ,
    "kkz": SchoolType.KKZ,
    "bs1": SchoolType.BRANZOWA_1,
    "bs2": SchoolType.BRANZOWA_2,
}
REASON_WORDS = {
    "za malo kandydatow": Reason.FEW_CANDIDATES,
    "zbyt malo kandydatow": Reason.FEW_CANDIDATES,
    "brak kandydatow": Reason.FEW_CANDIDATES,
    "brak naboru": Reason.FEW_CANDIDATES,
    "kandydaci": Reason.FEW_CANDIDATES,
    "brak nauczyciela": Reason.NO_TEACHER,
    "brak nauczycieli": Reason.NO_TEACHER,
    "brak kadry": Reason.NO_TEACHER,
    "nauczyciel": Reason.NO_TEACHER,
    "brak pracodawcy": Reason.NO_EMPLOYER,
    "brak pracodawcow": Reason.NO_EMPLOYER,
    "brak miejsc praktyk": Reason.NO_EMPLOYER,
    "pracodawca": Reason.NO_EMPLOYER,
    "inna": Reason.OTHER,
    "inne": Reason.OTHER,
    "inny": Reason.OTHER,
    "inna przyczyna": Reason.OTHER,
}


# ---------------------------------------------------------------------------------------------
# Lookups built once per file


class Lookups:
    def __init__(self) -> None:
        self._units: dict[str, Unit] | None = None
        self._names: dict[str, Unit] | None = None
        self._occupations: dict[str, Occupation] | None = None

    @property
    def units(self) -> dict[str, Unit]:
        if self._units is None:
            self._units = {u.code: u for u in Unit.objects.all()}
        return self._units

    @property
    def occupations(self) -> dict[str, Occupation]:
        if self._occupations is None:
            self._occupations = {o.code: o for o in Occupation.objects.all()}
        return self._occupations

    def unit(self, cells: dict[str, Any], key: str, levels: tuple[str, ...]) -> Unit:
        raw = text(cells, key, required=True)
        code = raw[:-2] if raw.endswith(".0") else raw
        if code.isdigit() and len(code) in (1, 3):
            code = "0" + code
        unit = self.units.get(code.upper())
        if unit is None and not code.isdigit():
            if self._names is None:
                home = settings.LLL_HOME_REGION
                self._names = {}
                for candidate in Unit.objects.filter(
                    level__in=[Level.COUNTRY, Level.VOIVODESHIP]
                ) | Unit.objects.filter(level=Level.POWIAT, code__startswith=home):
                    self._names[place_key(candidate.name)] = candidate
            unit = self._names.get(place_key(raw))
        if unit is None:
            raise RowError(key, _("unknown territorial unit “%(value)s”.") % {"value": raw}, raw)
        if unit.level not in levels:
            raise RowError(
                key,
                _("“%(value)s” is a %(level)s; expected: %(levels)s.")
                % {
                    "value": raw,
                    "level": unit.get_level_display(),
                    "levels": ", ".join(str(Level(level).label) for level in levels),
                },
                raw,
            )
        return unit

    def occupation(self, cells: dict[str, Any], key: str = "code") -> Occupation:
        code = occupation_code(cells, key)
        occupation = self.occupations.get(code)
        if occupation is None:
            raise RowError(
                key, _("no occupation with the code %(code)s in the dictionary.") % {"code": code}
            )
        return occupation


# ---------------------------------------------------------------------------------------------
# The five imports: fields, one row read into a record, records written


Record = dict[str, Any]


def _upsert(
    model: type[models.Model], key: dict[str, Any], values: dict[str, Any], counts: Counts
) -> models.Model:
    # No ordering: the key is unique, and the models' default ordering would join other tables.
    obj = next(iter(model._default_manager.filter(**key).order_by()[:1]), None)
    source = {"import_batch": counts.batch} if counts.batch is not None else {}
    if obj is None:
        obj = model._default_manager.create(**key, **values, **source)
        counts.inserted += 1
        return obj
    changed = {name: v for name, v in values.items() if getattr(obj, name) != v}
    if changed:
        for name, value in {**changed, **source}.items():
            setattr(obj, name, value)
        obj.save()
        counts.updated += 1
    else:
        counts.unchanged += 1
    return obj


# Occupations ------------------------------------------------------------------------------------

OCCUPATION_FIELDS = (
    Field("code", gettext_lazy("occupation code"), True, ("kod", "kod zawodu", "symbol", "code")),
    Field(
        "name", gettext_lazy("occupation name"), False, ("nazwa", "nazwa zawodu", "zawod", "name")
    ),
    Field(
        "school", gettext_lazy("school occupation (tak/nie)"), False, ("szkolny", "zawod szkolny")
    ),
    Field("sector", gettext_lazy("sector (branża)"), False, ("branza", "sektor", "sector")),
    Field(
        "parent",
        gettext_lazy("parent occupation code"),
        False,
        ("zawod nadrzedny", "kod nadrzedny"),
    ),
    Field("valid_from", gettext_lazy("valid from (year)"), False, ("od roku", "obowiazuje od")),
    Field("valid_to", gettext_lazy("valid to (year)"), False, ("do roku", "obowiazuje do")),
)


def read_occupation(cells: dict[str, Any], lookups: Lookups, options: dict[str, Any]) -> Record:
    code = occupation_code(cells)
    name = text(cells, "name")
    if code not in lookups.occupations and not name:
        raise RowError("name", _("the occupation %(code)s is new: give its name.") % {"code": code})
    parent = None
    if text(cells, "parent"):
        parent = lookups.occupation(cells, "parent")
    return {
        "code": code,
        "name": name,
        "is_school": yes_no(cells, "school", default=True),
        "sector": text(cells, "sector", limit=200),
        "parent": parent,
        "valid_from": integer(cells, "valid_from"),
        "valid_to": integer(cells, "valid_to"),
    }


def write_occupation(record: Record, counts: Counts) -> None:
    values = {k: v for k, v in record.items() if k != "code"}
    if not values["name"]:
        values.pop("name")
    _upsert(Occupation, {"code": record["code"]}, values, counts)


# Barometr ---------------------------------------------------------------------------------------

BAROMETER_FIELDS = (
    Field("year", gettext_lazy("year"), True, ("rok", "edycja", "year")),
    Field(
        "unit",
        gettext_lazy("powiat or voivodeship (TERYT code or name)"),
        True,
        ("kod teryt", "teryt", "powiat", "jednostka", "obszar", "unit"),
    ),
    Field(
        "group", gettext_lazy("occupation group"), True, ("zawod", "grupa zawodow", "nazwa zawodu")
    ),
    Field("category", gettext_lazy("category"), True, ("kategoria", "prognoza", "category")),
    Field(
        "codes", gettext_lazy("6-digit occupation codes of the group"), False, ("kody", "kody kzis")
    ),
)


def read_barometer(cells: dict[str, Any], lookups: Lookups, options: dict[str, Any]) -> Record:
    codes = [c for c in re.split(r"[\s,;]+", text(cells, "codes", limit=5000)) if c]
    occupations = []
    for code in codes:
        occupation = lookups.occupations.get(code.zfill(6))
        if occupation is None:
            raise RowError(
                "codes",
                _("no occupation with the code %(code)s in the dictionary.") % {"code": code},
            )
        occupations.append(occupation)
    return {
        "year": _year_or_fixed(cells, options),
        "unit": lookups.unit(cells, "unit", (Level.POWIAT, Level.VOIVODESHIP, Level.COUNTRY)),
        "group": text(cells, "group", required=True),
        "category": _choice(
            cells.get("category"), "category", CATEGORY_WORDS, _("category"), Category
        ),
        "occupations": occupations,
    }


def barometer_key(record: Record) -> tuple[Any, ...]:
    return (record["year"], record["unit"].pk, search_key(record["group"]))


def write_barometer(record: Record, counts: Counts) -> None:
    known = counts.cache.get(record["group"])
    if known is None:
        group, _created = BarometerGroup.objects.get_or_create(name=record["group"])
        linked = set(group.occupations.values_list("pk", flat=True))
        known = counts.cache[record["group"]] = (group, linked)
    group, linked = known
    new = [o for o in record["occupations"] if o.pk not in linked]
    if new:
        group.occupations.add(*new)
        linked.update(o.pk for o in new)
    _upsert(
        BarometerEntry,
        {"group": group, "unit": record["unit"], "year": record["year"]},
        {"category": record["category"]},
        counts,
    )


# The Minister's forecast ------------------------------------------------------------------------

FORECAST_FIELDS = (
    Field("year", gettext_lazy("year"), True, ("rok", "year")),
    Field("code", gettext_lazy("occupation code"), True, ("kod", "kod zawodu", "symbol cyfrowy")),
    Field(
        "demand",
        gettext_lazy("list (special / significant / moderate)"),
        True,
        ("lista", "zapotrz"),
    ),
    Field(
        "unit", gettext_lazy("voivodeship (TERYT code or name)"), False, ("wojewodztwo", "teryt")
    ),
    Field("note", gettext_lazy("note"), False, ("uwagi", "note")),
)


def read_forecast(cells: dict[str, Any], lookups: Lookups, options: dict[str, Any]) -> Record:
    demand = _choice(cells.get("demand"), "demand", DEMAND_WORDS, _("forecast list"), Demand)
    if demand == Demand.SPECIAL:
        unit = lookups.units.get("PL") or Unit.objects.get(level=Level.COUNTRY)
    elif text(cells, "unit"):
        unit = lookups.unit(cells, "unit", (Level.VOIVODESHIP,))
    else:
        unit = lookups.units[settings.LLL_HOME_REGION]
    return {
        "year": _year_or_fixed(cells, options),
        "occupation": lookups.occupation(cells),
        "demand": demand,
        "unit": unit,
        "note": text(cells, "note"),
    }


def forecast_key(record: Record) -> tuple[Any, ...]:
    return (record["year"], record["occupation"].pk, record["unit"].pk)


def write_forecast(record: Record, counts: Counts) -> None:
    _upsert(
        ForecastEntry,
        {"year": record["year"], "occupation": record["occupation"], "unit": record["unit"]},
        {"demand": record["demand"], "note": record["note"]},
        counts,
    )


# Schools (RSPO) ---------------------------------------------------------------------------------

SCHOOL_FIELDS = (
    Field("rspo", gettext_lazy("RSPO number"), True, ("numerrspo", "numer rspo", "rspo")),
    Field("name", gettext_lazy("name"), True, ("nazwa",)),
    Field("type", gettext_lazy("type"), True, ("typ", "typ podmiotu")),
    Field("gmina", gettext_lazy("gmina TERYT code"), True, ("gminakodteryt", "gmina kod teryt")),
    Field(
        "powiat", gettext_lazy("powiat TERYT code"), False, ("powiatkodteryt", "powiat kod teryt")
    ),
    Field("voivodeship", gettext_lazy("voivodeship TERYT code"), False, ("wojewodztwokodteryt",)),
    Field("town", gettext_lazy("town"), True, ("miejscowosc",)),
    Field("street", gettext_lazy("street"), False, ("ulica",)),
    Field("number", gettext_lazy("building number"), False, ("numerbudynku", "numer budynku")),
    Field("governing_body", gettext_lazy("governing body"), False, ("podmiotprowadzacy", "organ")),
)


def read_school(cells: dict[str, Any], lookups: Lookups, options: dict[str, Any]) -> Record:
    rspo = integer(cells, "rspo", required=True)
    raw = text(cells, "gmina", required=True)
    gmina = lookups.units.get(raw)
    if gmina is None and len(raw) == 6 and raw.isdigit():
        gmina = next(
            (lookups.units[raw + r] for r in "123" if raw + r in lookups.units),
            None,
        )
    if gmina is None or gmina.level != Level.GMINA:
        raise RowError("gmina", _("unknown gmina TERYT code “%(value)s”.") % {"value": raw}, raw)
    powiat = gmina.parent
    assert powiat is not None  # noqa: S101 - every gmina has its powiat
    given = text(cells, "powiat")
    if given and given != powiat.code:
        raise RowError(
            "powiat",
            _("the powiat %(given)s does not contain the gmina %(gmina)s.")
            % {"given": given, "gmina": gmina.code},
        )
    region = text(cells, "voivodeship")
    if region and region.zfill(2) != gmina.code[:2]:
        raise RowError(
            "voivodeship",
            _("the voivodeship %(given)s does not contain the gmina %(gmina)s.")
            % {"given": region, "gmina": gmina.code},
        )
    address = " ".join(p for p in (text(cells, "street"), text(cells, "number")) if p)
    return {
        "rspo": rspo,
        "name": text(cells, "name", required=True, limit=400),
        "school_type": _choice(
            cells.get("type"), "type", SCHOOL_TYPE_WORDS, _("school type"), SchoolType
        ),
        "gmina": gmina,
        "powiat": powiat,
        "town": text(cells, "town", required=True, limit=120),
        "address": address,
        "governing_body": text(cells, "governing_body"),
    }


def write_school(record: Record, counts: Counts) -> None:
    values = {k: v for k, v in record.items() if k != "rspo"}
    _upsert(School, {"rspo": record["rspo"]}, values, counts)


# Outcomes ---------------------------------------------------------------------------------------

OUTCOME_FIELDS = (
    Field("rspo", gettext_lazy("school's RSPO number"), True, ("numer rspo", "rspo", "numerrspo")),
    Field("code", gettext_lazy("occupation code"), True, ("kod zawodu", "kod", "symbol zawodu")),
    Field("school_year", gettext_lazy("school year"), True, ("rok szkolny", "school year")),
    Field("launched", gettext_lazy("launched (tak/nie)"), True, ("uruchomiono", "uruchomiony")),
    Field(
        "enrolment",
        gettext_lazy("first-year enrolment"),
        False,
        ("klasa i", "nabor", "liczba uczn"),
    ),
    Field("reason", gettext_lazy("reason for not launching"), False, ("przyczyna", "powod")),
    Field("reason_note", gettext_lazy("reason (details)"), False, ("uwagi", "opis przyczyny")),
    Field(
        "students", gettext_lazy("students (all years)"), False, ("uczniowie ogolem", "uczniowie")
    ),
    Field("graduates", gettext_lazy("graduates"), False, ("absolwenci",)),
    Field("exam_pass_rate", gettext_lazy("exam pass rate (%)"), False, ("zdawalnosc",)),
)


def _request_for(rspo: int, occupation: Occupation, school_year: str) -> OpinionRequest | None:
    """The latest opinion for this school and occupation given before the school year."""
    candidates = OpinionRequest.objects.filter(
        school__rspo=rspo,
        occupation=occupation,
        opinion__in=[Opinion.POSITIVE, Opinion.NOT_NEEDED],
        start_year__lte=school_year,
    ).order_by("-start_year", "-pk")
    return candidates.first()


def read_outcome(cells: dict[str, Any], lookups: Lookups, options: dict[str, Any]) -> Record:
    rspo = integer(cells, "rspo", required=True)
    assert rspo is not None  # noqa: S101
    occupation = lookups.occupation(cells)
    try:
        school_year = parse_school_year(cells.get("school_year"))
    except InvalidValue as exc:
        raise RowError("school_year", str(exc), cells.get("school_year")) from None
    request = _request_for(rspo, occupation, school_year)
    if request is None:
        raise RowError(
            "rspo",
            _(
                "no positive opinion for the school with RSPO %(rspo)s and the occupation "
                "%(code)s starting by %(year)s."
            )
            % {"rspo": rspo, "code": occupation.code, "year": school_year},
        )
    launched = yes_no(cells, "launched")
    reason = ""
    if text(cells, "reason"):
        reason = _choice(
            cells.get("reason"), "reason", REASON_WORDS, _("reason for not launching"), Reason
        )
        if launched:
            raise RowError("reason", _("a launched direction has no reason for not launching."))
    enrolment = integer(cells, "enrolment")
    if not launched and enrolment:
        raise RowError("enrolment", _("a direction that was not launched has no enrolment."))
    rate = None
    if text(cells, "exam_pass_rate"):
        try:
            rate = Decimal(str(parse_number(cells["exam_pass_rate"]))).quantize(Decimal("0.1"))
        except (InvalidValue, InvalidOperation) as exc:
            raise RowError("exam_pass_rate", str(exc), cells["exam_pass_rate"]) from None
        if not 0 <= rate <= 100:
            raise RowError("exam_pass_rate", _("a percentage is between 0 and 100."), rate)
    students, graduates = integer(cells, "students"), integer(cells, "graduates")
    for key, message in outcome_problems(
        request,
        school_year,
        enrolment=enrolment,
        students=students,
        graduates=graduates,
        exam_pass_rate=rate,
    ):
        raise RowError(key, message, cells.get(key))
    return {
        "request": request,
        "school_year": school_year,
        "launched": launched,
        "enrolment": enrolment,
        "reason": reason,
        "reason_note": text(cells, "reason_note"),
        "students": students,
        "graduates": graduates,
        "exam_pass_rate": rate,
    }


def outcome_key(record: Record) -> tuple[Any, ...]:
    return (record["request"].pk, record["school_year"])


def write_outcome(record: Record, counts: Counts) -> None:
    values = {k: v for k, v in record.items() if k not in ("request", "school_year")}
    _upsert(
        Outcome,
        {"request": record["request"], "school_year": record["school_year"]},
        values,
        counts,
    )


# Unemployed and job offers by occupation --------------------------------------------------------

STAT_FIELDS = (
    Field("year", gettext_lazy("year"), True, ("rok", "year")),
    Field("unit", gettext_lazy("territorial unit (TERYT code or name)"), True, ("teryt", "powiat")),
    Field("code", gettext_lazy("occupation code"), True, ("kod zawodu", "kod")),
    Field("unemployed", gettext_lazy("registered unemployed"), False, ("bezrobotni",)),
    Field("job_offers", gettext_lazy("job offers"), False, ("oferty pracy", "oferty")),
)


def read_stat(cells: dict[str, Any], lookups: Lookups, options: dict[str, Any]) -> Record:
    return {
        "year": _year_or_fixed(cells, options),
        "unit": lookups.unit(cells, "unit", (Level.POWIAT, Level.VOIVODESHIP)),
        "occupation": lookups.occupation(cells),
        "unemployed": integer(cells, "unemployed"),
        "job_offers": integer(cells, "job_offers"),
    }


def stat_key(record: Record) -> tuple[Any, ...]:
    return (record["year"], record["unit"].pk, record["occupation"].pk)


def write_stat(record: Record, counts: Counts) -> None:
    _upsert(
        OccupationStat,
        {"year": record["year"], "unit": record["unit"], "occupation": record["occupation"]},
        {"unemployed": record["unemployed"], "job_offers": record["job_offers"]},
        counts,
    )


def _year_or_fixed(cells: dict[str, Any], options: dict[str, Any]) -> int:
    if cells.get("year") in (None, "") and options.get("year"):
        return int(options["year"])
    return year(cells)


@dataclass(frozen=True)
class Kind:
    fields: tuple[Field, ...]
    read: Callable[[dict[str, Any], Lookups, dict[str, Any]], Record]
    key: Callable[[Record], tuple[Any, ...]]
    write: Callable[[Record, Counts], None]
    fixed_year: bool = False

    @property
    def required(self) -> list[Field]:
        return [f for f in self.fields if f.required]


KINDS: dict[str, Kind] = {
    ImportKind.OCCUPATIONS: Kind(
        OCCUPATION_FIELDS, read_occupation, lambda r: (r["code"],), write_occupation
    ),
    ImportKind.BAROMETER: Kind(
        BAROMETER_FIELDS, read_barometer, barometer_key, write_barometer, fixed_year=True
    ),
    ImportKind.FORECAST: Kind(
        FORECAST_FIELDS, read_forecast, forecast_key, write_forecast, fixed_year=True
    ),
    ImportKind.SCHOOLS: Kind(SCHOOL_FIELDS, read_school, lambda r: (r["rspo"],), write_school),
    ImportKind.OUTCOMES: Kind(OUTCOME_FIELDS, read_outcome, outcome_key, write_outcome),
    ImportKind.STATS: Kind(STAT_FIELDS, read_stat, stat_key, write_stat, fixed_year=True),
}


# ---------------------------------------------------------------------------------------------
# Column layout, preview, commit


def guess_mapping(kind: str, header: list[str]) -> dict[str, int | None]:
    """Match columns to fields by their names (without case and Polish letters): exact names
    first for every field, then names contained in a column's name."""
    keys = [search_key(h).replace("_", " ") for h in header]
    fields = KINDS[kind].fields
    names = {f.key: [search_key(str(f.label)), f.key.replace("_", " "), *f.aliases] for f in fields}
    mapping: dict[str, int | None] = dict.fromkeys(names)
    taken: set[int] = set()
    for exact in (True, False):
        for f in fields:
            if mapping[f.key] is not None:
                continue
            for index, key in enumerate(keys):
                if index not in taken and any(
                    (key == n) if exact else (n in key) for n in names[f.key]
                ):
                    mapping[f.key] = index
                    taken.add(index)
                    break
    return mapping


def remembered_layout(kind: str, header: list[str]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The column layout chosen last time for a file of this kind with the same header (a
    corrected file, or next year's file from the same source); otherwise the guess."""
    for batch in ImportBatch.objects.filter(kind=kind).order_by("-created_at")[:50]:
        if batch.options.get("header") == header and batch.options.get("chosen"):
            return dict(batch.mapping), {"year": batch.options.get("year"), "header": header}
    return guess_mapping(kind, header), {"header": header}


def missing_fields(kind: str, mapping: dict[str, Any], options: dict[str, Any]) -> list[str]:
    spec = KINDS[kind]
    return [
        str(f.label)
        for f in spec.required
        if mapping.get(f.key) is None and not (f.key == "year" and options.get("year"))
    ]


def _records(batch: ImportBatch, preview: Preview) -> Iterator[tuple[Record, int]]:
    spec = KINDS[batch.kind]
    sheet = read_sheet(Path(batch.file.path))
    mapping = {k: v for k, v in batch.mapping.items() if v is not None}
    labels = {f.key: f for f in spec.fields}
    lookups = Lookups()
    seen: dict[tuple[Any, ...], int] = {}
    for number, cells in sheet.rows():
        preview.rows += 1
        if preview.rows > MAX_ROWS:
            raise InvalidFile(_("The file has more than %(n)d rows.") % {"n": MAX_ROWS})
        values = {k: (cells[i] if i < len(cells) else None) for k, i in mapping.items()}
        try:
            record = spec.read(values, lookups, batch.options)
        except RowError as error:
            index = mapping.get(error.key)
            column = sheet.header[index] if index is not None else str(labels[error.key].label)
            value = error.value if error.value != "" else values.get(error.key)
            preview.problems.append(
                Problem(number, column, "" if value is None else str(value)[:80], error.message)
            )
            continue
        key = spec.key(record)
        if key in seen:
            preview.problems.append(
                Problem(
                    number,
                    "",
                    "",
                    _("the same record as in row %(row)d.") % {"row": seen[key]},
                )
            )
            continue
        seen[key] = number
        if len(preview.sample) < 10:
            preview.sample.append(
                [
                    str(cells[i]) if i < len(cells) and cells[i] is not None else ""
                    for i in mapping.values()
                ]
            )
        yield record, number


def preview(batch: ImportBatch) -> Preview:
    """Check every row and count what the import would do; nothing stays written.

    Rows are written as they are read (inside a transaction that is rolled back), so the file
    is never held in memory; after the first problem the rest is only checked."""
    result = Preview()
    result.counts.batch = batch
    spec = KINDS[batch.kind]
    with transaction.atomic():
        for record, _number in _records(batch, result):
            if not result.problems:
                spec.write(record, result.counts)
        transaction.set_rollback(True)
    return result


class NotReady(Exception):
    pass


def commit(batch: ImportBatch) -> Counts:
    """Write every row in one transaction, or nothing when any row has a problem.

    The file streams: each row is written as soon as it is read and checked, and the first
    problem rolls the whole transaction back, so memory stays flat whatever the file's length
    (only the natural keys seen, to find repeated rows, grow with it)."""
    result = Preview()
    result.counts.batch = batch
    spec = KINDS[batch.kind]
    try:
        with transaction.atomic():
            _lock(batch)
            for record, _number in _records(batch, result):
                if result.problems:
                    break
                spec.write(record, result.counts)
            if result.problems:
                first = result.problems[0]
                raise NotReady(
                    _(
                        "Row %(row)d, column “%(column)s”: %(reason)s "
                        "Fix the file and upload it again."
                    )
                    % {"row": first.row, "column": first.column, "reason": first.reason}
                )
            if not result.rows:
                raise NotReady(_("The file has no rows. Fix it and upload it again."))
            batch.status = ImportBatch.Status.DONE
            batch.counts = {**result.counts.as_dict(), "rows": result.rows}
            batch.error = ""
            batch.finished_at = timezone.now()
            batch.save()
    except OperationalError as exc:  # SQLite: another commit holds the database
        raise NotReady(
            _("Another import is being written right now. Try again in a moment.")
        ) from exc
    return result.counts


def _lock(batch: ImportBatch) -> None:
    """Hold the batch for this transaction; a second commit of it (another tab) waits, then
    finds it done and writes nothing."""
    status = (
        ImportBatch.objects.select_for_update().values_list("status", flat=True).get(pk=batch.pk)
    )
    if status == ImportBatch.Status.DONE:
        raise NotReady(_("This file has already been imported."))
