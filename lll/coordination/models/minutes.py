"""The minutes of a meeting, version by version."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .meetings import Meeting


class Minutes(models.Model):
    """One version of a meeting's minutes: drafted by the office, sent to the members for
    comments, amended, accepted by the members (at a meeting or by circular vote) and locked.
    A change to locked minutes makes a new version."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        COMMENTS = "comments", _("sent to the members for comments")
        APPROVED = "approved", _("accepted and locked")
        SUPERSEDED = "superseded", _("superseded by a later version")

    class Acceptance(models.TextChoices):
        MEETING = "meeting", _("at a meeting")
        CIRCULAR = "circular", _("by circular vote")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="minutes")
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default="draft")
    place = models.CharField(_("place"), max_length=100)
    dated = models.DateField(_("date of the minutes"))
    introduction = models.TextField(_("introduction"))
    closing = models.TextField(_("closing"), blank=True)
    signatory_name = models.CharField(_("signed by"), max_length=200, blank=True)
    signatory_position = models.CharField(_("signatory's position"), max_length=300, blank=True)
    chaired_by = models.CharField(
        _("chaired by"), max_length=300, blank=True, help_text=_("Name and position.")
    )
    project_paragraph = models.TextField(_("project paragraph"), blank=True)
    announced_agenda = models.TextField(
        _("agenda as announced"), blank=True, help_text=_("One item per line.")
    )
    agenda_changes = models.TextField(_("changes to the agenda"), blank=True)
    attachment_list = models.TextField(
        _("attachments"), blank=True, help_text=_("One attachment per line.")
    )
    # The steps of the minutes, each dated.
    sent_for_comments_at = models.DateTimeField(_("sent for comments"), null=True, blank=True)
    comments_deadline = models.DateField(_("comments due by"), null=True, blank=True)
    amended_at = models.DateTimeField(_("amended"), null=True, blank=True)
    accepted_on = models.DateField(_("accepted on"), null=True, blank=True)
    accepted_how = models.CharField(
        _("accepted"), max_length=10, choices=Acceptance.choices, blank=True
    )
    acceptance_note = models.CharField(
        _("acceptance"),
        max_length=300,
        blank=True,
        help_text=_("E.g. accepted at meeting no. 3, or the circular vote's result."),
    )
    # Frozen at approval, so later changes to people or attendance never change signed minutes.
    attendance_snapshot = models.JSONField(default=list, blank=True)
    attachments_snapshot = models.JSONField(default=list, blank=True)
    # The vote results as the locked minutes state them: a later correction of a vote makes a
    # new version, it does not change what the members accepted.
    votes_snapshot = models.JSONField(default=list, blank=True)
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
        """Locked: accepted (or superseded). The office edits a draft, also one out for
        comments."""
        return self.status in (self.Status.APPROVED, self.Status.SUPERSEDED)

    @property
    def members_see(self) -> bool:
        return self.status in (self.Status.COMMENTS, self.Status.APPROVED)

    @property
    def takes_comments(self) -> bool:
        return self.status == self.Status.COMMENTS


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


class MinutesComment(models.Model):
    """A member's comment on draft minutes, on one section or on the whole."""

    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="comments")
    section = models.ForeignKey(
        MinutesSection,
        verbose_name=_("section"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="comments",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    author_name = models.CharField(_("author"), max_length=200)
    text = models.TextField(_("text of the comment"))
    created_at = models.DateTimeField(_("written"), auto_now_add=True)
    # The office's answer, shown to the member under the comment.
    reply = models.TextField(_("the office's reply"), blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    replied_by_name = models.CharField(_("replied by"), max_length=200, blank=True)
    replied_at = models.DateTimeField(_("replied"), null=True, blank=True)

    class Meta:
        verbose_name = _("comment on the minutes")
        verbose_name_plural = _("comments on the minutes")
        ordering = ["minutes", "section__position", "created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.author_name}: {self.text[:60]}"


class DutyDone(models.Model):
    """A statutory duty the office has done: the copy of accepted minutes sent to the
    voivodeship marshal, or a body's yearly report for a year submitted; dated, and by whom."""

    class Duty(models.TextChoices):
        MARSHAL_COPY = "marshal_copy", _("copy of the minutes to the voivodeship marshal")
        YEARLY_REPORT = "yearly_report", _("yearly report")

    body = models.ForeignKey(
        "coordination.Body", on_delete=models.CASCADE, related_name="duties_done"
    )
    duty = models.CharField(_("duty"), max_length=20, choices=Duty.choices)
    minutes = models.ForeignKey(
        Minutes, on_delete=models.CASCADE, null=True, blank=True, related_name="duties_done"
    )
    year = models.PositiveSmallIntegerField(_("year reported on"), null=True, blank=True)
    done_on = models.DateField(_("done on"))
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    done_by_name = models.CharField(_("done by"), max_length=200)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("statutory duty done")
        verbose_name_plural = _("statutory duties done")
        constraints = [
            models.UniqueConstraint(
                fields=["minutes"],
                condition=models.Q(duty="marshal_copy"),
                name="duty_marshal_copy_once",
            ),
            models.UniqueConstraint(
                fields=["body", "year"],
                condition=models.Q(duty="yearly_report"),
                name="duty_yearly_report_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_duty_display()}: {self.done_on:%d.%m.%Y}, {self.done_by_name}"
