"""Frameworks as files: JSON (the format of data/comorelp.json) and XLSX (one sheet per part).

Reading checks everything before anything is written and names the place of each problem
(sheet and row, or the JSON path); saving creates a new framework, or the next version of one
with the same code, never changing a version that rounds use.
"""

import json
from io import BytesIO
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font

from lll.core.errors import UserError
from lll.core.imports import InvalidFile, parse_json
from lll.core.imports.limits import check_xlsx
from lll.indicators.models import Indicator

from .models import Area, Criterion, Framework, Level

FORMAT = "lll-selfassessment-framework"
COMORELP_FILE = Path(__file__).resolve().parent / "data" / "comorelp.json"
COMORELP_CODE = "comorelp"  # the code in that file

FRAMEWORK_FIELDS = ["code", "version", "name_pl", "name_en", "description_pl", "description_en"]
LEVEL_FIELDS = ["value", "name_pl", "name_en", "descriptor_pl", "descriptor_en"]
AREA_FIELDS = ["code", "name_pl", "name_en", "short_pl", "short_en"]
CRITERION_FIELDS = [
    "code",
    "statement_pl",
    "statement_en",
    "guidance_pl",
    "guidance_en",
    "evidence_pl",
    "evidence_en",
]
LIMITS = {
    "code": 40,
    "name_pl": 300,
    "name_en": 300,
    "short_pl": 40,
    "short_en": 40,
}


class FileProblems(UserError):
    """A file that cannot be imported; `problems` says where and why, one line each."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


class FrameworkFileError(FileProblems):
    """The file cannot be read as a framework."""


def to_dict(framework: Framework) -> dict[str, Any]:
    data: dict[str, Any] = {"format": FORMAT, "format_version": 1}
    data.update({f: getattr(framework, f) for f in FRAMEWORK_FIELDS})
    data["levels"] = [{f: getattr(lv, f) for f in LEVEL_FIELDS} for lv in framework.levels.all()]
    data["areas"] = []
    for area in framework.areas.prefetch_related("criteria__indicators"):
        entry: dict[str, Any] = {f: getattr(area, f) for f in AREA_FIELDS}
        entry["criteria"] = [
            {
                **{f: getattr(c, f) for f in CRITERION_FIELDS},
                "indicators": sorted(i.code for i in c.indicators.all()),
            }
            for c in area.criteria.all()
        ]
        data["areas"].append(entry)
    return data


def to_json(framework: Framework) -> bytes:
    return json.dumps(to_dict(framework), ensure_ascii=False, indent=2).encode()


# ---------------------------------------------------------------------------------------------
# Checking


def _text(problems: list[str], where: str, entry: dict[str, Any], name: str, required: bool) -> str:
    value = entry.get(name)
    if value is None:
        value = ""
    if not isinstance(value, str | int | float):
        problems.append(
            _("%(where)s, field “%(field)s”: expected text.") % {"where": where, "field": name}
        )
        return ""
    text = str(value).strip()
    if required and not text:
        problems.append(
            _("%(where)s, field “%(field)s”: is empty.") % {"where": where, "field": name}
        )
    limit = LIMITS.get(name)
    if limit and len(text) > limit:
        problems.append(
            _("%(where)s, field “%(field)s”: longer than %(limit)d characters.")
            % {"where": where, "field": name, "limit": limit}
        )
    return text


def _whole(problems: list[str], where: str, value: Any, name: str) -> int:
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        problems.append(
            _("%(where)s, field “%(field)s”: “%(value)s” is not a whole number.")
            % {"where": where, "field": name, "value": value}
        )
        return 0
    if not 0 < number < 1000:
        problems.append(
            _("%(where)s, field “%(field)s”: %(value)s is out of range.")
            % {"where": where, "field": name, "value": number}
        )
    return number


def check(data: Any) -> dict[str, Any]:
    """The framework cleaned, or FrameworkFileError listing every problem found."""
    problems: list[str] = []
    if not isinstance(data, dict):
        raise FrameworkFileError([_("The file does not hold a framework (an object expected).")])
    if data.get("format") not in (None, FORMAT):
        problems.append(
            _("The file's format is “%(format)s”, not a framework.")
            % {"format": data.get("format")}
        )
    clean: dict[str, Any] = {}
    where = _("framework")
    for name in FRAMEWORK_FIELDS:
        if name == "version":
            clean[name] = _whole(problems, where, data.get("version", 1), name)
        else:
            clean[name] = _text(problems, where, data, name, name in ("code", "name_pl"))
    levels = data.get("levels")
    if not isinstance(levels, list) or not levels:
        problems.append(_("The framework has no rating scale (levels)."))
        levels = []
    clean["levels"] = []
    for index, entry in enumerate(levels, start=1):
        where = _("level %(n)d") % {"n": index}
        if not isinstance(entry, dict):
            problems.append(_("%(where)s: expected an object.") % {"where": where})
            continue
        clean["levels"].append(
            {
                "value": _whole(problems, where, entry.get("value"), "value"),
                **{
                    f: _text(problems, where, entry, f, f in ("name_pl", "descriptor_pl"))
                    for f in LEVEL_FIELDS[1:]
                },
            }
        )
    values = [lv["value"] for lv in clean["levels"]]
    if len(set(values)) != len(values):
        problems.append(_("Two levels of the scale have the same value."))
    areas = data.get("areas")
    if not isinstance(areas, list) or not areas:
        problems.append(_("The framework has no areas."))
        areas = []
    clean["areas"] = []
    codes: set[str] = set()
    known = set(Indicator.objects.values_list("code", flat=True))
    for index, entry in enumerate(areas, start=1):
        where = _("area %(n)d") % {"n": index}
        if not isinstance(entry, dict):
            problems.append(_("%(where)s: expected an object.") % {"where": where})
            continue
        area: dict[str, Any] = {
            f: _text(problems, where, entry, f, f in ("code", "name_pl")) for f in AREA_FIELDS
        }
        if area["code"] in codes:
            problems.append(
                _("%(where)s: the code %(code)s is repeated.")
                % {"where": where, "code": area["code"]}
            )
        codes.add(area["code"])
        area["criteria"] = []
        criteria = entry.get("criteria") or []
        if not isinstance(criteria, list):
            problems.append(_("%(where)s: criteria must be a list.") % {"where": where})
            criteria = []
        for number, item in enumerate(criteria, start=1):
            at = _("area %(n)d, criterion %(c)d") % {"n": index, "c": number}
            if not isinstance(item, dict):
                problems.append(_("%(where)s: expected an object.") % {"where": at})
                continue
            criterion: dict[str, Any] = {
                f: _text(problems, at, item, f, f in ("code", "statement_pl"))
                for f in CRITERION_FIELDS
            }
            if criterion["code"] in codes:
                problems.append(
                    _("%(where)s: the code %(code)s is repeated.")
                    % {"where": at, "code": criterion["code"]}
                )
            codes.add(criterion["code"])
            links = item.get("indicators") or []
            if isinstance(links, str):
                links = [p.strip() for p in links.split(",") if p.strip()]
            unknown = [str(code) for code in links if code not in known]
            if unknown:
                problems.append(
                    _("%(where)s: unknown indicator codes: %(codes)s.")
                    % {"where": at, "codes": ", ".join(unknown)}
                )
            criterion["indicators"] = [str(code) for code in links if code in known]
            area["criteria"].append(criterion)
        clean["areas"].append(area)
    if problems:
        raise FrameworkFileError(problems)
    return clean


# ---------------------------------------------------------------------------------------------
# Saving


@transaction.atomic
def save(data: dict[str, Any], *, keep_version: bool = False) -> tuple[Framework, bool]:
    """Store a checked framework. With `keep_version` (the loader), an existing code and version
    is left as it is (False: not created); otherwise a used code gets its next version."""
    existing = Framework.objects.filter(code=data["code"]).order_by("-version").first()
    version = data["version"]
    if Framework.objects.filter(code=data["code"], version=version).exists():
        if keep_version:
            return Framework.objects.get(code=data["code"], version=version), False
        version = (existing.version if existing else 0) + 1
    framework = Framework.objects.create(
        **{f: data[f] for f in FRAMEWORK_FIELDS if f != "version"},
        version=version,
        based_on=existing,
    )
    for level in data["levels"]:
        Level.objects.create(framework=framework, **level)
    indicators = {i.code: i for i in Indicator.objects.all()}
    for position, entry in enumerate(data["areas"], start=1):
        area = Area.objects.create(
            framework=framework, position=position, **{f: entry[f] for f in AREA_FIELDS}
        )
        for number, item in enumerate(entry["criteria"], start=1):
            criterion = Criterion.objects.create(
                area=area, position=number, **{f: item[f] for f in CRITERION_FIELDS}
            )
            criterion.indicators.set([indicators[c] for c in item["indicators"]])
    return framework, True


def load_comorelp(path: Path | None = None) -> tuple[Framework, bool]:
    """The default framework from its JSON file; running it again changes nothing."""
    data = json.loads((path or COMORELP_FILE).read_text(encoding="utf-8"))
    return save(check(data), keep_version=True)


def read_json(content: bytes) -> dict[str, Any]:
    try:
        data = parse_json(content)
    except InvalidFile as error:
        raise FrameworkFileError([error.message]) from None
    return check(data)


# ---------------------------------------------------------------------------------------------
# XLSX: sheets "framework" (field, value), "levels", "areas", "criteria" (with the area code)


SHEETS = ("framework", "levels", "areas", "criteria")


def to_xlsx(framework: Framework) -> bytes:
    data = to_dict(framework)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "framework"
    sheet.append(["field", "value"])
    for name in FRAMEWORK_FIELDS:
        sheet.append([name, data[name]])
    tables: list[tuple[str, list[str], list[list[Any]]]] = [
        ("levels", LEVEL_FIELDS, [[lv[f] for f in LEVEL_FIELDS] for lv in data["levels"]]),
        ("areas", AREA_FIELDS, [[a[f] for f in AREA_FIELDS] for a in data["areas"]]),
        (
            "criteria",
            ["area", *CRITERION_FIELDS, "indicators"],
            [
                [a["code"], *[c[f] for f in CRITERION_FIELDS], ", ".join(c["indicators"])]
                for a in data["areas"]
                for c in a["criteria"]
            ],
        ),
    ]
    for title, headers, rows in tables:
        sheet = workbook.create_sheet(title)
        sheet.append(headers)
        for row in rows:
            sheet.append(row)
    for sheet in workbook.worksheets:
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    cell.data_type = "s"
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _records(workbook: Any, title: str, problems: list[str]) -> list[tuple[int, dict[str, Any]]]:
    if title not in workbook.sheetnames:
        problems.append(_("The sheet “%(sheet)s” is missing.") % {"sheet": title})
        return []
    rows = list(workbook[title].iter_rows(values_only=True))
    if not rows:
        return []
    headers = [str(h or "").strip() for h in rows[0]]
    return [
        (number, {h: v for h, v in zip(headers, row, strict=False) if h})
        for number, row in enumerate(rows[1:], start=2)
        if any(v not in (None, "") for v in row)
    ]


def read_xlsx(content: bytes) -> dict[str, Any]:
    try:
        check_xlsx(BytesIO(content))  # rows, cells, entities: before openpyxl reads it
    except InvalidFile as error:
        raise FrameworkFileError([error.message]) from None
    try:
        workbook = load_workbook(BytesIO(content), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds of errors for a broken file
        raise FrameworkFileError([_("The file cannot be read as an XLSX workbook.")]) from None
    problems: list[str] = []
    data: dict[str, Any] = {}
    for _row, record in _records(workbook, "framework", problems):
        data[str(record.get("field") or "")] = record.get("value")
    data["levels"] = [r for _n, r in _records(workbook, "levels", problems)]
    areas = {}
    data["areas"] = []
    for _n, record in _records(workbook, "areas", problems):
        entry = {**record, "criteria": []}
        areas[str(record.get("code") or "").strip()] = entry
        data["areas"].append(entry)
    for number, record in _records(workbook, "criteria", problems):
        area = areas.get(str(record.get("area") or "").strip())
        if area is None:
            problems.append(
                _("Sheet “criteria”, row %(row)d: no area with the code “%(code)s”.")
                % {"row": number, "code": record.get("area") or ""}
            )
            continue
        area["criteria"].append(record)
    if problems:
        raise FrameworkFileError(problems)
    return check(data)
