"""Loading Poland's territorial units (TERYT) and their boundaries from the public data files.

Every file is read and checked before the database is touched, so a corrupt or missing file leaves
the database as it was. The load is an upsert on the TERYT code: running it twice changes nothing.
"""

import csv
import datetime
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from lll.core.errors import UserError
from lll.core.text import search_key

from .models import Kind, Level, Unit

VOIVODESHIPS_FILE = "teryt_wojewodztwa.csv"
POWIATS_FILE = "teryt_powiaty.csv"
GMINAS_FILE = "teryt_gminy.csv"
SUBREGIONS_FILE = "podregiony_powiaty.csv"
VOIVODESHIP_BOUNDARIES_FILE = "wojewodztwa.geojson"
POWIAT_BOUNDARIES_FILE = "powiaty.geojson"
NUTS_FILE = Path(__file__).parent / "data" / "nuts2016_wojewodztwa.csv"

COUNTRY_CODE = "PL"
POWIAT_KINDS = {
    "powiat": Kind.POWIAT,
    "miasto na prawach powiatu": Kind.CITY_POWIAT,
    # Warsaw; its `miasto_na_prawach_powiatu` flag is 0 in the source, the type is what counts.
    "miasto stołeczne, na prawach powiatu": Kind.CITY_POWIAT,
}
# TERC "RODZ" digits of whole gminas; 4, 5, 8 and 9 are parts of gminas and are skipped.
GMINA_KINDS = {"1": Kind.URBAN_GMINA, "2": Kind.RURAL_GMINA, "3": Kind.URBAN_RURAL_GMINA}
GMINA_PART_KINDS = {"4", "5", "8", "9"}
UPDATED_FIELDS = [
    "name",
    "level",
    "kind",
    "parent",
    "nuts_code",
    "subregion",
    "geometry",
    "valid_from",
    "search_name",
]


class TerritoryDataError(UserError):
    """A data file that cannot be loaded; the message names the file, the row and the field."""

    def __init__(
        self, file: str, message: str, row: int | None = None, column: str | None = None
    ) -> None:
        self.file, self.row, self.column, self.problem = file, row, column, message
        where = [_("file %(file)s") % {"file": file}]
        if row is not None:
            where.append(_("row %(row)d") % {"row": row})
        if column is not None:
            where.append(_("field “%(field)s”") % {"field": column})
        super().__init__(f"{', '.join(where)}: {message}")


@dataclass
class UnitRecord:
    code: str
    name: str
    level: str
    kind: str
    parent_code: str | None
    valid_from: datetime.date | None = None
    nuts_code: str = ""
    subregion: str = ""
    geometry: dict[str, Any] | None = None


@dataclass
class LoadResult:
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    unchanged: dict[str, int] = field(default_factory=dict)
    not_in_files: int = 0

    def total(self, counts: dict[str, int]) -> int:
        return sum(counts.values())

    @property
    def changed(self) -> bool:
        return bool(self.total(self.created) or self.total(self.updated))


def _rows(path: Path, required: list[str]) -> Iterator[tuple[int, dict[str, str]]]:
    """Rows of a CSV file with their line numbers (the header is line 1)."""
    name = path.name
    if not path.is_file():
        raise TerritoryDataError(
            name, _("the file does not exist (looked in %(dir)s).") % {"dir": path.parent}
        )
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            missing = [column for column in required if column not in (reader.fieldnames or [])]
            if missing:
                raise TerritoryDataError(
                    name,
                    _("missing column(s): %(columns)s.") % {"columns": ", ".join(missing)},
                    row=1,
                )
            for row in reader:
                if None in row:
                    raise TerritoryDataError(
                        name, _("the row has more values than the header."), row=reader.line_num
                    )
                yield reader.line_num, {key: (value or "").strip() for key, value in row.items()}
    except UnicodeDecodeError as exc:
        raise TerritoryDataError(name, _("the file is not UTF-8 text.")) from exc
    except csv.Error as exc:
        raise TerritoryDataError(name, _("malformed CSV: %(error)s") % {"error": exc}) from exc


def _code(file: str, row: int, column: str, value: str, digits: int) -> str:
    if not re.fullmatch(rf"\d{{{digits}}}", value):
        raise TerritoryDataError(
            file,
            _("“%(value)s” is not a %(digits)d-digit TERYT code.")
            % {
                "value": value[:40],
                "digits": digits,
            },
            row,
            column,
        )
    return value


def _date(file: str, row: int, column: str, value: str) -> datetime.date | None:
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as exc:
        raise TerritoryDataError(
            file, _("“%(value)s” is not a date (YYYY-MM-DD).") % {"value": value[:40]}, row, column
        ) from exc


def _required(file: str, row: int, column: str, value: str) -> str:
    if not value:
        raise TerritoryDataError(file, _("the value is empty."), row, column)
    if len(value) > 100:
        raise TerritoryDataError(file, _("the value is longer than 100 characters."), row, column)
    return value


def ring_area(ring: list[list[float]]) -> float:
    """Signed planar area of a lon/lat ring: positive when it runs counter-clockwise."""
    pairs = zip(ring, ring[1:] + ring[:1], strict=True)
    return sum(x1 * y2 - x2 * y1 for (x1, y1, *_), (x2, y2, *_) in pairs) / 2


def wound_for_d3(geometry: dict[str, Any]) -> dict[str, Any]:
    """Exterior rings clockwise, holes counter-clockwise: the winding d3-geo (and so Vega) needs.

    RFC 7946 GeoJSON winds the other way; d3 would read such a ring as "the whole globe except
    the region" and paint the map full. The two boundary files differ in this, so fix it here.
    """
    polygons = (
        [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    )
    wound = [
        [
            ring if (ring_area(ring) < 0) == (index == 0) else ring[::-1]
            for index, ring in enumerate(polygon)
        ]
        for polygon in polygons
    ]
    coordinates = wound[0] if geometry["type"] == "Polygon" else wound
    return {"type": geometry["type"], "coordinates": coordinates}


def _boundaries(path: Path, known: dict[str, UnitRecord]) -> dict[str, dict[str, Any]]:
    """Geometry by TERYT code from a GeoJSON FeatureCollection whose features carry `teryt`."""
    name = path.name
    if not path.is_file():
        raise TerritoryDataError(
            name, _("the file does not exist (looked in %(dir)s).") % {"dir": path.parent}
        )
    try:
        collection = json.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as exc:
        raise TerritoryDataError(name, _("the file is not UTF-8 text.")) from exc
    except json.JSONDecodeError as exc:
        raise TerritoryDataError(
            name, _("invalid JSON: %(error)s") % {"error": exc.msg}, row=exc.lineno
        ) from exc
    if not isinstance(collection, dict) or collection.get("type") != "FeatureCollection":
        raise TerritoryDataError(name, _("the file is not a GeoJSON FeatureCollection."))
    geometries: dict[str, dict[str, Any]] = {}
    for number, feature in enumerate(collection.get("features") or [], start=1):
        properties = feature.get("properties") or {} if isinstance(feature, dict) else {}
        code = str(properties.get("teryt", ""))
        if code not in known:
            raise TerritoryDataError(
                name,
                _("feature %(number)d has an unknown TERYT code “%(code)s”.")
                % {
                    "number": number,
                    "code": code[:40],
                },
                column="teryt",
            )
        geometry = feature.get("geometry")
        if (
            not isinstance(geometry, dict)
            or geometry.get("type") not in ("Polygon", "MultiPolygon")
            or not isinstance(geometry.get("coordinates"), list)
            or not geometry["coordinates"]
        ):
            raise TerritoryDataError(
                name,
                _("feature %(number)d (%(code)s) has no polygon geometry.")
                % {
                    "number": number,
                    "code": code,
                },
                column="geometry",
            )
        if code in geometries:
            raise TerritoryDataError(
                name, _("TERYT code %(code)s appears twice.") % {"code": code}, column="teryt"
            )
        geometries[code] = wound_for_d3(geometry)
    return geometries


def read_territory(data_dir: Path) -> list[UnitRecord]:
    """All units from the data files, parents before children; raises TerritoryDataError."""
    country = UnitRecord(COUNTRY_CODE, "Polska", Level.COUNTRY, Kind.COUNTRY, None, nuts_code="PL")
    records: dict[str, UnitRecord] = {COUNTRY_CODE: country}

    def add(file: str, row: int, column: str, record: UnitRecord) -> None:
        if record.code in records:
            raise TerritoryDataError(
                file, _("TERYT code %(code)s appears twice.") % {"code": record.code}, row, column
            )
        records[record.code] = record

    file = VOIVODESHIPS_FILE
    for row, values in _rows(data_dir / file, ["teryt", "nazwa", "stan_na"]):
        code = _code(file, row, "teryt", values["teryt"], 2)
        name = _required(file, row, "nazwa", values["nazwa"])
        valid_from = _date(file, row, "stan_na", values["stan_na"])
        add(
            file,
            row,
            "teryt",
            UnitRecord(code, name, Level.VOIVODESHIP, Kind.VOIVODESHIP, COUNTRY_CODE, valid_from),
        )

    for _row, values in _rows(NUTS_FILE, ["teryt", "nuts"]):
        if values["teryt"] in records:
            records[values["teryt"]].nuts_code = values["nuts"]

    file = POWIATS_FILE
    for row, values in _rows(data_dir / file, ["teryt", "woj_teryt", "nazwa", "typ", "stan_na"]):
        code = _code(file, row, "teryt", values["teryt"], 4)
        parent = values["woj_teryt"]
        if parent not in records or records[parent].level != Level.VOIVODESHIP:
            raise TerritoryDataError(
                file, _("unknown voivodeship “%(code)s”.") % {"code": parent[:40]}, row, "woj_teryt"
            )
        if not code.startswith(parent):
            raise TerritoryDataError(
                file,
                _("code %(code)s does not begin with its voivodeship's code %(parent)s.")
                % {
                    "code": code,
                    "parent": parent,
                },
                row,
                "teryt",
            )
        kind = POWIAT_KINDS.get(values["typ"])
        if kind is None:
            raise TerritoryDataError(
                file,
                _("unknown powiat type “%(value)s”.") % {"value": values["typ"][:40]},
                row,
                "typ",
            )
        name = _required(file, row, "nazwa", values["nazwa"])
        valid_from = _date(file, row, "stan_na", values["stan_na"])
        add(file, row, "teryt", UnitRecord(code, name, Level.POWIAT, kind, parent, valid_from))

    file = SUBREGIONS_FILE
    for row, values in _rows(data_dir / file, ["powiat_teryt", "podregion"]):
        code = values["powiat_teryt"]
        if code not in records or records[code].level != Level.POWIAT:
            raise TerritoryDataError(
                file, _("unknown powiat “%(code)s”.") % {"code": code[:40]}, row, "powiat_teryt"
            )
        records[code].subregion = _required(file, row, "podregion", values["podregion"])

    file = GMINAS_FILE
    for row, values in _rows(
        data_dir / file, ["teryt7", "powiat_teryt", "rodz", "nazwa", "stan_na"]
    ):
        rodz = values["rodz"]
        if rodz in GMINA_PART_KINDS:
            continue
        kind = GMINA_KINDS.get(rodz)
        if kind is None:
            raise TerritoryDataError(
                file, _("unknown gmina type “%(value)s”.") % {"value": rodz[:40]}, row, "rodz"
            )
        code = _code(file, row, "teryt7", values["teryt7"], 7)
        parent = values["powiat_teryt"]
        if parent not in records or records[parent].level != Level.POWIAT:
            raise TerritoryDataError(
                file, _("unknown powiat “%(code)s”.") % {"code": parent[:40]}, row, "powiat_teryt"
            )
        if not code.startswith(parent):
            raise TerritoryDataError(
                file,
                _("code %(code)s does not begin with its powiat's code %(parent)s.")
                % {
                    "code": code,
                    "parent": parent,
                },
                row,
                "teryt7",
            )
        name = _required(file, row, "nazwa", values["nazwa"])
        valid_from = _date(file, row, "stan_na", values["stan_na"])
        add(file, row, "teryt7", UnitRecord(code, name, Level.GMINA, kind, parent, valid_from))

    for boundaries_file in (VOIVODESHIP_BOUNDARIES_FILE, POWIAT_BOUNDARIES_FILE):
        for code, geometry in _boundaries(data_dir / boundaries_file, records).items():
            records[code].geometry = geometry

    return list(records.values())


LEVEL_ORDER = [Level.COUNTRY, Level.VOIVODESHIP, Level.POWIAT, Level.GMINA]


@transaction.atomic
def load_territory(data_dir: Path) -> LoadResult:
    """Create or update every unit from the data files in one transaction."""
    records = read_territory(data_dir)
    result = LoadResult()
    existing = {unit.code: unit for unit in Unit.objects.all()}
    result.not_in_files = len(set(existing) - {record.code for record in records})
    ids = {code: unit.pk for code, unit in existing.items()}

    for level in LEVEL_ORDER:
        to_create: list[Unit] = []
        to_update: list[Unit] = []
        unchanged = 0
        for record in (r for r in records if r.level == level):
            values = {
                "name": record.name,
                "level": record.level,
                "kind": record.kind,
                "parent_id": ids[record.parent_code] if record.parent_code else None,
                "nuts_code": record.nuts_code,
                "subregion": record.subregion,
                "geometry": record.geometry,
                "valid_from": record.valid_from,
                "search_name": search_key(record.name),
            }
            unit = existing.get(record.code)
            if unit is None:
                to_create.append(Unit(code=record.code, **values))
            elif any(getattr(unit, key) != value for key, value in values.items()):
                for key, value in values.items():
                    setattr(unit, key, value)
                to_update.append(unit)
            else:
                unchanged += 1
        if to_create:
            bulk_create_with_history(to_create, Unit, batch_size=500)
        if to_update:
            bulk_update_with_history(to_update, Unit, UPDATED_FIELDS, batch_size=500)
        # Children refer to their parents by id: read the ids the inserts gave.
        ids.update(Unit.objects.filter(level=level).values_list("code", "pk"))
        result.created[level] = len(to_create)
        result.updated[level] = len(to_update)
        result.unchanged[level] = unchanged
    return result


def home_region() -> Unit | None:
    """The voivodeship this installation serves (LLL_HOME_REGION), if the territory is loaded."""
    return Unit.objects.filter(code=settings.LLL_HOME_REGION, level=Level.VOIVODESHIP).first()


class HomeRegionMissing(UserError):
    """The home region is not in the database: the territory is not loaded (or the setting is
    wrong)."""


def require_home_region() -> Unit:
    """The home region, for what cannot go without it (a report's map, the demo data)."""
    region = home_region()
    if region is None:
        raise HomeRegionMissing(
            _(
                "The home region %(code)s is not in the database: load the territory "
                "(`lll load_territory`) or correct LLL_HOME_REGION."
            )
            % {"code": settings.LLL_HOME_REGION}
        )
    return region
