"""Public pages and API answers cached under the data version (`lll.core.dataversion`), with
ETag and Last-Modified answered by 304.

What is cached: a GET of a view marked `@public_page` (or of a URL namespace registered with
`public_namespace`, the API) by a visitor with no session and no pending messages: no session
cookie, no messages cookie, no Authorization header. Such a visitor is anonymous, so the page is
the same for every one of them; the key is the scheme, host, full path with its query, the
language (`request.LANGUAGE_CODE`, from the language cookie), htmx's header and the version's
token and the date (pages say "this year"). A logged-in visitor (a session cookie) goes past
the cache entirely, and so does a request that begins inside a transaction (the tests'
rolled-back ones): what it sees may never be committed.

Per-visitor bytes never enter the cache:
- CSRF: a cached page's forms (the language switch) carry a placeholder instead of a token
  (the `csrf_placeholder` context processor); each answer gets this visitor's own masked token
  put in its place (`get_token`, which also sets their CSRF cookie). A view that asked for a
  real token itself (`get_token`) is not stored.
- An answer that sets a cookie, writes the session, queues a message, is not 200, or says
  `private`/`no-store` is not stored.

The cache is `caches["pages"]`: by default each process's own memory (LocMem). Its entries are
valid by construction (the version is read from the database on each request), so processes
need not share them; a shared cache (`LLL_CACHE_URL`, Redis or memcached) lets a page rendered
by one worker serve the others. Old versions' entries are never read again and leave by the
cache's own culling (LocMem, files) or their timeout (`LLL_PAGE_CACHE_SECONDS`, Redis,
memcached): time only frees memory, it never decides whether a page is current.
"""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import caches
from django.core.signals import setting_changed
from django.db import connection
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseBase
from django.middleware.csrf import get_token
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date

from lll.core import dataversion

V = TypeVar("V", bound=Callable[..., Any])
CACHE = "pages"
_PUBLIC_NAMESPACES: set[str] = set()
# Stands for the CSRF token in cached bytes; derived from the secret key so that no page's
# content can guess it (a guess would only show the visitor their own token anyway).
PLACEHOLDER = "csrf-" + hashlib.sha256(f"lll-csrf-{settings.SECRET_KEY}".encode()).hexdigest()[:40]
_PLACEHOLDER_BYTES = PLACEHOLDER.encode()
# Headers an inner layer set that belong to one answer only.
_NOT_STORED = {"content-length", "set-cookie", "date"}


def public_page(view: V) -> V:
    """Mark a view as the same for every anonymous visitor: its GET answers may be cached."""
    view.lll_public_page = True  # type: ignore[attr-defined]
    return view


def public_namespace(namespace: str) -> None:
    """Mark every view of a URL namespace public (the API, whose views ninja makes)."""
    _PUBLIC_NAMESPACES.add(namespace)


def csrf_placeholder(request: HttpRequest) -> dict[str, object]:
    """Context processor: a page rendered for the cache gets the placeholder as its token."""
    if getattr(request, "lll_page_cache", False):
        return {"csrf_token": PLACEHOLDER}
    return {}


@dataclass(frozen=True)
class Entry:
    status: int
    headers: tuple[tuple[str, str], ...]
    content: bytes
    has_csrf: bool


def _cacheable_request(request: HttpRequest) -> bool:
    if request.method != "GET":
        return False
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or "messages" in cookies:
        return False
    if "authorization" in request.headers:
        return False
    if connection.in_atomic_block:
        # A request inside a transaction (a test's, rolled back at its end) may see data that
        # is never committed and that no version names: it is neither served nor stored.
        return False
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return False
    return bool(
        getattr(match.func, "lll_public_page", False)
        or (match.namespaces and match.namespaces[0] in _PUBLIC_NAMESPACES)
    )


def _key(request: HttpRequest, token: str) -> str:
    parts = "\n".join(
        (
            request.scheme or "",
            request.get_host(),
            request.get_full_path(),
            getattr(request, "LANGUAGE_CODE", ""),
            request.headers.get("HX-Request", ""),
            # Pages say "this year" (targets, charts): a new day, new entries.
            timezone.localdate().isoformat(),
        )
    )
    return f"lll-page:{token}:{hashlib.sha256(parts.encode()).hexdigest()[:32]}"


def _storable(request: HttpRequest, response: HttpResponseBase, csrf_before: bool) -> bool:
    if response.status_code != 200 or response.cookies or isinstance(response, FileResponse):
        return False
    control = response.headers.get("Cache-Control", "")
    if "private" in control or "no-store" in control:
        return False
    if not csrf_before and request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False  # the view put a real CSRF token in the page
    session = getattr(request, "session", None)
    if session is not None and session.modified:
        return False
    storage = getattr(request, "_messages", None)
    return not (storage is not None and getattr(storage, "_queued_messages", None))


def _entry(response: HttpResponseBase) -> Entry:
    content: bytes = (
        b"".join(response.streaming_content)  # type: ignore[attr-defined]
        if response.streaming
        else response.content  # type: ignore[attr-defined]
    )
    headers = tuple(
        (name, value) for name, value in response.items() if name.lower() not in _NOT_STORED
    )
    return Entry(response.status_code, headers, content, _PLACEHOLDER_BYTES in content)


def _forget_pages(**kwargs: Any) -> None:
    """A setting changed (only tests change them while running): pages may differ."""
    caches[CACHE].clear()


setting_changed.connect(_forget_pages, dispatch_uid="lll-page-cache-settings")


class PageCacheMiddleware:
    """Answers a public GET from the cache, or renders, stores and answers it (see the module).

    Placed after CsrfViewMiddleware (it reads the visitor's CSRF cookie) and before
    AuthenticationMiddleware: a cached answer skips authentication, messages, the session's
    renewal, history and login throttling, none of which an anonymous page needs.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if not _cacheable_request(request):
            return self.get_response(request)
        version = dataversion.current()  # first the version, then the data
        key = _key(request, version.token)
        cache = caches[CACHE]
        entry = cache.get(key)
        outcome = "hit"
        if entry is None:
            outcome = "miss"
            request.lll_page_cache = True  # type: ignore[attr-defined]
            csrf_before = bool(request.META.get("CSRF_COOKIE_NEEDS_UPDATE"))
            response = self.get_response(request)
            if not _storable(request, response, csrf_before):
                if not response.streaming and _PLACEHOLDER_BYTES in response.content:  # type: ignore[attr-defined]
                    response.content = response.content.replace(  # type: ignore[attr-defined]
                        _PLACEHOLDER_BYTES, get_token(request).encode()
                    )
                return response
            entry = _entry(response)
            cache.set(key, entry, timeout=getattr(settings, "LLL_PAGE_CACHE_SECONDS", None))
        return self._answer(request, entry, version, key, outcome)

    def _answer(
        self,
        request: HttpRequest,
        entry: Entry,
        version: dataversion.Version,
        key: str,
        outcome: str,
    ) -> HttpResponseBase:
        tag = key.rsplit(":", 1)[1][:20] + version.token[:12]
        if entry.has_csrf:
            # The page holds this visitor's token: another CSRF cookie, another ETag.
            secret = request.META.get("CSRF_COOKIE", "")
            tag += hashlib.sha256(secret.encode()).hexdigest()[:8] if secret else "-new"
        etag = f'W/"{tag}"'
        last_modified = int(version.changed_at.timestamp())
        not_modified = get_conditional_response(request, etag=etag, last_modified=last_modified)
        if not_modified is None:
            content = entry.content
            if entry.has_csrf:
                content = content.replace(_PLACEHOLDER_BYTES, get_token(request).encode())
                if not secret:  # the token just made a new secret: the tag names it
                    new = request.META.get("CSRF_COOKIE", "")
                    etag = f'W/"{tag[:-4]}{hashlib.sha256(new.encode()).hexdigest()[:8]}"'
            response: HttpResponseBase = HttpResponse(content, status=entry.status)
            for name, value in entry.headers:
                response.headers[name] = value
        else:
            response = not_modified
        response.headers["ETag"] = etag
        response.headers["Last-Modified"] = http_date(last_modified)
        response.headers["X-Page-Cache"] = outcome
        if entry.has_csrf:
            patch_cache_control(response, private=True, no_cache=True)
        elif "Cache-Control" not in response.headers:  # a view's own (map boundaries) stays
            patch_cache_control(response, no_cache=True)
        return response
