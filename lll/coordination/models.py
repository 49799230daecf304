"""Who sits where, their meetings, what was said and agreed there, and what follows from it."""

import datetime
import math

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
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
    def affiliation(self) -> str:
        parts = [self.position, self.institution.name if self.institution else ""]
        return ", ".join(p for p in parts if p)


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


class Meeting(models.Model):
    class Mode(models.TextChoices):
        REMOTE = "remote", _("remote")
        IN_PERSON = "in_person", _("in person")
        HYBRID = "hybrid", _("hybrid")

    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        INVITED = "invited", _("invitation sent")
        HELD = "held", _("held")
        MINUTES_DRAFTED = "minutes_drafted", _("minutes drafted")
        MINUTES_APPROVED = "minutes_approved", _("minutes approved")

    body = models.ForeignKey(
        Body, verbose_name=_("body"), on_delete=models.PROTECT, related_name="meetings"
    )
    number = models.PositiveSmallIntegerField(_("sequence number"))
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"), null=True, blank=True)
    mode = models.CharField(_("mode"), max_length=10, choices=Mode.choices, default=Mode.REMOTE)
    location = models.CharField(
        _("platform or address"), max_length=300, blank=True, help_text=_("E.g. Teams.")
    )
    online_link = models.URLField(_("link to join"), max_length=500, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )
    participant_count = models.PositiveSmallIntegerField(
        _("number of participants"),
        null=True,
        blank=True,
        help_text=_("All who took part, guests and office staff included; empty: counted."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-starts_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["body", "number"],
                name="meeting_number_per_body",
                # Django's own message names the model and its fields, not what went wrong.
                violation_error_message=_("This body already has a meeting with this number."),
            )
        ]

    def __str__(self) -> str:
        return str(
            _("%(body)s, meeting no. %(number)s")
            % {"body": self.body.short_name or self.body.name, "number": self.number}
        )

    def get_absolute_url(self) -> str:
        return reverse("coordination:meeting", args=[self.pk])


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    position = models.PositiveSmallIntegerField(_("position"))
    title = models.CharField(_("title"), max_length=500)
    presenters = models.ManyToManyField(
        Person, verbose_name=_("presenters"), blank=True, related_name="presented_items"
    )
    notes = models.TextField(
        _("what happened"), blank=True, help_text=_("Notes taken during the meeting.")
    )
    speakers = models.ManyToManyField(
        Person, verbose_name=_("who spoke"), blank=True, related_name="spoken_items"
    )
    is_follow_up_review = models.BooleanField(_("review of open action items"), default=False)

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["meeting", "position"]

    def __str__(self) -> str:
        return f"{self.position}. {self.title}"


class AgendaChange(models.Model):
    """An item moved during the meeting: the minutes may have to explain why."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_changes")
    item_title = models.CharField(_("item"), max_length=500)
    from_position = models.PositiveSmallIntegerField(_("from position"))
    to_position = models.PositiveSmallIntegerField(_("to position"))
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    changed_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        ordering = ["changed_at", "pk"]

    def __str__(self) -> str:
        return f"{self.item_title}: {self.from_position} → {self.to_position}"


class Material(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="materials")
    agenda_item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("agenda item"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="materials",
    )
    title = models.CharField(_("title"), max_length=300)
    file = models.FileField(_("file"), upload_to="meetings/%Y/")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("material")
        verbose_name_plural = _("materials")
        ordering = ["agenda_item__position", "title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("coordination:material", args=[self.pk])


class Attendance(models.Model):
    class Status(models.TextChoices):
        PRESENT = "present", _("present")
        ABSENT = "absent", _("absent")
        EXCUSED = "excused", _("excused")
        SUBSTITUTED = "substituted", _("represented by a substitute")
        GUEST = "guest", _("guest")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="attendance")
    status = models.CharField(_("attendance"), max_length=12, choices=Status.choices)
    substitute = models.ForeignKey(
        Person,
        verbose_name=_("substitute"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="attendance_once")
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.get_status_display()}"


class Outcome(models.Model):
    """What an agenda item produced: a decision (ustalenie), a recommendation or an opinion."""

    class Kind(models.TextChoices):
        DECISION = "decision", _("decision")
        RECOMMENDATION = "recommendation", _("recommendation")
        OPINION = "opinion", _("opinion")

    agenda_item = models.ForeignKey(
        AgendaItem, verbose_name=_("agenda item"), on_delete=models.CASCADE, related_name="outcomes"
    )
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices, default=Kind.DECISION)
    text = models.TextField(_("content"))
    addressee = models.CharField(
        _("addressed to"), max_length=300, blank=True, help_text=_("E.g. the voivodeship board.")
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["agenda_item__position", "pk"]

    def __str__(self) -> str:
        return self.text[:80]


class ActionItem(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("open")
        IN_PROGRESS = "in_progress", _("in progress")
        DONE = "done", _("completed")
        CANCELLED = "cancelled", _("cancelled")

    OPEN_STATUSES = (Status.OPEN, Status.IN_PROGRESS)

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="action_items"
    )
    agenda_item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("agenda item"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="action_items",
    )
    title = models.CharField(_("task"), max_length=500)
    owner = models.ForeignKey(
        Person, verbose_name=_("owner"), on_delete=models.PROTECT, related_name="action_items"
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default="open")
    progress_note = models.TextField(_("progress"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("action item")
        verbose_name_plural = _("action items")
        ordering = ["due_date", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    @property
    def is_overdue(self) -> bool:
        return self.is_open and self.due_date is not None and self.due_date < timezone.localdate()


class Minutes(models.Model):
    """One version of a meeting's minutes. Approval freezes it; a change makes a new version."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        APPROVED = "approved", _("approved")
        SUPERSEDED = "superseded", _("superseded by a later version")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="minutes")
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default="draft")
    place = models.CharField(_("place"), max_length=100)
    dated = models.DateField(_("date of the minutes"))
    introduction = models.TextField(_("introduction"))
    closing = models.TextField(_("closing"), blank=True)
    signatory_name = models.CharField(_("signed by"), max_length=200, blank=True)
    signatory_position = models.CharField(_("signatory's position"), max_length=300, blank=True)
    # Frozen at approval, so later changes to people or attendance never change signed minutes.
    attendance_snapshot = models.JSONField(default=list, blank=True)
    attachments_snapshot = models.JSONField(default=list, blank=True)
    change_reason = models.CharField(_("reason for the new version"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)

    class Meta:
        verbose_name = _("minutes")
        verbose_name_plural = _("minutes")
        ordering = ["meeting", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "version"], name="minutes_version")
        ]

    def __str__(self) -> str:
        return str(
            _("Minutes: %(meeting)s, version %(version)s")
            % {"meeting": self.meeting, "version": self.version}
        )

    @property
    def is_frozen(self) -> bool:
        return self.status != self.Status.DRAFT


class MinutesSection(models.Model):
    """What happened under one agenda item, as written in the minutes."""

    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="sections")
    position = models.PositiveSmallIntegerField()
    title = models.CharField(_("agenda item"), max_length=500)
    text = models.TextField(_("text"), blank=True)

    class Meta:
        ordering = ["minutes", "position"]

    def __str__(self) -> str:
        return f"{self.position}. {self.title}"


class Mailing(models.Model):
    class Kind(models.TextChoices):
        INVITATION = "invitation", _("invitation")
        MATERIALS = "materials", _("materials")
        MINUTES = "minutes", _("minutes")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="mailings")
    kind = models.CharField(_("type"), max_length=12, choices=Kind.choices)
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("message"))
    attachment_names = models.JSONField(_("attachments"), default=list, blank=True)
    material_ids = models.JSONField(default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("mailing")
        verbose_name_plural = _("mailings")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.subject


class Delivery(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("waiting")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")

    mailing = models.ForeignKey(Mailing, on_delete=models.CASCADE, related_name="deliveries")
    person = models.ForeignKey(Person, on_delete=models.SET_NULL, null=True, related_name="+")
    name = models.CharField(_("recipient"), max_length=200)
    email = models.EmailField(_("e-mail"), blank=True)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default="pending")
    error = models.TextField(_("error"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        ordering = ["person__last_name", "name"]

    def __str__(self) -> str:
        return f"{self.name} <{self.email}>"


class Study(models.Model):
    """A study or analysis of the office or its partners, and where its results were shown."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        ONGOING = "ongoing", _("ongoing")
        COMPLETED = "completed", _("completed")

    title = models.CharField(_("title"), max_length=500)
    performed_by = models.CharField(_("carried out by"), max_length=300)
    period = models.CharField(_("period"), max_length=40, help_text=_("E.g. 2023 or 2024-2025."))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default="planned")
    method = models.TextField(_("method"), blank=True)
    summary = models.TextField(_("results"), blank=True)
    results_file = models.FileField(_("results file"), upload_to="studies/", blank=True)
    presented_at = models.ForeignKey(
        Meeting,
        verbose_name=_("presented at"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="studies",
    )
    indicators = models.ManyToManyField(
        "indicators.Indicator", verbose_name=_("linked indicators"), blank=True, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("study")
        verbose_name_plural = _("studies")
        ordering = ["-period", "title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("coordination:study", args=[self.pk])
