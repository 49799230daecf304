from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from lll.core.models import ImportBatchBase
from lll.territory.models import Unit


class Polarity(models.TextChoices):
    HIGHER_IS_BETTER = "higher", _("higher is better")
    LOWER_IS_BETTER = "lower", _("lower is better")
    NEUTRAL = "neutral", _("neither (context)")


class Periodicity(models.TextChoices):
    YEAR = "year", _("calendar year")
    SCHOOL_YEAR = "school_year", _("school year")
    QUARTER = "quarter", _("quarter")
    MONTH = "month", _("month")


class Source(models.TextChoices):
    GUS_BDL = "gus_bdl", _("GUS Local Data Bank (BDL)")
    EUROSTAT = "eurostat", _("Eurostat")
    GUS_SDG = "gus_sdg", _("GUS, SDG indicators (regional)")
    OFFICE = "office", _("the office's own data")
    DERIVED = "derived", _("computed from other indicators")


class Theme(models.TextChoices):
    ADULT_LEARNING = "adult_learning", _("adult learning")
    VET = "vet", _("vocational education and training")
    HIGHER_EDUCATION = "higher_education", _("higher education")
    LABOUR_MARKET = "labour_market", _("labour market")
    ZSU1 = "zsu1", _("ZSU 2030 (1): key skills of children, young people and adults")
    ZSU2 = "zsu2", _("ZSU 2030 (2): a culture of learning")
    ZSU3 = "zsu3", _("ZSU 2030 (3): employers' part in developing and using skills")
    ZSU4 = "zsu4", _("ZSU 2030 (4): diagnosing and informing about skill demand")
    ZSU5 = "zsu5", _("ZSU 2030 (5): cooperation and coordination across sectors")
    ZSU6 = "zsu6", _("ZSU 2030 (6): equal access to developing skills")


class Indicator(models.Model):
    """A measure the office monitors; derived ones are numerator / denominator × factor."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name_pl = models.CharField(_("name (Polish)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    definition_pl = models.TextField(_("definition (Polish)"), blank=True)
    definition_en = models.TextField(_("definition (English)"), blank=True)
    unit_of_measure = models.CharField(_("unit of measure"), max_length=40)
    unit_of_measure_en = models.CharField(_("unit of measure (English)"), max_length=40, blank=True)
    decimals = models.PositiveSmallIntegerField(_("decimals"), default=1)
    polarity = models.CharField(
        _("polarity"), max_length=10, choices=Polarity.choices, default=Polarity.NEUTRAL
    )
    periodicity = models.CharField(
        _("periodicity"), max_length=12, choices=Periodicity.choices, default=Periodicity.YEAR
    )
    levels = models.JSONField(_("levels"), default=list, help_text=_("Territorial levels."))
    source = models.CharField(_("source"), max_length=12, choices=Source.choices)
    source_reference = models.CharField(_("source reference"), max_length=300, blank=True)
    bdl_variable_id = models.CharField(_("BDL variable id"), max_length=12, blank=True)
    eurostat_dataset = models.CharField(_("Eurostat dataset"), max_length=40, blank=True)
    eurostat_filters = models.JSONField(_("Eurostat filters"), default=dict, blank=True)
    themes = models.JSONField(_("themes"), default=list, blank=True)
    caveats = models.TextField(_("licence and caveats"), blank=True)
    caveats_en = models.TextField(_("licence and caveats (English)"), blank=True)
    published = models.BooleanField(
        _("published"), default=False, help_text=_("Published indicators are public.")
    )
    numerator = models.ForeignKey(
        "self",
        verbose_name=_("numerator"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    denominator = models.ForeignKey(
        "self",
        verbose_name=_("denominator"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    factor = models.FloatField(_("factor"), default=1.0)
    # A validation rule on incoming data, as DHIS2 has: an imported value outside the range is
    # rejected with its row (a negative count, a share over 100 %).
    min_value = models.FloatField(
        _("lowest valid value"), null=True, blank=True, help_text=_("Empty: no lower limit.")
    )
    max_value = models.FloatField(
        _("highest valid value"), null=True, blank=True, help_text=_("Empty: no upper limit.")
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["code"]
        permissions = [("import_data", "Can import statistical data")]
        constraints = [
            models.CheckConstraint(
                condition=Q(min_value__isnull=True)
                | Q(max_value__isnull=True)
                | Q(min_value__lte=F("max_value")),
                name="indicator_valid_range",
                violation_error_message=_(
                    "The lowest valid value cannot be higher than the highest."
                ),
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("indicators:indicator", args=[self.code])

    @property
    def name(self) -> str:
        return self.name_en if get_language() == "en" else self.name_pl

    @property
    def definition(self) -> str:
        return self.definition_en if get_language() == "en" else self.definition_pl

    @property
    def unit_label(self) -> str:
        """The unit of measure in the page's language ("osoby", "persons"); an indicator
        entered by an analyst may have the Polish one only."""
        if get_language() == "en" and self.unit_of_measure_en:
            return self.unit_of_measure_en
        return self.unit_of_measure

    @property
    def caveats_text(self) -> str:
        # An indicator entered by an analyst may have the Polish text only: show that then.
        return (self.caveats_en or self.caveats) if get_language() == "en" else self.caveats

    @property
    def is_derived(self) -> bool:
        return self.numerator_id is not None and self.denominator_id is not None

    def format_value(self, value: float | None) -> str:
        if value is None:
            return "—"
        text = f"{value:,.{self.decimals}f}".replace(",", "\u00a0")
        return text.replace(".", ",") if get_language() != "en" else text.replace("\u00a0", ",")


class ImportBatch(ImportBatchBase):
    """One import: where the rows came from, who ran it, what happened to each row."""

    BACKGROUND_STEPS = {
        "read": "lll.indicators.services.fileimport.read_file",
        "preview": "lll.indicators.services.fileimport.stored_preview",
    }

    class Status(models.TextChoices):
        PREVIEW = "preview", _("preview, not committed")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    source = models.CharField(_("source"), max_length=12, choices=Source.choices)
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.SET_NULL, null=True, blank=True
    )
    description = models.CharField(_("description"), max_length=300, blank=True)
    # Where the rows came from, as a statistician cites it: the publisher, the variable and the
    # file or address ("GUS BDL, zmienna 60270; bdl_powiat_...csv from github:mbekala/cdv@...").
    source_reference = models.CharField(_("source reference"), max_length=500, blank=True)
    url = models.URLField(_("URL"), max_length=500, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.RUNNING
    )
    rows_done = models.PositiveIntegerField(_("rows processed"), default=0)

    class Meta(ImportBatchBase.Meta):
        verbose_name = _("import batch")
        verbose_name_plural = _("import batches")

    def __str__(self) -> str:
        return f"#{self.pk} {self.get_source_display()} {self.created_at:%Y-%m-%d %H:%M}"

    def get_absolute_url(self) -> str:
        return reverse("indicators:batch", args=[self.pk])

    @property
    def source_text(self) -> str:
        """The source of the values this batch brought, as pages and exports name it: an office
        upload is the office's file, never the indicator's official source."""
        if self.source_reference:  # it names the publisher itself
            return self.source_reference
        if self.original_file_name:
            return _("%(source)s, file %(file)s (import #%(id)s)") % {
                "source": self.get_source_display(),
                "file": self.original_file_name,
                "id": self.pk,
            }
        if self.description:
            return f"{self.get_source_display()}: {self.description}"
        return str(self.get_source_display())


class Observation(models.Model):
    """A value of an indicator for a unit and a period ("2023", "2023/24", "2023-Q1", "2023-05")."""

    # No index of its own: the natural key's unique index starts with the indicator already,
    # and every index costs time on each of the millions of rows an import writes.
    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="observations", db_index=False
    )
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="observations")
    period = models.CharField(_("period"), max_length=10)
    value = models.FloatField(_("value"))
    provisional = models.BooleanField(_("provisional"), default=False)
    estimated = models.BooleanField(_("estimated"), default=False)
    confidential = models.BooleanField(_("confidential"), default=False)
    # Other flags exactly as the source gave them, e.g. Eurostat's b (break in series) and
    # u (low reliability).
    source_flags = models.CharField(_("source flags"), max_length=8, blank=True)
    batch = models.ForeignKey(
        ImportBatch, on_delete=models.SET_NULL, null=True, blank=True, related_name="observations"
    )

    class Meta:
        verbose_name = _("observation")
        verbose_name_plural = _("observations")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "unit", "period"], name="observation_natural_key"
            )
        ]
        indexes = [models.Index(fields=["indicator", "period"], name="observation_ind_period")]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.unit.code} {self.period} = {self.value}"


class Target(models.Model):
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="targets"
    )
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT)
    year = models.PositiveSmallIntegerField(_("target year"))
    value = models.FloatField(_("target value"))
    baseline_year = models.PositiveSmallIntegerField(_("baseline year"), null=True, blank=True)
    baseline_value = models.FloatField(_("baseline value"), null=True, blank=True)
    source_document = models.CharField(_("source document"), max_length=300)
    note = models.TextField(_("note"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["indicator", "year"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "unit", "year"], name="target_unique")
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.unit.code} {self.year}: {self.value}"


class ValidationRule(models.Model):
    """A rule between indicators, as DHIS2 has: left side, operator, right side, for the same
    unit and period. The right side is a constant, another indicator, or a ratio of two
    (× factor), so a part is never above its whole, a share stays within 0-100 and a rate
    matches its numerator and denominator. An imported value that breaks a rule is rejected
    with its row, at the preview and at the commit (`services/rules.py`)."""

    class Operator(models.TextChoices):
        AT_MOST = "le", _("at most (≤)")
        AT_LEAST = "ge", _("at least (≥)")
        EQUAL = "eq", _("equal to (=, within the tolerance)")

    name = models.CharField(_("name"), max_length=200)
    left = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="+"
    )
    operator = models.CharField(_("operator"), max_length=2, choices=Operator.choices)
    right = models.ForeignKey(
        Indicator,
        verbose_name=_("compared with the indicator"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty: compared with the constant."),
    )
    right_denominator = models.ForeignKey(
        Indicator,
        verbose_name=_("divided by the indicator"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("For a rate or a share: the right side is this ratio × the factor."),
    )
    factor = models.FloatField(_("factor"), default=1.0)
    constant = models.FloatField(_("constant"), null=True, blank=True)
    tolerance = models.FloatField(
        _("tolerance"), default=0.0, help_text=_("How far apart the two sides may be.")
    )
    active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("validation rule")
        verbose_name_plural = _("validation rules")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(right__isnull=False) | Q(constant__isnull=False),
                name="validation_rule_has_right_side",
                violation_error_message=_("Give an indicator or a constant to compare with."),
            ),
            models.CheckConstraint(
                condition=Q(tolerance__gte=0), name="validation_rule_tolerance_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def indicators(self) -> list[Indicator]:
        return [i for i in (self.left, self.right, self.right_denominator) if i is not None]


class RuleRun(models.Model):
    """One validation rule run on one import batch: at the preview and again at the commit,
    with its result (how many values it checked, how many broke it, and those rows). Kept
    with the batch after the commit, so an import shows which checks its values passed."""

    class Stage(models.TextChoices):
        PREVIEW = "preview", _("at the preview")
        COMMIT = "commit", _("at the commit")

    batch = models.ForeignKey(
        ImportBatch,
        verbose_name=_("import batch"),
        on_delete=models.CASCADE,
        related_name="rule_runs",
    )
    rule = models.ForeignKey(
        ValidationRule,
        verbose_name=_("validation rule"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="runs",
    )
    # As the rule read when it ran: a rule may be renamed or deleted later.
    rule_name = models.CharField(_("rule"), max_length=200)
    stage = models.CharField(_("stage"), max_length=10, choices=Stage.choices)
    ran_at = models.DateTimeField(_("run at"), auto_now_add=True)
    checked = models.PositiveIntegerField(_("values checked"), default=0)
    violations = models.PositiveIntegerField(_("violations"), default=0)
    # The first violating rows: {"row", "unit", "period", "value", "message"}.
    violating_rows = models.JSONField(_("violating rows"), default=list, blank=True)

    class Meta:
        verbose_name = _("validation rule run")
        verbose_name_plural = _("validation rule runs")
        ordering = ["batch", "ran_at", "rule_name"]

    def __str__(self) -> str:
        return f"#{self.batch_id} {self.rule_name} ({self.stage}): {self.violations}"

    @property
    def passed(self) -> bool:
        return self.violations == 0
