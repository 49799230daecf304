"""The starting catalogue of indicators and targets shipped in data/catalogue.json."""

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction

from lll.indicators.models import Indicator, Target, ValidationRule
from lll.territory.models import Unit

CATALOGUE = Path(__file__).resolve().parent.parent / "data" / "catalogue.json"
# The starting validation rules between the catalogue's indicators (created once by name;
# afterwards they are the analysts', edited on the rules page).
RULES = CATALOGUE.with_name("rules.json")
PLAIN_FIELDS = [
    "name_pl",
    "name_en",
    "definition_pl",
    "definition_en",
    "unit_of_measure",
    "unit_of_measure_en",
    "decimals",
    "polarity",
    "periodicity",
    "levels",
    "source",
    "source_reference",
    "bdl_variable_id",
    "min_value",
    "max_value",
    "eurostat_dataset",
    "eurostat_filters",
    "themes",
    "caveats",
    "caveats_en",
    "factor",
]


@dataclass
class CatalogueResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    targets: int = 0
    rules: int = 0


@transaction.atomic
def load_catalogue(path: Path = CATALOGUE) -> CatalogueResult:
    """Create or update the catalogue's indicators and targets by code. Idempotent.

    `published` is set only when an indicator is created: afterwards it is the analyst's choice.
    """
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    result = CatalogueResult()
    entries = data["indicators"]
    for entry in entries:
        values = {key: entry[key] for key in PLAIN_FIELDS if key in entry}
        indicator = Indicator.objects.filter(code=entry["code"]).first()
        if indicator is None:
            Indicator.objects.create(
                code=entry["code"], published=entry.get("published", False), **values
            )
            result.created += 1
        elif any(getattr(indicator, key) != value for key, value in values.items()):
            for key, value in values.items():
                setattr(indicator, key, value)
            indicator.save()
            result.updated += 1
        else:
            result.unchanged += 1
    by_code = {i.code: i for i in Indicator.objects.all()}
    for entry in entries:
        if "numerator" in entry and entry["numerator"] is None:
            # No longer computed from two others (e.g. now written by its own service).
            indicator = by_code[entry["code"]]
            if indicator.numerator_id or indicator.denominator_id:
                indicator.numerator = indicator.denominator = None
                indicator.save()
        elif "numerator" in entry:
            indicator = by_code[entry["code"]]
            numerator, denominator = by_code[entry["numerator"]], by_code[entry["denominator"]]
            if (indicator.numerator_id, indicator.denominator_id) != (numerator.pk, denominator.pk):
                indicator.numerator, indicator.denominator = numerator, denominator
                indicator.save()
    for entry in data.get("targets", []):
        target, _created = Target.objects.get_or_create(
            indicator=by_code[entry["indicator"]],
            unit=Unit.objects.get(code=entry["unit"]),
            year=entry["year"],
            defaults={"value": entry["value"], "source_document": entry["source_document"]},
        )
        values = {
            "value": entry["value"],
            "baseline_year": entry.get("baseline_year"),
            "baseline_value": entry.get("baseline_value"),
            "source_document": entry["source_document"],
            "note": entry.get("note", ""),
        }
        if any(getattr(target, key) != value for key, value in values.items()):
            for key, value in values.items():
                setattr(target, key, value)
            target.save()
        result.targets += 1
    if path == CATALOGUE:
        result.rules = load_rules(by_code)
    return result


def load_rules(by_code: dict[str, Indicator], path: Path = RULES) -> int:
    """Create the shipped rules that do not exist yet (by name); an analyst's edits stay."""
    created = 0
    for entry in json.loads(path.read_text(encoding="utf-8"))["rules"]:
        if entry["left"] not in by_code or entry.get("right", entry["left"]) not in by_code:
            continue
        _rule, made = ValidationRule.objects.get_or_create(
            name=entry["name"],
            defaults={
                "left": by_code[entry["left"]],
                "operator": entry["operator"],
                "right": by_code.get(entry.get("right", "")),
                "constant": entry.get("constant"),
            },
        )
        created += made
    return created
