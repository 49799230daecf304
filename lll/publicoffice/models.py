"""What a Polish public office must publish and keep: the accessibility statement, the RODO
information clauses (which double as the register of processing activities), retention periods,
which bodies are public, and the EZD registry data and signed files of official documents."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from lll.coordination.models import Body


class Compliance(models.TextChoices):
    FULL = "full", _("fully compliant")
    PARTIAL = "partial", _("partially compliant")
    NONE = "none", _("not compliant")


class AccessibilityStatement(models.Model):
    """The one accessibility statement of the service (v2.0 structure of the ministry)."""

    entity = models.CharField(_("entity"), max_length=300)
    service_name = models.CharField(_("name of the website"), max_length=300)
    service_url = models.URLField(_("address of the website"), max_length=300)
    published_on = models.DateField(_("date of publication of the website"))
    updated_on = models.DateField(_("date of the last major update"))
    compliance = models.CharField(
        _("compliance status"), max_length=10, choices=Compliance.choices, default=Compliance.FULL
    )
    non_accessible = models.TextField(
        _("content not accessible"),
        blank=True,
        help_text=_("One item per line: what is not accessible and why."),
    )
    exemptions = models.TextField(
        _("exemptions (content outside the act)"),
        blank=True,
        help_text=_("One item per line, e.g. files published before 23 September 2018."),
    )
    prepared_on = models.DateField(_("date the statement was prepared"))
    reviewed_on = models.DateField(_("date of the last review"))
    prepared_by = models.CharField(
        _("how it was prepared"),
        max_length=300,
        default="samoocena przeprowadzona przez podmiot publiczny",
    )
    shortcuts = models.TextField(_("keyboard shortcuts"), blank=True)
    contact_person = models.CharField(_("contact person"), max_length=200)
    contact_email = models.EmailField(_("contact e-mail"))
    contact_phone = models.CharField(_("contact phone"), max_length=40)
    architectural = models.TextField(
        _("architectural accessibility"),
        help_text=_("Entrances, lifts, parking, induction loops, sign-language interpreter, dogs."),
    )
    apps = models.TextField(_("mobile applications"), blank=True)
    reminder_sent_for = models.PositiveSmallIntegerField(
        _("review reminder sent for the year"), null=True, blank=True, editable=False
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("accessibility statement")
        verbose_name_plural = _("accessibility statements")
        permissions = [("manage_publicoffice", "Can manage the public-office duties")]

    def __str__(self) -> str:
        return str(self.service_name)


class Purpose(models.TextChoices):
    """The purposes for which the system collects personal data."""

    ACCOUNTS = "accounts", _("user accounts")
    MEMBERS = "members", _("members of bodies and their invitations")
    COMMENTS = "comments", _("consultation comments")
    POLLS = "polls", _("poll votes")
    REPORTERS = "reporters", _("partner reporters")
    STUDY_VISITS = "study_visits", _("study-visit participants")


class InformationClause(models.Model):
    """RODO art. 13 clause for one purpose; its fields are also the art. 30 register entry."""

    purpose = models.CharField(_("purpose"), max_length=20, choices=Purpose.choices, unique=True)
    text = models.TextField(
        _("information clause"),
        help_text=_("Shown on every form of this purpose and sent with the first e-mail."),
    )
    controller = models.CharField(_("controller"), max_length=500)
    dpo_contact = models.CharField(_("data protection officer (contact)"), max_length=300)
    legal_basis = models.CharField(_("legal basis"), max_length=500)
    data_subjects = models.CharField(_("categories of data subjects"), max_length=500)
    data_categories = models.CharField(_("categories of personal data"), max_length=500)
    recipients = models.CharField(_("recipients"), max_length=500)
    transfers = models.CharField(
        _("transfers to third countries"), max_length=300, default="nie dotyczy"
    )
    retention = models.CharField(_("retention period"), max_length=300)
    security = models.TextField(_("technical and organisational security measures"))
    updated_at = models.DateTimeField(_("last change"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("information clause")
        verbose_name_plural = _("information clauses")
        ordering = ["purpose"]

    def __str__(self) -> str:
        return str(self.get_purpose_display())


class RetentionRule(models.Model):
    """How long one kind of record is kept (in months) before the retention command removes it."""

    kind = models.CharField(_("kind of record"), max_length=40, unique=True)
    months = models.PositiveSmallIntegerField(_("kept for (months)"))

    class Meta:
        verbose_name = _("retention period")
        verbose_name_plural = _("retention periods")
        ordering = ["kind"]

    def __str__(self) -> str:
        return f"{self.kind}: {self.months}"


class PublicBody(models.Model):
    """A body whose page the office has made public (for the BIP)."""

    body = models.OneToOneField(Body, on_delete=models.CASCADE, related_name="publication")
    is_public = models.BooleanField(_("public page"), default=False)
    published_by = models.CharField(
        _("published by"),
        max_length=200,
        blank=True,
        help_text=_("The person who publishes the body's documents, for the metryczka."),
    )
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("public page of a body")
        verbose_name_plural = _("public pages of bodies")

    def __str__(self) -> str:
        return str(self.body)


class RegistryData(models.Model):
    """The EZD registry's data of one official document's case: znak sprawy and JRWA class.
    Kept apart from the meeting, opinion or consultation it belongs to (one row per object)."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    case_number = models.CharField(
        _("case number (znak sprawy)"),
        max_length=100,
        blank=True,
        help_text=_("E.g. WUP-II.0012.3.2024."),
    )
    jrwa_class = models.CharField(
        _("JRWA class"), max_length=20, blank=True, help_text=_("E.g. 0012 or 0022.")
    )

    class Meta:
        verbose_name = _("registry data")
        verbose_name_plural = _("registry data")
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"], name="registry_per_object"
            )
        ]

    def __str__(self) -> str:
        return self.case_number


class SignedFile(models.Model):
    """A signed (PAdES) copy of an official document, uploaded back from the EZD."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    document = models.CharField(_("document"), max_length=40)
    file = models.FileField(_("signed PDF"), upload_to="signed/")
    filename = models.CharField(max_length=300)
    signer = models.CharField(_("signed by"), max_length=500)
    signed_at = models.DateTimeField(_("signing time"), null=True, blank=True)
    intact = models.BooleanField(_("document unchanged since signing"), default=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("signed file")
        verbose_name_plural = _("signed files")
        ordering = ["-uploaded_at"]

    def __str__(self) -> str:
        return self.filename
