from typing import Any

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from lll.core.text import search_key


class Level(models.TextChoices):
    COUNTRY = "country", _("country")
    VOIVODESHIP = "voivodeship", _("voivodeship")
    POWIAT = "powiat", _("powiat")
    GMINA = "gmina", _("gmina")


class Kind(models.TextChoices):
    """The TERYT type of a unit, finer than its level (a city with powiat rights is a powiat)."""

    COUNTRY = "country", _("country")
    VOIVODESHIP = "voivodeship", _("voivodeship")
    POWIAT = "powiat", _("land powiat")
    CITY_POWIAT = "city_powiat", _("city with powiat rights")
    URBAN_GMINA = "urban_gmina", _("urban gmina")
    RURAL_GMINA = "rural_gmina", _("rural gmina")
    URBAN_RURAL_GMINA = "urban_rural_gmina", _("urban-rural gmina")


# The country's name in the TERYT register; pages in another language write it in theirs.
COUNTRY_NAME = "Polska"


class Unit(models.Model):
    """A territorial unit of the TERYT register: Poland, a voivodeship, a powiat or a gmina."""

    code = models.CharField(
        _("TERYT code"),
        max_length=7,
        unique=True,
        help_text=_("2 digits for a voivodeship, 4 for a powiat, 7 for a gmina; PL for Poland."),
    )
    name = models.CharField(_("name"), max_length=100)
    level = models.CharField(_("level"), max_length=12, choices=Level.choices, db_index=True)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    nuts_code = models.CharField(_("NUTS code"), max_length=5, blank=True)
    subregion = models.CharField(
        _("statistical subregion"),
        max_length=60,
        blank=True,
        help_text=_("The NUTS 3 subregion (podregion) a powiat belongs to."),
    )
    bdl_id = models.CharField(_("GUS BDL unit id"), max_length=12, blank=True)
    geometry = models.JSONField(_("boundary (GeoJSON)"), null=True, blank=True)
    valid_from = models.DateField(_("valid from (TERYT state as of)"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    # Lowercase name without diacritics, so "lomza" finds "Łomża" on SQLite and PostgreSQL alike.
    search_name = models.CharField(max_length=100, editable=False, db_index=True)

    # Boundaries are bulky and come from a versioned file; history keeps the register data.
    history = HistoricalRecords(excluded_fields=["geometry", "search_name"])

    class Meta:
        verbose_name = _("territorial unit")
        verbose_name_plural = _("territorial units")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.display_name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.search_name = search_key(self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("territory:unit", args=[self.code])

    @property
    def display_name(self) -> str:
        """The name as Polish documents write it: 'województwo podlaskie', 'powiat białostocki'."""
        if self.kind == Kind.VOIVODESHIP:
            return f"{_('voivodeship')} {self.name}"
        if self.kind == Kind.POWIAT:
            return f"{_('powiat')} {self.name}"
        if self.level == Level.GMINA:
            return f"{_('gmina')} {self.name}"
        return self.short_name

    @property
    def short_name(self) -> str:
        """The bare name ("podlaskie", "Białystok"); the country's in the page's language."""
        if self.level == Level.COUNTRY and self.name == COUNTRY_NAME:
            return str(_("Poland"))  # "Polska" in Polish: the register's name
        return self.name
