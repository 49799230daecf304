"""The minutes of a meeting, version by version."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .meetings import Meeting


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
