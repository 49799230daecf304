"""What the register's pages share: the search words, the sort order, a record's source."""

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _

from lll.core.dates import long_date
from lll.core.paging import sort_choice

from ..forms import SearchForm


def search_words(request: HttpRequest) -> str:
    form = SearchForm(request.GET)
    return form.cleaned_data["q"].strip() if form.is_valid() else ""


def sorted_by(request: HttpRequest, items: QuerySet[Any], allowed: dict[str, str]) -> QuerySet[Any]:
    """`items` in the order `?sort=` asks for (a key of `allowed`, "-key" descending), as they
    are for another or no key."""
    key = sort_choice(request, list(allowed), "")
    if not key:
        return items
    return items.order_by(("-" if key.startswith("-") else "") + allowed[key.lstrip("-")], "pk")


def source_of(obj: Any) -> str:
    """Where a record comes from: its import (file and date), the demo, or a person's entry."""
    batch = obj.import_batch
    if batch is not None:
        return f"{batch.original_file_name} ({long_date(batch.created_at)})"
    return _("demo data") if obj.is_demo else _("entered by hand")
