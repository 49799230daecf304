"""Institutions and the people of the bodies: the least personal data the office needs."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from lll.territory.models import Unit


class InstitutionKind(models.TextChoices):
    WUP = "wup", _("voivodeship labour office (WUP)")
    PUP = "pup", _("powiat labour office (PUP)")
    SELF_GOVERNMENT = "self_government", _("self-government (office, department)")
    GOVERNMENT = "government", _("government administration (e.g. education superintendent)")
    SCHOOL = "school", _("school or training centre")
    UNIVERSITY = "university", _("university")
    EMPLOYER_ORGANISATION = "employer_org", _("employer organisation or chamber")
    EMPLOYER = "employer", _("employer")
    TRADE_UNION = "trade_union", _("trade union")
    NGO = "ngo", _("non-governmental organisation")
    OTHER = "other", _("other")


class Institution(models.Model):
    name = models.CharField(_("name"), max_length=300)
    kind = models.CharField(_("type"), max_length=20, choices=InstitutionKind.choices)
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("powiat"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        limit_choices_to={"level": "powiat"},
        related_name="+",
    )
    is_demo = models.BooleanField(_("demo data"), default=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("institution")
        verbose_name_plural = _("institutions")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


_MASCULINE_NAMES_IN_A = {"kuba", "barnaba", "bonawentura", "jarema", "kosma", "boryna"}


class GrammaticalGender(models.TextChoices):
    """How Polish documents address the person ("obecna", "obecny"); not a record of sex."""

    FEMININE = "f", _("feminine (obecna)")
    MASCULINE = "m", _("masculine (obecny)")


class Person(models.Model):
    """The least personal data the office needs: a name, where they work, how to reach them."""

    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    position = models.CharField(_("position"), max_length=200, blank=True)
    institution = models.ForeignKey(
        Institution,
        verbose_name=_("institution"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="people",
    )
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    grammatical_gender = models.CharField(
        _("grammatical form in documents"),
        max_length=1,
        choices=GrammaticalGender.choices,
        blank=True,
        help_text=_("Empty: from the first name (a Polish name ending in -a is feminine)."),
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
    )
    is_demo = models.BooleanField(_("demo data"), default=False)
    erased_at = models.DateTimeField(_("personal data erased"), null=True, blank=True)

    # No history: it would keep the contact data that erasure must remove.

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["last_name", "first_name"]

    def __str__(self) -> str:
        return self.full_name

    def get_absolute_url(self) -> str:
        return reverse("coordination:person", args=[self.pk])

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def is_feminine(self) -> bool:
        """The person's grammatical form for Polish documents: as recorded, else the Polish rule
        of thumb that a first name ending in -a is a woman's (Kuba and Barnaba excepted)."""
        if self.grammatical_gender:
            return self.grammatical_gender == GrammaticalGender.FEMININE
        name = self.first_name.strip().lower()
        return name.endswith("a") and name not in _MASCULINE_NAMES_IN_A

    @property
    def affiliation(self) -> str:
        parts = [self.position, self.institution.name if self.institution else ""]
        return ", ".join(p for p in parts if p)
