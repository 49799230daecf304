"""Lists: one page size, one way to read the page and the sort order from the query string."""

from collections.abc import Sequence
from typing import Any, TypeVar

from django.core.paginator import Page, Paginator
from django.http import HttpRequest

T = TypeVar("T")

PAGE_SIZE = 25  # rows of every list page; a long reference list may ask for LONG_PAGE
LONG_PAGE = 50


def page_of(
    request: HttpRequest, items: Sequence[T] | Any, size: int = PAGE_SIZE, param: str = "page"
) -> Page:
    """The page `?page=` asks for (the first for a missing or broken number, the last past
    the end), of `size` rows. A second list on the same page reads its own `param`."""
    return Paginator(items, size).get_page(request.GET.get(param))


def sort_choice(request: HttpRequest, allowed: Sequence[str], default: str) -> str:
    """The column `?sort=` asks for ("name" or "-name" for descending) if the list offers it,
    otherwise `default`: a hand-edited URL never reaches `order_by` with an unknown field."""
    wanted = request.GET.get("sort", "")
    return wanted if wanted.removeprefix("-") in allowed else default
