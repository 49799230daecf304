"""Abstract models that apps build on (no table of their own)."""

from collections.abc import Callable, Sequence
from pathlib import Path, PurePosixPath
from typing import Any, ClassVar, TypeVar

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from lll.core.imports import Problem

T = TypeVar("T")
DONE = "done"  # the status of a batch whose rows are written, in every app
FAILED = "failed"  # nothing written, in every app
KEPT_PROBLEMS = (
    5000  # problems kept on a batch; the count of rejected rows says how many there were
)


def import_upload_to(instance: "ImportBatchBase", filename: str) -> str:
    """The kept file's path: the batch's `UPLOAD_FOLDER` (strftime codes allowed), then the name."""
    folder = timezone.now().strftime(type(instance).UPLOAD_FOLDER)
    return str(PurePosixPath(folder) / filename)


class ImportBatchBase(models.Model):
    """One import of a file (or of a source's data): who ran it and when, the file as uploaded,
    how its columns were read, what happened to its rows.

    Each app adds its own `status` choices (their steps differ) and what it imports into.
    """

    UPLOAD_FOLDER = "imports/%Y/%m/"
    # The steps a large file's preview runs in the task worker (`lll.core.imports.background`):
    # step name -> dotted path of a function (batch) -> a JSON-able result kept in `stored`.
    BACKGROUND_STEPS: ClassVar[dict[str, str]] = {}

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("when"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10)
    original_file = models.FileField(_("original file"), upload_to=import_upload_to, blank=True)
    original_file_name = models.CharField(_("file name"), max_length=255, blank=True)
    column_mapping = models.JSONField(_("column mapping"), default=dict, blank=True)
    rows_total = models.PositiveIntegerField(_("rows"), default=0)
    inserted = models.PositiveIntegerField(_("inserted"), default=0)
    updated = models.PositiveIntegerField(_("updated"), default=0)
    unchanged = models.PositiveIntegerField(_("unchanged"), default=0)
    rejected = models.PositiveIntegerField(_("rejected"), default=0)
    rejected_rows = models.JSONField(_("rejected rows"), default=list, blank=True)
    error = models.TextField(_("error"), blank=True)
    # A large file is read and previewed in the background: which step, where it is (queued,
    # running, ready, failed; blank when the file was previewed in the request) and what each
    # step found, so that the pages show it without reading the file again.
    background_step = models.CharField(_("background step"), max_length=20, blank=True)
    background_state = models.CharField(_("background state"), max_length=10, blank=True)
    stored = models.JSONField(
        _("stored preview"), default=dict, blank=True, encoder=DjangoJSONEncoder
    )

    class Meta:
        abstract = True
        ordering = ["-created_at"]

    @property
    def done(self) -> bool:
        return self.status == DONE

    def keep_file(self, name: str, content: Any) -> None:
        """Store the uploaded file (not saving the batch) and remember its name as uploaded."""
        self.original_file.save(name, content, save=False)
        self.original_file_name = PurePosixPath(name).name[:255]

    def keep_checked_file(self, upload: Any, check: Callable[[Path], T]) -> T:
        """Store the upload and run `check` on the stored file; on any failure (a refused file
        or a fault) the stored file is deleted again, so no file stays without its batch."""
        self.keep_file(upload.name, upload)
        try:
            return check(Path(self.original_file.path))
        except BaseException:
            self.original_file.delete(save=False)
            raise

    def drop(self) -> None:
        """Delete the batch and its stored file (a preview given up, a file found unreadable)."""
        if self.original_file:
            self.original_file.delete(save=False)
        if self.pk:
            self.delete()

    def abandon(self, user: Any) -> None:
        """Give the import up (nothing was written): its file is deleted, the batch says who."""
        if self.original_file:
            self.original_file.delete(save=False)
        self.status = FAILED
        self.error = gettext("Cancelled by %(user)s; nothing was written.") % {"user": user}
        self.finished_at = timezone.now()
        self.save()

    def record_done(
        self, rows: int, inserted: int, updated: int, unchanged: int, problems: Sequence[Problem]
    ) -> None:
        """Save the batch as done with what its rows did (the first problems kept)."""
        self.rows_total = rows
        self.inserted, self.updated, self.unchanged = inserted, updated, unchanged
        self.rejected = len(problems)
        self.rejected_rows = [problem.as_dict() for problem in problems[:KEPT_PROBLEMS]]
        self.status, self.error = DONE, ""
        self.finished_at = timezone.now()
        self.save()


class DataVersion(models.Model):
    """The data version's one row (pk 1): a random token, new at every change of the data, and
    when it changed (`lll.core.dataversion`)."""

    token = models.CharField(max_length=32)
    changed_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.token} ({self.changed_at:%Y-%m-%d %H:%M:%S})"
