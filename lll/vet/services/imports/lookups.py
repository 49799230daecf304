"""Lookups built once per file: territorial units and occupations."""

from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from lll.core.imports import RowError
from lll.core.text import place_key
from lll.territory.models import Level, Unit

from ...models import (
    Occupation,
)
from .cells import occupation_code, text


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
