"""Bodies (the team, the council, networks) and who sits on them, for which term."""

import datetime
import math

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .people import Person


class BodyKind(models.TextChoices):
    WZK = "wzk", _("regional coordination team (WZK)")
    WRRP = "wrrp", _("voivodeship labour market council (WRRP)")
    NETWORK = "network", _("thematic network")
    WORKING_GROUP = "working_group", _("working group")
    OTHER = "other", _("other body")


class Body(models.Model):
    name = models.CharField(_("name"), max_length=300)
    short_name = models.CharField(_("short name"), max_length=30)
    name_genitive = models.CharField(
        _("name in the genitive"),
        max_length=300,
        help_text=_('For the minutes\' title, e.g. "Wojewódzkiego Zespołu Koordynacji (WZK)".'),
    )
    kind = models.CharField(_("type"), max_length=20, choices=BodyKind.choices)
    legal_basis = models.CharField(
        _("legal basis"),
        max_length=500,
        blank=True,
        help_text=_("E.g. the board's resolution appointing the body, with its number and date."),
    )
    rules_of_procedure = models.CharField(
        _("rules of procedure"),
        max_length=500,
        blank=True,
        help_text=_("The act that adopted the rules, with its number and date."),
    )
    quorum_percent = models.PositiveSmallIntegerField(
        _("quorum (per cent of members)"),
        default=50,
        help_text=_("Meetings are quorate when at least this share of the members takes part."),
    )
    description = models.TextField(_("description"), blank=True)
    # What the office's documents for this body carry: the letterhead's contact line and the
    # paragraph on the project that funds the body's work, printed in every set of minutes.
    office_phone = models.CharField(_("office's phone"), max_length=60, blank=True)
    office_email = models.EmailField(_("office's e-mail"), blank=True)
    office_website = models.CharField(_("office's website"), max_length=200, blank=True)
    project_paragraph = models.TextField(
        _("project paragraph"),
        blank=True,
        help_text=_("Printed in the minutes, e.g. the project that funds the body's work."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("body")
        verbose_name_plural = _("bodies")
        ordering = ["name"]
        permissions = [("manage_coordination", "Can manage bodies, meetings and minutes")]

    def __str__(self) -> str:
        return self.short_name or self.name

    def get_absolute_url(self) -> str:
        return reverse("coordination:body", args=[self.pk])

    def memberships_on(self, day: datetime.date) -> "MembershipQuerySet":
        return Membership.objects.filter(body=self).current(day)

    def quorum_needed(self, member_count: int) -> int:
        return math.ceil(member_count * self.quorum_percent / 100)


class Role(models.TextChoices):
    CHAIR = "chair", _("chair")
    VICE_CHAIR = "vice_chair", _("vice-chair")
    MEMBER = "member", _("member")
    SECRETARY = "secretary", _("secretary")
    PERMANENT_GUEST = "permanent_guest", _("permanent guest")


# Roles that count towards the quorum; a secretary or a permanent guest does not vote.
VOTING_ROLES = (Role.CHAIR, Role.VICE_CHAIR, Role.MEMBER)


def current_on(day: datetime.date | None = None, prefix: str = "") -> Q:
    """The one rule of "member today": the term has started on `day` (the office's local date
    by default, never UTC's) and has not ended before it. `prefix` reaches memberships from
    another model, e.g. `Count("memberships", filter=current_on(prefix="memberships__"))`."""
    day = day or timezone.localdate()
    return Q(**{f"{prefix}term_from__lte": day}) & (
        Q(**{f"{prefix}term_to__isnull": True}) | Q(**{f"{prefix}term_to__gte": day})
    )


class MembershipQuerySet(models.QuerySet["Membership"]):
    def current(self, day: datetime.date | None = None) -> "MembershipQuerySet":
        """Memberships whose term includes `day` (today in the office's time zone)."""
        return self.filter(current_on(day))


class Membership(models.Model):
    body = models.ForeignKey(
        Body, verbose_name=_("body"), on_delete=models.CASCADE, related_name="memberships"
    )
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    represents = models.CharField(
        _("pillar or sector represented"),
        max_length=200,
        blank=True,
        help_text=_("E.g. education, economy, social dialogue."),
    )
    appointed_by = models.CharField(_("appointing resolution"), max_length=300, blank=True)
    term_from = models.DateField(_("term from"))
    term_to = models.DateField(_("term to"), null=True, blank=True)
    substitute = models.ForeignKey(
        Person,
        verbose_name=_("substitute"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="substitutions",
    )

    history = HistoricalRecords()

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["body", "role", "person__last_name"]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_role_display()}, {self.body})"

    def is_current(self, day: datetime.date | None = None) -> bool:
        day = day or timezone.localdate()
        return self.term_from <= day and (self.term_to is None or self.term_to >= day)
