"""Vocational education directions: dictionaries, the WRRP opinion register and outcomes.

Dictionaries are versioned by year (Barometr entries and the Minister's forecast are keyed by
year; occupations carry the years they are valid); every change is kept by django-simple-history.
"""

import datetime

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from lll.core.models import ImportBatchBase
from lll.territory.models import Unit


class Sourced(models.Model):
    """Where a dictionary record or an outcome comes from: the import that wrote it last, or
    the demo data; neither means it was entered by hand."""

    is_demo = models.BooleanField(_("demo data"), default=False)

    import_batch = models.ForeignKey(
        "ImportBatch",
        verbose_name=_("import"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    class Meta:
        abstract = True


class Occupation(models.Model):
    """A 6-digit occupation of the KZiS classification; school occupations are flagged."""

    code = models.CharField(_("code"), max_length=6, unique=True)
    name = models.CharField(_("name"), max_length=300)
    is_school = models.BooleanField(
        _("taught in vocational schools"),
        default=False,
        help_text=_("On the classification of occupations of vocational education."),
    )
    sector = models.CharField(_("sector (branża)"), max_length=200, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent occupation (for an auxiliary occupation)"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="auxiliaries",
    )
    valid_from = models.PositiveSmallIntegerField(_("valid from (year)"), null=True, blank=True)
    valid_to = models.PositiveSmallIntegerField(_("valid to (year)"), null=True, blank=True)

    import_batch = models.ForeignKey(
        "ImportBatch",
        verbose_name=_("import"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("occupation")
        verbose_name_plural = _("occupations")
        ordering = ["code"]
        permissions = [("manage_vet", _("Can manage vocational education directions"))]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class Category(models.TextChoices):
    """Barometr zawodów categories; older editions used the five-step scale."""

    STRONG_DEFICIT = "strong_deficit", _("strong deficit")
    DEFICIT = "deficit", _("deficit")
    BALANCE = "balance", _("balance")
    SURPLUS = "surplus", _("surplus")
    STRONG_SURPLUS = "strong_surplus", _("strong surplus")


class BarometerGroup(models.Model):
    """An occupation group of Barometr zawodów, mapped to the 6-digit occupations it covers."""

    name = models.CharField(_("occupation group"), max_length=300, unique=True)
    occupations = models.ManyToManyField(
        Occupation, verbose_name=_("occupations"), related_name="barometer_groups", blank=True
    )

    history = HistoricalRecords(m2m_fields=[occupations])

    class Meta:
        verbose_name = _("Barometr occupation group")
        verbose_name_plural = _("Barometr occupation groups")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class BarometerEntry(Sourced):
    group = models.ForeignKey(
        BarometerGroup,
        verbose_name=_("occupation group"),
        on_delete=models.CASCADE,
        related_name="entries",
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("territorial unit"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Barometr forecast")
        verbose_name_plural = _("Barometr forecasts")
        ordering = ["-year", "unit__code", "group__name"]
        constraints = [
            models.UniqueConstraint(fields=["group", "unit", "year"], name="barometer_unique")
        ]

    def __str__(self) -> str:
        return f"{self.group} – {self.unit} – {self.year}: {self.get_category_display()}"


class Demand(models.TextChoices):
    SPECIAL = "special", _("of special importance for the state (national list)")
    SIGNIFICANT = "significant", _("significant demand in the voivodeship")
    MODERATE = "moderate", _("moderate demand in the voivodeship")


class ForecastEntry(Sourced):
    """One occupation on the Minister's yearly forecast (Monitor Polski, by 1 February)."""

    year = models.PositiveSmallIntegerField(_("year of the forecast"))
    occupation = models.ForeignKey(
        Occupation,
        verbose_name=_("occupation"),
        on_delete=models.PROTECT,
        related_name="forecast_entries",
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("territory"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Poland for the national list, a voivodeship for its own lists."),
    )
    demand = models.CharField(_("list"), max_length=12, choices=Demand.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("forecast entry")
        verbose_name_plural = _("forecast entries")
        ordering = ["-year", "occupation__code"]
        constraints = [
            models.UniqueConstraint(fields=["year", "occupation", "unit"], name="forecast_unique")
        ]

    def __str__(self) -> str:
        return f"{self.year}: {self.occupation} – {self.get_demand_display()}"


class SchoolType(models.TextChoices):
    BRANZOWA_1 = "bs1", _("first-stage sectoral vocational school")
    TECHNIKUM = "technikum", _("technical secondary school")
    BRANZOWA_2 = "bs2", _("second-stage sectoral vocational school")
    POLICEALNA = "policealna", _("post-secondary school")
    KKZ = "kkz", _("centre running vocational qualification courses (KKZ)")


class School(Sourced):
    rspo = models.PositiveIntegerField(_("RSPO number"), unique=True)
    name = models.CharField(_("name"), max_length=400)
    school_type = models.CharField(_("type"), max_length=12, choices=SchoolType.choices)
    governing_body = models.CharField(_("governing body"), max_length=300, blank=True)
    gmina = models.ForeignKey(
        Unit, verbose_name=_("gmina"), on_delete=models.PROTECT, related_name="+"
    )
    powiat = models.ForeignKey(
        Unit, verbose_name=_("powiat"), on_delete=models.PROTECT, related_name="+"
    )
    town = models.CharField(_("town"), max_length=120)
    address = models.CharField(_("address"), max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("school")
        verbose_name_plural = _("schools")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.town})"


class Opinion(models.TextChoices):
    PENDING = "pending", _("awaiting the opinion")
    POSITIVE = "positive", _("positive")
    NEGATIVE = "negative", _("negative")
    NOT_NEEDED = "not_needed", _("not needed (exempt)")


class Exemption(models.TextChoices):
    NONE = "", _("none")
    FORECAST = "forecast", _("the occupation is on the Minister's forecast")
    AUXILIARY = "auxiliary", _("auxiliary occupation of one already opined")


class OpinionRequest(models.Model):
    """A school's request for the WRRP's opinion on teaching an occupation (art. 68 sec. 7)."""

    school = models.ForeignKey(
        School, verbose_name=_("school"), on_delete=models.PROTECT, related_name="requests"
    )
    occupation = models.ForeignKey(
        Occupation, verbose_name=_("occupation"), on_delete=models.PROTECT, related_name="requests"
    )
    form = models.CharField(_("form of education"), max_length=12, choices=SchoolType.choices)
    start_year = models.CharField(
        _("planned start (school year)"), max_length=7, help_text=_("E.g. 2024/25.")
    )
    received_on = models.DateField(_("received on"))
    justification = models.TextField(_("applicant's justification"), blank=True)
    employers = models.TextField(_("cooperating employers"), blank=True)
    training_places = models.TextField(_("practical-training places"), blank=True)
    meeting = models.ForeignKey(
        "coordination.Meeting",
        verbose_name=_("council meeting"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="vet_requests",
    )
    opinion = models.CharField(
        _("opinion"), max_length=12, choices=Opinion.choices, default=Opinion.PENDING
    )
    resolution_number = models.CharField(_("resolution number"), max_length=100, blank=True)
    decided_on = models.DateField(_("date of the opinion"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    exemption = models.CharField(
        _("exemption"), max_length=12, choices=Exemption.choices, default="", blank=True
    )
    opinion_text = models.TextField(_("text of the opinion"), blank=True)
    evidence = models.JSONField(
        _("evidence at the time of the opinion"), default=dict, blank=True, editable=False
    )
    is_demo = models.BooleanField(_("demo data"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("opinion request")
        verbose_name_plural = _("opinion requests")
        ordering = ["-received_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.occupation.name} – {self.school.name} ({self.start_year})"

    def get_absolute_url(self) -> str:
        return reverse("vet:request", args=[self.pk])


class Reason(models.TextChoices):
    NONE = "", _("—")
    FEW_CANDIDATES = "few_candidates", _("too few candidates")
    NO_TEACHER = "no_teacher", _("no teacher")
    NO_EMPLOYER = "no_employer", _("no employer for practical training")
    OTHER = "other", pgettext_lazy("reason for not launching", "other")


class Outcome(Sourced):
    """What became of a reviewed direction in one school year."""

    request = models.ForeignKey(
        OpinionRequest,
        verbose_name=_("opinion request"),
        on_delete=models.CASCADE,
        related_name="outcomes",
    )
    school_year = models.CharField(_("school year"), max_length=7)
    launched = models.BooleanField(_("launched"))
    enrolment = models.PositiveIntegerField(_("first-year enrolment"), null=True, blank=True)
    reason = models.CharField(
        _("reason for not launching"), max_length=16, choices=Reason.choices, blank=True
    )
    reason_note = models.CharField(_("reason (details)"), max_length=300, blank=True)
    students = models.PositiveIntegerField(_("students (all years)"), null=True, blank=True)
    graduates = models.PositiveIntegerField(_("graduates"), null=True, blank=True)
    exam_pass_rate = models.DecimalField(
        _("exam pass rate (%)"),
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("outcome")
        verbose_name_plural = _("outcomes")
        ordering = ["request", "school_year"]
        constraints = [
            models.UniqueConstraint(fields=["request", "school_year"], name="outcome_unique")
        ]

    def __str__(self) -> str:
        return f"{self.request} – {self.school_year}"


class OccupationStat(Sourced):
    """Registered unemployed and job offers for an occupation in a unit (e.g. PUP statistics)."""

    occupation = models.ForeignKey(
        Occupation, verbose_name=_("occupation"), on_delete=models.CASCADE, related_name="stats"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("territorial unit"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    unemployed = models.PositiveIntegerField(_("registered unemployed"), null=True, blank=True)
    job_offers = models.PositiveIntegerField(_("job offers"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("labour-market statistic of an occupation")
        verbose_name_plural = _("labour-market statistics of occupations")
        ordering = ["-year", "unit__code"]
        constraints = [
            models.UniqueConstraint(fields=["occupation", "unit", "year"], name="stat_unique")
        ]

    def __str__(self) -> str:
        return f"{self.occupation} – {self.unit} – {self.year}"


class ImportKind(models.TextChoices):
    OCCUPATIONS = "occupations", _("school occupations (flag and sector)")
    BAROMETER = "barometer", _("Barometr zawodów")
    FORECAST = "forecast", _("the Minister's forecast")
    SCHOOLS = "schools", _("schools (RSPO extract)")
    OUTCOMES = "outcomes", _("outcomes (SIO extract or survey)")
    STATS = "stats", _("unemployed and job offers by occupation")


class ImportBatch(ImportBatchBase):
    """One uploaded file: previewed, then written all at once or not at all (a background
    task: queued, running, then done or failed)."""

    UPLOAD_FOLDER = "vet/imports/%Y/"
    BACKGROUND_STEPS = {
        "read": "lll.vet.services.imports.stored.read_file",
        "preview": "lll.vet.services.imports.stored.stored_preview",
    }

    class Status(models.TextChoices):
        PREVIEW = "preview", _("preview")
        QUEUED = "queued", _("waiting to be written")
        RUNNING = "running", _("being written")
        DONE = "done", _("imported")
        FAILED = "failed", _("failed, nothing written")

    kind = models.CharField(_("data"), max_length=12, choices=ImportKind.choices)
    options = models.JSONField(default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PREVIEW
    )

    class Meta(ImportBatchBase.Meta):
        verbose_name = _("import")
        verbose_name_plural = _("imports")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.original_file_name}"


class FateReport(models.Model):
    """A cohort study published to the public (the opinions of one year)."""

    cohort = models.PositiveSmallIntegerField(_("opinions of the year"), unique=True)
    published = models.BooleanField(_("published"), default=False)
    summary = models.TextField(_("summary"), blank=True)
    # Kept when the report is published, so that later imports (a Barometr edition read again,
    # an outcome corrected) do not change what the public has read; refreshed on republishing.
    facts = models.JSONField(_("data of the published report"), null=True, blank=True)
    data_as_of = models.DateTimeField(_("data as of"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("fate report")
        verbose_name_plural = _("fate reports")
        ordering = ["-cohort"]

    def __str__(self) -> str:
        return str(self.cohort)


def five_years_after(day: datetime.date) -> datetime.date:
    """An opinion is valid for 5 years (art. 68 sec. 7b); 29 February falls to 28 February."""
    try:
        return day.replace(year=day.year + 5)
    except ValueError:
        return day.replace(year=day.year + 5, day=28)
