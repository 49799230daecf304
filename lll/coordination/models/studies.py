"""Studies and analyses, and the meeting where their results were shown."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .meetings import Meeting


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
