"""The six imports: their fields, one row read into a record, records written."""

import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lll.core.imports import RowError
from lll.core.numbers import InvalidValue, parse_number
from lll.core.text import search_key
from lll.territory.models import Level, Unit

from ...models import (
    BarometerEntry,
    BarometerGroup,
    Category,
    Demand,
    ForecastEntry,
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
from ..outcomes import outcome_problems
from ..school_years import parse_school_year
from .cells import (
    CATEGORY_WORDS,
    DEMAND_WORDS,
    REASON_WORDS,
    SCHOOL_TYPE_WORDS,
    _choice,
    integer,
    occupation_code,
    text,
    year,
    yes_no,
)
from .lookups import Lookups
from .records import Counts, Field, Record


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
