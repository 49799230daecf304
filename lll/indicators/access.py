"""Who sees which indicators, and the one way pages and the API fetch them.

An unpublished indicator (or a derived one with an unpublished input, which would reveal it) is
seen only by those who may view indicators (`indicators.view_indicator`); for anyone else it
does not exist: lists leave it out and its page answers 404, as in the API.
"""

from typing import Any

from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from lll.core.access import has_permission
from lll.core.errors import UserError

from .models import ImportBatch, Indicator, Target

VIEW = "indicators.view_indicator"
IMPORT = "indicators.import_data"


def visible_indicators(user: Any) -> QuerySet[Indicator]:
    """Published indicators for everyone; all of them for staff who may view indicators."""
    indicators = Indicator.objects.all()
    if not has_permission(user, VIEW):
        # A derived indicator would reveal its inputs: it is public only if they are.
        indicators = (
            indicators.filter(published=True)
            .exclude(numerator__published=False)
            .exclude(denominator__published=False)
        )
    return indicators


def get_indicator_for(request: HttpRequest, code: str, *, to_change: bool = False) -> Indicator:
    """The indicator `code` if the user sees it, 404 otherwise. `to_change`: for the editing
    pages (behind their permission), which reach every indicator, published or not."""
    indicators = Indicator.objects.all() if to_change else visible_indicators(request.user)
    return get_object_or_404(indicators.select_related("numerator", "denominator"), code=code)


def get_target_for(request: HttpRequest, indicator: Indicator, pk: int) -> Target:
    """A target of `indicator` (already fetched for this user); 404 for another's."""
    return get_object_or_404(Target, pk=pk, indicator=indicator)


def get_import_batch_for(request: HttpRequest, pk: int) -> ImportBatch:
    """An import of any status, for those who may import (its pages are behind `IMPORT`)."""
    return get_object_or_404(ImportBatch.objects.select_related("indicator", "created_by"), pk=pk)


class NotInPreview(UserError):
    """A step of the import wizard asked for an import already committed (the Back button, a
    second click): the user is shown its result instead."""

    def __init__(self, batch: ImportBatch) -> None:
        self.batch = batch
        super().__init__(_("This import has already been committed; here is its result."))


def get_preview_batch_for(request: HttpRequest, pk: int) -> ImportBatch:
    """An import in the wizard: only the person who uploaded it (or a superuser) goes on with
    it, anyone else gets 404; `NotInPreview` once it is committed."""
    batch = get_object_or_404(ImportBatch, pk=pk)
    if batch.created_by_id != request.user.pk and not request.user.is_superuser:
        raise Http404
    if batch.status != ImportBatch.Status.PREVIEW:
        raise NotInPreview(batch)
    return batch
