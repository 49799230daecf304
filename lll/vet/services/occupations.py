"""Loading the KZiS classification of occupations (6-digit codes) from the shared data files."""

import csv
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from ..models import Occupation

KZIS_FILES = ("kzis_zawody_2023.csv", "kzis_hierarchia_2023.csv")
KZIS_YEAR = 2023


@dataclass
class Loaded:
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0


def read_kzis(data_dir: Path) -> dict[str, str]:
    """code -> name: the official list, then the 6-digit codes only the hierarchy has."""
    names: dict[str, str] = {}
    with (data_dir / KZIS_FILES[0]).open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            names[row["code"].zfill(6)] = row["name"].strip()
    with (data_dir / KZIS_FILES[1]).open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if len(row["kod"]) == 6:
                names.setdefault(row["kod"], row["nazwa"].strip())
    return names


@transaction.atomic
def load_kzis(data_dir: Path) -> Loaded:
    """Create or rename occupations; the school flags and sectors set by imports stay."""
    result = Loaded()
    existing = {o.code: o for o in Occupation.objects.all()}
    new = []
    for code, name in read_kzis(data_dir).items():
        occupation = existing.get(code)
        if occupation is None:
            new.append(Occupation(code=code, name=name[:300], valid_from=KZIS_YEAR))
        elif occupation.name != name[:300]:
            occupation.name = name[:300]
            occupation.save()
            result.updated += 1
        else:
            result.unchanged += 1
    Occupation.objects.bulk_create(new, batch_size=1000)
    result.inserted = len(new)
    return result
