"""A meeting, its agenda, materials, attendance, and what it decided and left to do."""

from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .bodies import Body
from .people import Person


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
        help_text=_(
            "Only to override the count: present members, substitutes, guests and presenters "
            "are counted from the attendance list."
        ),
    )
    chaired_by = models.ForeignKey(
        Person,
        verbose_name=_("chaired by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty: the body's chair."),
    )
    signed_by = models.ForeignKey(
        Person,
        verbose_name=_("minutes signed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty: whoever chaired the meeting."),
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
        constraints = [
            # Two people adding items at once cannot both get the same number.
            models.UniqueConstraint(fields=["meeting", "position"], name="agenda_item_position")
        ]

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
    remote = models.BooleanField(
        _("took part remotely"),
        default=False,
        help_text=_("By electronic means; the attendance list notes it instead of a signature."),
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

    # The meeting is the agenda item's; kept here so the number can be unique per meeting.
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="outcomes", editable=False
    )
    agenda_item = models.ForeignKey(
        AgendaItem, verbose_name=_("agenda item"), on_delete=models.CASCADE, related_name="outcomes"
    )
    number = models.PositiveSmallIntegerField(
        _("number"),
        editable=False,
        help_text=_(
            "Numbered within the meeting as recorded; reordering the agenda or deleting "
            "another decision never changes it."
        ),
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
        ordering = ["agenda_item__position", "number"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "number"], name="outcome_number_per_meeting")
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.text[:80]}" if self.number else self.text[:80]

    def save(self, *args: Any, **kwargs: Any) -> None:
        # The one rule for the number: the next one in the meeting, taken under a lock on the
        # meeting so two people recording decisions at once cannot get the same number.
        # Kept for good once given (an outcome moved to another item keeps it).
        self.meeting_id = self.agenda_item.meeting_id
        if not self.number:
            with transaction.atomic():
                Meeting.objects.select_for_update().filter(pk=self.meeting_id).first()
                last = Outcome.objects.filter(meeting_id=self.meeting_id).aggregate(
                    n=models.Max("number")
                )["n"]
                self.number = (last or 0) + 1
                super().save(*args, **kwargs)
            return
        super().save(*args, **kwargs)

    @property
    def heading(self) -> str:
        """How the page, the minutes and the lists name it: "Ustalenie nr 3"."""
        return str(
            _("%(kind)s no. %(number)s")
            % {"kind": capfirst(self.get_kind_display()), "number": self.number}
        )


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
