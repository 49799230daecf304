"""Pre-consultations of legal proposals with their comment tables, polls of a body (e.g. the
study-visit destinations) and the study visits with their reports and recommendations."""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from lll.coordination.models import ActionItem, Body, Meeting, Person


class Consultation(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("consultation status", "draft")
        OPEN = "open", pgettext_lazy("consultation status", "open for comments")
        CLOSED = "closed", pgettext_lazy("consultation status", "closed")
        ADOPTED = "adopted", pgettext_lazy("consultation status", "position adopted")

    title = models.CharField(_("subject"), max_length=500)
    legal_acts = models.TextField(
        _("legal acts concerned"),
        help_text=_("One per line, e.g. the act on voivodeship self-government."),
    )
    description = models.TextField(_("description"), blank=True)
    document = models.FileField(
        _("draft document (DOCX or PDF)"), upload_to="consultations/", blank=True
    )
    bodies = models.ManyToManyField(
        Body, verbose_name=_("bodies consulted"), related_name="consultations"
    )
    opens_at = models.DateTimeField(_("open from"))
    closes_at = models.DateTimeField(
        _("comments until"), help_text=_("After this moment comments can no longer change.")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    reminder_days = models.PositiveSmallIntegerField(
        _("reminder (days before the close)"),
        default=3,
        help_text=_("Members who have not commented get an e-mail this many days before."),
    )
    scheduled_reminder_sent_at = models.DateTimeField(
        _("automatic reminder sent"), null=True, blank=True
    )
    addressee = models.CharField(
        _("position addressed to"),
        max_length=300,
        blank=True,
        help_text=_("E.g. the ministry that asked for the opinion."),
    )
    position_text = models.TextField(_("adopted position"), blank=True)
    position_meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("position adopted at"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    is_demo = models.BooleanField(_("demo data"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        ordering = ["-closes_at", "pk"]
        permissions = [("manage_consultations", "Can manage consultations, polls and visits")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("consultations:consultation", args=[self.pk])

    @property
    def is_open(self) -> bool:
        """Comments may be submitted and changed: opened by the office and before the close."""
        now = timezone.now()
        return self.status == self.Status.OPEN and self.opens_at <= now < self.closes_at

    @property
    def current_status(self) -> str:
        """The stored status, but an open consultation past its close date is closed."""
        if self.status == self.Status.OPEN and timezone.now() >= self.closes_at:
            return self.Status.CLOSED
        return self.status

    def get_current_status_display(self) -> str:
        return str(self.Status(self.current_status).label)


class Provision(models.Model):
    """A numbered section of the draft (jednostka redakcyjna) comments can refer to."""

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="provisions"
    )
    position = models.PositiveSmallIntegerField(_("order"))
    label = models.CharField(_("provision"), max_length=100, help_text=_("E.g. art. 1 pkt 2."))
    text = models.TextField(_("text"), blank=True)

    class Meta:
        verbose_name = _("provision")
        verbose_name_plural = _("provisions")
        ordering = ["consultation", "position"]

    def __str__(self) -> str:
        return self.label


class Comment(models.Model):
    class Response(models.TextChoices):
        NONE = "", pgettext_lazy("comment response", "not answered yet")
        ACCEPTED = "accepted", pgettext_lazy("comment response", "accepted")
        PARTLY = "partly", pgettext_lazy("comment response", "partly accepted")
        REJECTED = "rejected", pgettext_lazy("comment response", "rejected")
        EXPLAINED = "explained", pgettext_lazy("comment response", "explained")

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="comments"
    )
    provision = models.ForeignKey(
        Provision,
        verbose_name=_("provision"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="comments",
        help_text=_("Empty: a general comment on the whole draft."),
    )
    author = models.ForeignKey(
        Person,
        verbose_name=_("submitted by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="consultation_comments",
    )
    submitter = models.CharField(
        _("submitting institution"),
        max_length=300,
        help_text=_("As shown in the comment table."),
    )
    on_behalf = models.BooleanField(
        _("entered by the office for an invited institution"), default=False
    )
    text = models.TextField(pgettext_lazy("consultation", "comment"))
    proposed_wording = models.TextField(_("proposed wording"), blank=True)
    justification = models.TextField(_("justification"), blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    response = models.CharField(
        _("response"), max_length=10, choices=Response.choices, default="", blank=True
    )
    response_text = models.TextField(_("explanation of the response"), blank=True)
    duplicate_of = models.ForeignKey(
        "self",
        verbose_name=_("same as comment"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="duplicates",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(
        pgettext_lazy("consultation comment", "submitted"), auto_now_add=True
    )
    updated_at = models.DateTimeField(auto_now=True)
    edited_at = models.DateTimeField(_("edited by the author"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = pgettext_lazy("consultation", "comment")
        verbose_name_plural = _("comments")
        ordering = ["consultation", "provision__position", "created_at", "pk"]

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def provision_label(self) -> str:
        return self.provision.label if self.provision else str(_("general comment"))


class ReminderDelivery(models.Model):
    """One reminder e-mail to one member who had not commented."""

    class Status(models.TextChoices):
        SENT = "sent", pgettext_lazy("reminder status", "sent")
        FAILED = "failed", pgettext_lazy("reminder status", "failed")

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="reminders"
    )
    person = models.ForeignKey(Person, on_delete=models.SET_NULL, null=True, related_name="+")
    email = models.EmailField(_("e-mail"))
    status = models.CharField(_("status"), max_length=8, choices=Status.choices)
    error = models.TextField(_("error"), blank=True)
    scheduled = models.BooleanField(_("automatic"), default=False)
    sending = models.UUIDField(null=True, blank=True, editable=False)  # one go of reminders
    sent_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        ordering = ["-sent_at", "pk"]

    def __str__(self) -> str:
        return f"{self.email}: {self.status}"


class Poll(models.Model):
    class Method(models.TextChoices):
        SINGLE = "single", pgettext_lazy("voting method", "single choice")
        APPROVAL = "approval", pgettext_lazy("voting method", "approval (several options)")
        RANKING = "ranking", pgettext_lazy("voting method", "ranking (Borda count)")

    class Electorate(models.TextChoices):
        VOTING = "voting", _("voting members (chair, vice-chairs, members)")
        ALL = "all", _("every current member, secretaries and permanent guests too")

    class Status(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("poll status", "draft")
        OPEN = "open", pgettext_lazy("poll status", "open for votes")
        CLOSED = "closed", pgettext_lazy("poll status", "closed")

    body = models.ForeignKey(
        Body, verbose_name=_("body"), on_delete=models.PROTECT, related_name="polls"
    )
    question = models.CharField(_("question"), max_length=500)
    description = models.TextField(_("description"), blank=True)
    method = models.CharField(
        _("voting method"), max_length=10, choices=Method.choices, default=Method.SINGLE
    )
    electorate = models.CharField(
        _("who may vote"), max_length=10, choices=Electorate.choices, default=Electorate.VOTING
    )
    secret = models.BooleanField(
        _("secret ballot"),
        default=False,
        help_text=_("Votes are stored without the voter; only the fact of voting is recorded."),
    )
    allow_proposals = models.BooleanField(_("members may propose options"), default=True)
    opens_at = models.DateTimeField(_("open from"))
    closes_at = models.DateTimeField(_("votes until"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("meeting"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="polls",
        help_text=_("The meeting the poll belongs to; it is shown on the meeting's page."),
    )
    turnout_threshold = models.PositiveSmallIntegerField(
        _("result only from a turnout of (per cent)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_("E.g. 50: with fewer voters the poll gives no result. Empty: any turnout."),
    )
    opened_notice_sent_at = models.DateTimeField(
        _("members notified of the opening"), null=True, blank=True
    )
    decision = models.TextField(_("decision taken"), blank=True)
    decision_meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("decided at the meeting"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    is_demo = models.BooleanField(_("demo data"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("poll")
        verbose_name_plural = _("polls")
        ordering = ["-closes_at", "pk"]

    def __str__(self) -> str:
        return self.question

    def get_absolute_url(self) -> str:
        return reverse("consultations:poll", args=[self.pk])

    @property
    def is_open(self) -> bool:
        now = timezone.now()
        return self.status == self.Status.OPEN and self.opens_at <= now < self.closes_at

    @property
    def current_status(self) -> str:
        if self.status == self.Status.OPEN and timezone.now() >= self.closes_at:
            return self.Status.CLOSED
        return self.status

    def get_current_status_display(self) -> str:
        return str(self.Status(self.current_status).label)


class PollOption(models.Model):
    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="options")
    position = models.PositiveSmallIntegerField(_("order"))
    label = models.CharField(_("option"), max_length=200)
    details = models.TextField(
        _("details"), blank=True, help_text=_("E.g. the institutions to visit and the theme.")
    )
    proposed_by = models.ForeignKey(
        Person,
        verbose_name=_("proposed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    justification = models.TextField(_("justification"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("option")
        verbose_name_plural = _("options")
        ordering = ["poll", "position", "pk"]

    def __str__(self) -> str:
        return self.label


class Ballot(models.Model):
    """One vote. In a secret poll `voter` stays empty and nothing ties the ballot to a person:
    no time is stored, and the keys of ballots and their choices are random, so the order of
    the "has voted" records cannot be matched with the order of the ballots."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="ballots")
    voter = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="ballots"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["poll", "voter"],
                condition=models.Q(voter__isnull=False),
                name="one_open_ballot_per_voter",
            )
        ]

    def __str__(self) -> str:
        return f"{self.poll_id}: {self.pk}"


class BallotChoice(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="choices")
    option = models.ForeignKey(PollOption, on_delete=models.CASCADE, related_name="choices")
    rank = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["ballot", "option"], name="option_once_per_ballot")
        ]

    def __str__(self) -> str:
        return f"{self.option_id} ({self.rank or '-'})"


class Participation(models.Model):
    """Who has voted in a poll (for secret polls the only link between a person and a poll)."""

    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="participations")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["poll", "person"], name="vote_once_per_poll")
        ]

    def __str__(self) -> str:
        return f"{self.person_id} voted in {self.poll_id}"


class StudyVisit(models.Model):
    class Status(models.TextChoices):
        PROPOSED = "proposed", pgettext_lazy("visit status", "proposed")
        PLANNED = "planned", pgettext_lazy("visit status", "planned")
        COMPLETED = "completed", pgettext_lazy("visit status", "completed")
        REPORTED = "reported", pgettext_lazy("visit status", "report ready")
        CANCELLED = "cancelled", pgettext_lazy("visit status", "cancelled")

    body = models.ForeignKey(
        Body, verbose_name=_("body"), on_delete=models.PROTECT, related_name="study_visits"
    )
    title = models.CharField(_("title"), max_length=300)
    country = models.CharField(_("country"), max_length=100)
    host_institutions = models.TextField(_("host institutions"), help_text=_("One per line."))
    themes = models.TextField(
        pgettext_lazy("study visit", "themes"),
        help_text=_("One per line, e.g. non-formal education, senior policy."),
    )
    starts_on = models.DateField(_("from"), null=True, blank=True)
    ends_on = models.DateField(_("to"), null=True, blank=True)
    participants = models.ManyToManyField(
        Person, verbose_name=_("participants"), blank=True, related_name="study_visits"
    )
    budget = models.DecimalField(
        _("budget (PLN)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PROPOSED
    )
    poll = models.ForeignKey(
        Poll,
        verbose_name=_("chosen in the poll"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="visits",
    )
    report = models.TextField(_("report"), blank=True)
    lessons = models.TextField(_("lessons learned"), blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("study visit")
        verbose_name_plural = _("study visits")
        ordering = ["-starts_on", "title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("consultations:visit", args=[self.pk])

    @property
    def host_list(self) -> list[str]:
        return [line.strip() for line in self.host_institutions.splitlines() if line.strip()]

    @property
    def theme_list(self) -> list[str]:
        return [line.strip() for line in self.themes.splitlines() if line.strip()]


class Recommendation(models.Model):
    visit = models.ForeignKey(StudyVisit, on_delete=models.CASCADE, related_name="recommendations")
    text = models.TextField(_("recommendation"))
    action_item = models.ForeignKey(
        ActionItem,
        verbose_name=_("action item"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        ordering = ["visit", "pk"]

    def __str__(self) -> str:
        return self.text[:80]
