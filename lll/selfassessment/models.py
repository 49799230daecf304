"""Self-assessment of regional lifelong-learning policy (COMORELP-style).

A framework is data: areas, criteria and a rating scale, kept in versions. A round asks a team of
respondents to rate every criterion of one framework version; the office then reads the results,
records the consensus of the discussion and the priorities for progress. Results of other regions
are imported from their anonymised export files and compared area by area.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from lll.coordination.models import ActionItem, Body, Person
from lll.territory.models import Unit


def in_language(pl: str, en: str) -> str:
    return en if get_language() == "en" and en else pl


class Framework(models.Model):
    """One version of a framework. Rounds point at a version, so their questions never change."""

    code = models.SlugField(_("code"), max_length=40)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    name_pl = models.CharField(_("name (Polish)"), max_length=300)
    name_en = models.CharField(_("name (English)"), max_length=300, blank=True)
    description_pl = models.TextField(_("description (Polish)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    based_on = models.ForeignKey(
        "self",
        verbose_name=_("based on"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("framework")
        verbose_name_plural = _("frameworks")
        ordering = ["code", "-version"]
        permissions = [
            ("manage_selfassessment", "Can manage self-assessment frameworks and rounds")
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["code", "version"],
                name="framework_code_version",
                violation_error_message=_("A framework with this code and version exists."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} (v{self.version})"

    def get_absolute_url(self) -> str:
        return reverse("selfassessment:framework", args=[self.pk])

    @property
    def name(self) -> str:
        return in_language(self.name_pl, self.name_en)

    @property
    def description(self) -> str:
        return in_language(self.description_pl, self.description_en)

    @property
    def is_used(self) -> bool:
        return self.rounds.exists()


class Level(models.Model):
    """A step of the rating scale, e.g. 1 "not present" ... 5 "embedded and evaluated"."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="levels")
    value = models.PositiveSmallIntegerField(_("value"))
    name_pl = models.CharField(_("name (Polish)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100, blank=True)
    descriptor_pl = models.TextField(_("what it looks like (Polish)"))
    descriptor_en = models.TextField(_("what it looks like (English)"), blank=True)

    class Meta:
        verbose_name = _("level")
        verbose_name_plural = _("levels")
        ordering = ["framework", "value"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "value"], name="level_value_once")
        ]

    def __str__(self) -> str:
        return f"{self.value}: {self.name}"

    @property
    def name(self) -> str:
        return in_language(self.name_pl, self.name_en)

    @property
    def descriptor(self) -> str:
        return in_language(self.descriptor_pl, self.descriptor_en)


class Area(models.Model):
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="areas")
    position = models.PositiveSmallIntegerField(_("order"))
    code = models.CharField(_("code"), max_length=10, help_text=_("E.g. A1; kept across versions."))
    name_pl = models.CharField(_("name (Polish)"), max_length=300)
    name_en = models.CharField(_("name (English)"), max_length=300, blank=True)
    short_pl = models.CharField(_("short name (Polish)"), max_length=40, blank=True)
    short_en = models.CharField(_("short name (English)"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("area")
        verbose_name_plural = _("areas")
        ordering = ["framework", "position"]
        constraints = [models.UniqueConstraint(fields=["framework", "code"], name="area_code_once")]

    def __str__(self) -> str:
        return f"{self.position}. {self.name}"

    @property
    def name(self) -> str:
        return in_language(self.name_pl, self.name_en)

    @property
    def short(self) -> str:
        return in_language(self.short_pl, self.short_en) or self.name[:30]


class Criterion(models.Model):
    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="criteria")
    position = models.PositiveSmallIntegerField(_("order"))
    code = models.CharField(
        _("code"), max_length=12, help_text=_("E.g. A1.2; kept across versions.")
    )
    statement_pl = models.TextField(_("statement (Polish)"))
    statement_en = models.TextField(_("statement (English)"), blank=True)
    guidance_pl = models.TextField(_("guidance (Polish)"), blank=True)
    guidance_en = models.TextField(_("guidance (English)"), blank=True)
    evidence_pl = models.TextField(_("examples of evidence (Polish)"), blank=True)
    evidence_en = models.TextField(_("examples of evidence (English)"), blank=True)
    indicators = models.ManyToManyField(
        "indicators.Indicator", verbose_name=_("linked indicators"), blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["area__position", "position"]

    def __str__(self) -> str:
        return f"{self.code} {self.statement[:80]}"

    @property
    def statement(self) -> str:
        return in_language(self.statement_pl, self.statement_en)

    @property
    def guidance(self) -> str:
        return in_language(self.guidance_pl, self.guidance_en)

    @property
    def evidence(self) -> str:
        return in_language(self.evidence_pl, self.evidence_en)


class Round(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("open for answers")
        DISCUSSION = "discussion", _("under discussion")
        CLOSED = "closed", _("closed")

    framework = models.ForeignKey(
        Framework, verbose_name=_("framework"), on_delete=models.PROTECT, related_name="rounds"
    )
    title = models.CharField(_("title"), max_length=300)
    region = models.ForeignKey(
        Unit,
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        limit_choices_to={"level": "voivodeship"},
        related_name="+",
    )
    period = models.CharField(_("period"), max_length=20, help_text=_("E.g. 2025."))
    body = models.ForeignKey(
        Body,
        verbose_name=_("team (body)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    closes_on = models.DateField(_("answers until"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.OPEN
    )
    consensus_note = models.TextField(_("summary of the discussion"), blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("round")
        verbose_name_plural = _("rounds")
        ordering = ["-period", "-created_at"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("selfassessment:round", args=[self.pk])


class Respondent(models.Model):
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="respondents")
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="+"
    )
    group = models.CharField(
        _("group"),
        max_length=200,
        blank=True,
        help_text=_("The pillar or sector represented, or the type of institution."),
    )
    invited = models.BooleanField(_("invited stakeholder"), default=False)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    mailed_at = models.DateTimeField(_("invitation e-mailed"), null=True, blank=True)
    mail_error = models.TextField(_("e-mail error"), blank=True)

    class Meta:
        verbose_name = _("respondent")
        verbose_name_plural = _("respondents")
        ordering = ["person__last_name", "person__first_name"]
        constraints = [models.UniqueConstraint(fields=["round", "person"], name="respondent_once")]

    def __str__(self) -> str:
        return self.person.full_name


class Answer(models.Model):
    respondent = models.ForeignKey(Respondent, on_delete=models.CASCADE, related_name="answers")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="answers")
    rating = models.PositiveSmallIntegerField(_("rating"), null=True, blank=True)
    dont_know = models.BooleanField(_("don't know"), default=False)
    comment = models.TextField(_("comment"), blank=True)
    evidence_link = models.URLField(_("evidence (link)"), max_length=500, blank=True)
    evidence_file = models.FileField(_("evidence (file)"), upload_to="selfassessment/", blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["respondent", "criterion"], name="answer_once"),
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(dont_know=False),
                name="answer_rating_or_dont_know",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.respondent}: {self.criterion.code}"

    @property
    def is_answered(self) -> bool:
        return self.rating is not None or self.dont_know


class Consensus(models.Model):
    """The rating of an area the team agreed on in the discussion meeting."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="consensus")
    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="+")
    rating = models.PositiveSmallIntegerField(_("consensus rating"), null=True, blank=True)
    note = models.CharField(_("justification"), max_length=1000, blank=True)

    history = HistoricalRecords()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["round", "area"], name="consensus_once")]

    def __str__(self) -> str:
        return f"{self.area}: {self.rating}"


class Priority(models.Model):
    """A priority for progress set by the team: an action with its owner and due date."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="priorities")
    area = models.ForeignKey(
        Area, verbose_name=_("area"), on_delete=models.SET_NULL, null=True, blank=True
    )
    action = models.CharField(_("action"), max_length=500)
    owner = models.ForeignKey(
        Person, verbose_name=_("owner"), on_delete=models.PROTECT, related_name="+"
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    action_item = models.ForeignKey(
        ActionItem,
        verbose_name=_("on the follow-up board"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("priority")
        verbose_name_plural = _("priorities")
        # Without a due date last, on SQLite as on PostgreSQL.
        ordering = [models.F("due_date").asc(nulls_last=True), "pk"]

    def __str__(self) -> str:
        return self.action


class ExternalRound(models.Model):
    """Another region's anonymised results, imported from its export file."""

    region_code = models.CharField(_("region code (TERYT)"), max_length=7)
    region_name = models.CharField(_("region"), max_length=200)
    framework_code = models.CharField(_("framework"), max_length=40)
    framework_version = models.PositiveSmallIntegerField(_("framework version"))
    period = models.CharField(_("period"), max_length=20)
    respondent_count = models.PositiveSmallIntegerField(_("respondents"))
    results = models.JSONField(_("results"))
    is_example = models.BooleanField(_("example data"), default=False)
    source_name = models.CharField(_("file"), max_length=300)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    imported_at = models.DateTimeField(_("imported"), auto_now_add=True)

    class Meta:
        verbose_name = _("another region's results")
        verbose_name_plural = _("other regions' results")
        ordering = ["region_name", "-period"]
        constraints = [
            models.UniqueConstraint(
                fields=["region_code", "framework_code", "period"],
                name="external_round_once",
                violation_error_message=_(
                    "Results of this region and period are already imported."
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.region_name} {self.period}"

    def get_absolute_url(self) -> str:
        return reverse("selfassessment:external", args=[self.pk])
