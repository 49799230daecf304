"""The region's lifelong-learning activities and the partners' reports on them.

An `Activity` is one action (a course, a KKZ, guidance, a study, ...) of an institution; a
`ReportingCycle` is a period (a year or half-year) for which the office asks chosen institutions
for a `Report` on their activities of that period. A `Reporter` ties a partner's account to one
institution. Every value changed after a report was submitted is kept as an `ActivityChange`.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lll.coordination.models import Institution, Outcome
from lll.core.models import ImportBatchBase
from lll.indicators.models import Indicator
from lll.territory.models import Unit
from lll.vet.models import Occupation


class ActivityType(models.TextChoices):
    TRAINING = "training", _("training or course")
    KKZ = "kkz", _("qualification course (KKZ)")
    GUIDANCE = "guidance", _("career guidance")
    STUDY = "study", _("study or analysis")
    EVENT = "event", _("event")
    PARTNERSHIP = "partnership", _("partnership")
    PROJECT = "project", _("project")
    OTHER = "other", _("other")


class Priority(models.TextChoices):
    """The six priority areas of the Integrated Skills Strategy 2030 (ZSU 2030)."""

    KEY_SKILLS = "1", _("1. Key skills of children, young people and adults")
    CULTURE = "2", _("2. A culture of learning")
    EMPLOYERS = "3", _("3. Employers' part in developing and using skills")
    DIAGNOSIS = "4", _("4. Diagnosing and informing about skill demand")
    COOPERATION = "5", _("5. Cooperation and coordination across sectors")
    EQUAL_ACCESS = "6", _("6. Equal access to developing skills")


class TargetGroup(models.TextChoices):
    ADULTS = "adults", _("adults 25-64")
    OLDER = "50plus", _("people 50+")
    LOW_SKILLED = "low_skilled", _("low-skilled adults")
    UNEMPLOYED = "unemployed", _("unemployed")
    NEET = "neet", _("young people not in employment, education or training (NEET)")
    TEACHERS = "teachers", _("teachers and trainers")
    EMPLOYERS = "employers", _("employers")
    STUDENTS = "students", _("pupils and students")
    OTHER = "other", _("other")


class Funding(models.TextChoices):
    KPO = "kpo", _("KPO (Recovery Plan)")
    FEP = "fep", _("FERS / FEP (EFS+)")
    FUNDUSZ_PRACY = "fp", _("Fundusz Pracy")
    KFS = "kfs", _("KFS (National Training Fund)")
    OWN = "own", _("own budget")
    OTHER = "other", _("other")


class ProviderType(models.TextChoices):
    CKZ = "ckz", _("vocational training centre (CKZ)")
    CKU = "cku", _("continuing education centre (CKU)")
    SCHOOL = "school", _("school")
    OTHER = "other", _("other")


def codes(values: list[str] | tuple[str, ...]) -> str:
    """Choice codes as stored in one column: ",1,3," (so a filter asks for ",3,")."""
    return "," + ",".join(sorted(set(values))) + "," if values else ""


def split_codes(stored: str) -> list[str]:
    return [code for code in stored.split(",") if code]


class ReportingCycle(models.Model):
    """A period the office asks the chosen institutions to report on, with a deadline."""

    name = models.CharField(_("name"), max_length=200)
    starts_on = models.DateField(_("period from"))
    ends_on = models.DateField(_("period to"))
    deadline = models.DateField(_("deadline"))
    is_demo = models.BooleanField(_("demo data"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("reporting cycle")
        verbose_name_plural = _("reporting cycles")
        ordering = ["-starts_on", "name"]
        permissions = [
            ("manage_activities", "Keep the register of activities and the reporting cycles"),
            ("report_activities", "Report the activities of one's own institution"),
        ]

    def __str__(self) -> str:
        return self.name


class ReportStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("not started")
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted")
    RETURNED = "returned", _("returned for correction")
    APPROVED = "approved", _("approved")


class Report(models.Model):
    """One institution's report for one cycle: its activities of the period."""

    cycle = models.ForeignKey(
        ReportingCycle, verbose_name=_("cycle"), on_delete=models.CASCADE, related_name="reports"
    )
    institution = models.ForeignKey(
        Institution, verbose_name=_("institution"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=12, choices=ReportStatus.choices, default=ReportStatus.NOT_STARTED
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    comment = models.TextField(_("office's comment"), blank=True)
    reminded_at = models.DateTimeField(_("last reminder"), null=True, blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["cycle", "institution__name"]
        constraints = [
            models.UniqueConstraint(fields=["cycle", "institution"], name="one_report_per_cycle")
        ]

    def __str__(self) -> str:
        return f"{self.institution} – {self.cycle}"

    @property
    def is_editable(self) -> bool:
        """The partner may change its activities while the report is a draft or returned."""
        return self.status in (ReportStatus.NOT_STARTED, ReportStatus.DRAFT, ReportStatus.RETURNED)


class Reporter(models.Model):
    """A partner's account that reports for one institution (the partner reporter role)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="activity_reporter"
    )
    institution = models.ForeignKey(
        Institution, verbose_name=_("institution"), on_delete=models.CASCADE, related_name="+"
    )
    invited_at = models.DateTimeField(_("invited"), auto_now_add=True)

    class Meta:
        verbose_name = _("partner reporter")
        verbose_name_plural = _("partner reporters")

    def __str__(self) -> str:
        return f"{self.user} ({self.institution})"


class Activity(models.Model):
    """One action of the region's lifelong learning: who, what, for whom, where, money, results."""

    title = models.CharField(_("title"), max_length=300)
    institution = models.ForeignKey(
        Institution,
        verbose_name=_("implementing institution"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    partners = models.ManyToManyField(
        Institution, verbose_name=_("partner institutions"), blank=True, related_name="+"
    )
    report = models.ForeignKey(
        Report,
        verbose_name=_("report"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="activities",
    )
    activity_type = models.CharField(_("type"), max_length=12, choices=ActivityType.choices)
    description = models.TextField(_("description"), blank=True)
    priorities = models.CharField(_("ZSU 2030 priority areas"), max_length=20, blank=True)
    target_groups = models.CharField(_("target groups"), max_length=200, blank=True)
    whole_region = models.BooleanField(_("the whole region"), default=False)
    units = models.ManyToManyField(
        Unit, verbose_name=_("powiats or gminas"), blank=True, related_name="+"
    )
    starts_on = models.DateField(_("start"))
    ends_on = models.DateField(_("end"))
    funding = models.CharField(_("funding"), max_length=8, choices=Funding.choices)
    amount = models.DecimalField(_("amount (PLN)"), max_digits=14, decimal_places=2, default=0)
    # KKZ
    qualification_code = models.CharField(_("qualification code"), max_length=10, blank=True)
    provider_type = models.CharField(
        _("provider"), max_length=8, choices=ProviderType.choices, blank=True
    )
    occupations = models.ManyToManyField(
        Occupation, verbose_name=_("occupations (KZiS)"), blank=True, related_name="+"
    )
    # planned and achieved outputs
    planned_participants = models.PositiveIntegerField(_("planned participants"), default=0)
    participants = models.PositiveIntegerField(_("participants (enrolled)"), default=0)
    women = models.PositiveIntegerField(_("of whom women"), default=0)
    men = models.PositiveIntegerField(_("of whom men"), default=0)
    age_under_25 = models.PositiveIntegerField(_("aged under 25"), default=0)
    age_25_49 = models.PositiveIntegerField(_("aged 25-49"), default=0)
    age_50_64 = models.PositiveIntegerField(_("aged 50-64"), default=0)
    age_65_plus = models.PositiveIntegerField(_("aged 65+"), default=0)
    hours = models.PositiveIntegerField(_("hours"), default=0)
    completions = models.PositiveIntegerField(_("completed the course"), default=0)
    passed_exam = models.PositiveIntegerField(_("passed the exam"), default=0)
    certificates = models.PositiveIntegerField(_("qualifications or certificates"), default=0)
    # links
    outcomes = models.ManyToManyField(
        Outcome, verbose_name=_("WZK recommendations and decisions"), blank=True, related_name="+"
    )
    indicators = models.ManyToManyField(
        Indicator, verbose_name=_("indicators it serves"), blank=True, related_name="+"
    )
    is_published = models.BooleanField(_("published"), default=False)
    is_demo = models.BooleanField(_("demo data"), default=False)
    import_batch = models.ForeignKey(
        "ImportBatch", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["-starts_on", "title"]

    def __str__(self) -> str:
        return self.title

    def priority_list(self) -> list[str]:
        return split_codes(self.priorities)

    def target_group_list(self) -> list[str]:
        return split_codes(self.target_groups)

    def priority_labels(self) -> list[str]:
        labels = dict(Priority.choices)
        return [str(labels[c]) for c in self.priority_list() if c in labels]

    def target_group_labels(self) -> list[str]:
        labels = dict(TargetGroup.choices)
        return [str(labels[c]) for c in self.target_group_list() if c in labels]


class ActivityChange(models.Model):
    """A value changed after the report was submitted: who, when, the old and the new value."""

    activity = models.ForeignKey(
        Activity, on_delete=models.SET_NULL, null=True, related_name="changes"
    )
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="changes")
    activity_title = models.CharField(_("activity"), max_length=300)
    field = models.CharField(_("field"), max_length=100)
    old_value = models.TextField(_("old value"), blank=True)
    new_value = models.TextField(_("new value"), blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    changed_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("change of a value")
        verbose_name_plural = _("changes of values")
        ordering = ["-changed_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.activity_title}: {self.field} {self.old_value} → {self.new_value}"


class ImportBatch(ImportBatchBase):
    """One uploaded report file (the pre-filled XLSX, filled in), imported all or nothing."""

    UPLOAD_FOLDER = "activities/%Y/%m/"
    PREVIEW = "preview"  # a large file checked in the background, not written yet
    BACKGROUND_STEPS = {"preview": "lll.activities.services.workbook.stored_preview"}

    report = models.ForeignKey(
        Report, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta(ImportBatchBase.Meta):
        verbose_name = _("import of activities")
        verbose_name_plural = _("imports of activities")


class AnnualReport(models.Model):
    """The yearly monitoring report: narrative written by the office, figures frozen when it is
    published ("stan na"); a published report is corrected only as a new version."""

    year = models.PositiveSmallIntegerField(_("year"))
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    summary = models.TextField(_("summary"), blank=True)
    coordination = models.TextField(_("the coordination team's year"), blank=True)
    self_assessment = models.TextField(_("self-assessment results"), blank=True)
    conclusions = models.TextField(_("conclusions and recommendations"), blank=True)
    figures = models.JSONField(_("figures"), default=dict, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("annual monitoring report")
        verbose_name_plural = _("annual monitoring reports")
        ordering = ["-year", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["year", "version"], name="one_report_version")
        ]

    def __str__(self) -> str:
        return f"{self.year} v{self.version}"
