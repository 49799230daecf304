import time
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers


class LanguageMiddleware:
    """Polish for everyone unless they chose another language with the switch (a cookie).

    Django's LocaleMiddleware would follow the browser's Accept-Language, so an office computer
    with an English browser would get English pages; the office wants Polish by default.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.languages = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        if language not in self.languages:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        patch_vary_headers(response, ["Cookie"])
        response.headers.setdefault("Content-Language", language)
        return response


class SecurityHeadersMiddleware:
    """Content-Security-Policy and Permissions-Policy on every answer (settings
    `LLL_CONTENT_SECURITY_POLICY`, `LLL_PERMISSIONS_POLICY`; a view may set its own).

    Scripts and styles come only from this site: no inline script (charts read their specs from
    `json_script` blocks), no eval (Vega runs its expressions in vega-interpreter), no `<style>`
    element nor `style` attribute (classes in core/site.css; vega-embed's and vega-tooltip's
    stylesheets as files). docs/operations.md, "Security headers".
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        policy = getattr(settings, "LLL_CONTENT_SECURITY_POLICY", "")
        if policy:
            response.headers.setdefault("Content-Security-Policy", policy)
        permissions = getattr(settings, "LLL_PERMISSIONS_POLICY", "")
        if permissions:
            response.headers.setdefault("Permissions-Policy", permissions)
        return response


class IdleSessionMiddleware:
    """A session ends after `LLL_SESSION_IDLE_MINUTES` without activity: a request renews it
    (its expiry moves to now + the idle time), at most once every `LLL_SESSION_RENEW_SECONDS`,
    so that pages do not write the session on every request (on SQLite a write waits while an
    import commits). An htmx poll (a status updating itself) is not activity and renews nothing.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        session = getattr(request, "session", None)
        user = getattr(request, "user", None)
        if session is None or user is None or not user.is_authenticated:
            return response
        if request.headers.get("HX-Request") and request.method == "GET":
            return response
        now = int(time.time())
        if now - int(session.get(SEEN, 0)) >= getattr(settings, "LLL_SESSION_RENEW_SECONDS", 60):
            session[SEEN] = now  # modified: saved with a fresh expiry by SessionMiddleware
        return response


SEEN = "lll_seen"
