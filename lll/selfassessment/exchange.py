"""Inter-regional learning: a closed round's anonymised results as a file, and other regions'.

The file format ("lll-selfassessment-results", version 1) is described in
docs/selfassessment-results-format.md. It holds numbers only: no names, comments, evidence or
respondent groups, so no answer can be traced to a person.
"""

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Max, Min
from django.utils import timezone
from django.utils.translation import gettext as _

from lll.core.errors import UserError
from lll.core.imports import InvalidFile, limits, parse_json
from lll.territory.models import Unit

from . import services
from .frameworks import FileProblems
from .models import ExternalRound, Framework, Level, Round

FORMAT = "lll-selfassessment-results"
EXAMPLE_FILE = Path(__file__).resolve().parent / "data" / "example_malopolskie_2025.json"
STAT_FIELDS = ("median", "mean", "q1", "q3", "min", "max")
PERIOD = re.compile(r"^\d{4}(-\d{4})?$")


class ResultsFileError(FileProblems):
    """The file cannot be read as another region's results."""


class NotClosed(UserError):
    """Only a closed round's results leave the office."""


def _stats(s: services.Stats) -> dict[str, Any]:
    return {
        "n": s.n,
        "median": s.median,
        "mean": s.mean,
        "q1": s.q1,
        "q3": s.q3,
        "min": s.low,
        "max": s.high,
    }


def export_results(round_: Round) -> dict[str, Any]:
    if round_.status != Round.Status.CLOSED:
        raise NotClosed(_("Only a closed round's results can be exported."))
    area_results = services.results(round_)
    return {
        "format": FORMAT,
        "format_version": 1,
        "exported_at": timezone.now().isoformat(timespec="seconds"),
        "example": False,
        "region": {"code": round_.region.code, "name": round_.region.name},
        "framework": {"code": round_.framework.code, "version": round_.framework.version},
        "period": round_.period,
        "respondents": round_.respondents.filter(submitted_at__isnull=False).count(),
        "areas": [
            {
                "code": a.area.code,
                "name_pl": a.area.name_pl,
                "name_en": a.area.name_en,
                **_stats(a.stats),
                "consensus": a.consensus,
                "criteria": [
                    {"code": c.criterion.code, **_stats(c.stats), "dont_know": c.dont_know}
                    for c in a.criteria
                ],
            }
            for a in area_results
        ],
    }


def export_json(round_: Round) -> bytes:
    return json.dumps(export_results(round_), ensure_ascii=False, indent=2).encode()


def _number(
    problems: list[str],
    where: str,
    value: Any,
    name: str,
    whole: bool = False,
    scale: tuple[float, float] = (0, 10),
) -> Any:
    if value is None:
        return None
    ok = isinstance(value, int) if whole else isinstance(value, int | float)
    if isinstance(value, bool) or not ok:
        message = (
            _("%(where)s, field “%(field)s”: “%(value)s” is not a whole number.")
            if whole
            else _("%(where)s, field “%(field)s”: “%(value)s” is not a number.")
        )
        problems.append(message % {"where": where, "field": name, "value": value})
        return None
    if not whole and not scale[0] <= value <= scale[1]:
        problems.append(
            _("%(where)s, field “%(field)s”: %(value)s is outside the scale.")
            % {"where": where, "field": name, "value": value}
        )
        return None
    if whole and limits.whole_too_large(value):
        problems.append(
            _("%(where)s, field “%(field)s”: %(value)s is larger than %(most)s.")
            % {
                "where": where,
                "field": name,
                "value": value,
                "most": limits.shown(limits.current().whole),
            }
        )
        return None
    if whole and value < 0:
        problems.append(
            _("%(where)s, field “%(field)s”: cannot be negative.") % {"where": where, "field": name}
        )
    return value


def _not_a_list(problems: list[str], where: str, name: str) -> None:
    problems.append(
        _("%(where)s: field “%(field)s” is not a list.") % {"where": where, "field": name}
    )


def _scale_of(code: str, version: Any) -> tuple[float, float] | None:
    """The lowest and highest level of our framework with this code (that version if we have it)."""
    frameworks = Framework.objects.filter(code=code)
    if isinstance(version, int) and frameworks.filter(version=version).exists():
        frameworks = frameworks.filter(version=version)
    bounds = Level.objects.filter(framework__in=frameworks).aggregate(
        low=Min("value"), high=Max("value")
    )
    if bounds["low"] is None:
        return None
    return (bounds["low"], bounds["high"])


def check_results(data: Any) -> dict[str, Any]:
    """The file's content cleaned, or ResultsFileError naming every problem."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ResultsFileError(
            [
                _(
                    "This is not a file of self-assessment results "
                    "(the “format” field is missing or different)."
                )
            ]
        )
    problems: list[str] = []
    if data.get("format_version") != 1:
        problems.append(
            _("Format version %(v)s is not supported (1 is).") % {"v": data.get("format_version")}
        )
    region: dict[str, Any] = data["region"] if isinstance(data.get("region"), dict) else {}
    code = str(region.get("code") or "")
    unit = Unit.objects.filter(code=code, level="voivodeship").first()
    if unit is None:
        problems.append(
            _("Field “region.code”: “%(code)s” is not a voivodeship's TERYT code.") % {"code": code}
        )
    framework: dict[str, Any] = data["framework"] if isinstance(data.get("framework"), dict) else {}
    if "framework" in data and not isinstance(data.get("framework"), dict):
        problems.append(_("Field “framework” is not an object."))
    if "region" in data and not isinstance(data.get("region"), dict):
        problems.append(_("Field “region” is not an object."))
    if unit is not None and code == settings.LLL_HOME_REGION:
        problems.append(
            _(
                "The file holds results of our own region (%(name)s); "
                "import only other regions' results."
            )
            % {"name": unit.name}
        )
    framework_code = framework.get("code")
    scale: tuple[float, float] = (0, 10)
    if not framework_code or not isinstance(framework_code, str):
        problems.append(_("Field “framework.code” is missing."))
    version = _number(problems, "framework", framework.get("version"), "version", whole=True)
    if framework_code and isinstance(framework_code, str):
        found = _scale_of(framework_code, version)
        if found is None:
            problems.append(
                _("Field “framework.code”: the framework “%(code)s” is not known here.")
                % {"code": framework_code}
            )
        else:
            scale = found
    raw_period = data.get("period")
    period = str(raw_period).strip() if isinstance(raw_period, str | int) else ""
    if isinstance(raw_period, bool) or not PERIOD.match(period):
        problems.append(
            _(
                "Field “period”: “%(value)s” is not a year or a span of years "
                "(e.g. 2025 or 2024-2025)."
            )
            % {"value": "" if raw_period is None else raw_period}
        )
    respondents = _number(problems, _("file"), data.get("respondents"), "respondents", whole=True)
    areas = data.get("areas")
    if not isinstance(areas, list) or not areas:
        problems.append(_("Field “areas” is missing or empty."))
        areas = []
    clean_areas = []
    for index, area in enumerate(areas, start=1):
        where = _("area %(n)d") % {"n": index}
        if not isinstance(area, dict) or not str(area.get("code") or "").strip():
            problems.append(_("%(where)s: the area code is missing.") % {"where": where})
            continue
        where = _("area %(n)d (%(code)s)") % {"n": index, "code": area["code"]}
        entry: dict[str, Any] = {
            "code": str(area["code"]).strip()[:10],
            "name_pl": str(area.get("name_pl") or "")[:300],
            "name_en": str(area.get("name_en") or "")[:300],
            "n": _number(problems, where, area.get("n", 0), "n", whole=True) or 0,
            "consensus": _number(problems, where, area.get("consensus"), "consensus", scale=scale),
        }
        for name in ("name_pl", "name_en"):
            if area.get(name) is not None and not isinstance(area.get(name), str):
                problems.append(
                    _("%(where)s: field “%(field)s” is not text.") % {"where": where, "field": name}
                )
        for name in STAT_FIELDS:
            entry[name] = _number(problems, where, area.get(name), name, scale=scale)
        criteria = []
        items = area.get("criteria")
        if items is None:
            items = []
        if not isinstance(items, list):
            _not_a_list(problems, where, "criteria")
            items = []
        for number, item in enumerate(items, start=1):
            at = _("%(where)s, criterion %(c)d") % {"where": where, "c": number}
            if not isinstance(item, dict) or not item.get("code"):
                problems.append(_("%(where)s: the criterion code is missing.") % {"where": at})
                continue
            row: dict[str, Any] = {"code": str(item["code"])[:12]}
            row["n"] = _number(problems, at, item.get("n", 0), "n", whole=True) or 0
            row["dont_know"] = (
                _number(problems, at, item.get("dont_know", 0), "dont_know", whole=True) or 0
            )
            for name in STAT_FIELDS:
                row[name] = _number(problems, at, item.get(name), name, scale=scale)
            criteria.append(row)
        entry["criteria"] = criteria
        clean_areas.append(entry)
    if problems:
        raise ResultsFileError(problems)
    return {
        "region_code": code,
        "region_name": unit.name if unit else "",
        "framework_code": str(framework_code)[:40],
        "framework_version": version or 1,
        "period": period,
        "respondent_count": respondents or 0,
        "is_example": bool(data.get("example")),
        "results": {"areas": clean_areas},
    }


def import_results(content: bytes, source_name: str, user: Any) -> ExternalRound:
    return store_results(read_results(content), source_name, user)


def read_results(content: bytes) -> dict[str, Any]:
    """The file checked completely, or ResultsFileError; also refuses a file imported before."""
    try:
        data = parse_json(content)
    except InvalidFile as error:
        raise ResultsFileError([error.message]) from None
    clean = check_results(data)
    _refuse_duplicate(clean)
    return clean


def _refuse_duplicate(clean: dict[str, Any]) -> None:
    if ExternalRound.objects.filter(
        region_code=clean["region_code"],
        framework_code=clean["framework_code"],
        period=clean["period"],
    ).exists():
        raise ResultsFileError([_duplicate_message(clean)])


def _duplicate_message(clean: dict[str, Any]) -> str:
    return _(
        "Results of %(region)s for %(period)s are already imported; "
        "delete them first to import again."
    ) % {"region": clean["region_name"], "period": clean["period"]}


def store_results(clean: dict[str, Any], source_name: str, user: Any) -> ExternalRound:
    try:
        with transaction.atomic():
            return ExternalRound.objects.create(
                **clean,
                source_name=source_name[:300],
                imported_by=user if getattr(user, "pk", None) else None,
            )
    except IntegrityError:
        raise ResultsFileError([_duplicate_message(clean)]) from None


@dataclass
class Difference:
    code: str
    name: str
    short: str
    ours: float | None
    theirs: float | None

    @property
    def delta(self) -> float | None:
        if self.ours is None or self.theirs is None:
            return None
        return round(self.ours - self.theirs, 2)


def compare(round_: Round, external: ExternalRound) -> list[Difference]:
    """Area medians of our round and the other region's, matched by area code."""
    theirs = {a["code"]: a.get("median") for a in external.results.get("areas", [])}
    return [
        Difference(a.area.code, a.area.name, a.area.short, a.stats.median, theirs.get(a.area.code))
        for a in services.results(round_)
    ]
