"""E-mails to the members about a meeting, one delivery per recipient."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .meetings import Meeting
from .people import Person


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
