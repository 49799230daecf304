"""The client's address for login throttling, behind a trusted reverse proxy.

Behind nginx every request comes from the proxy's address; throttling on it would let anyone
lock everyone out. With `LLL_TRUSTED_PROXIES` (addresses or networks, comma-separated), a
request whose connection comes from a listed proxy is attributed to the address the proxy
appended to X-Forwarded-For (the right-most one that is not itself a listed proxy). A request
from anywhere else is attributed to its connection: a client cannot choose its own address by
sending the header.
"""

import datetime
import ipaddress
import math
from functools import cache
from typing import Any

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Max, QuerySet, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@cache
def _trusted(proxies: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(proxy.strip(), strict=False) for proxy in proxies if proxy)


def _is_trusted(address: str, networks: tuple[Network, ...]) -> bool:
    try:
        ip = ipaddress.ip_address(address.strip())
    except ValueError:
        return False
    return any(ip in network for network in networks)


def client_address(request: HttpRequest) -> str:
    connection = request.META.get("REMOTE_ADDR", "")
    networks = _trusted(tuple(settings.LLL_TRUSTED_PROXIES))
    if not networks or not _is_trusted(connection, networks):
        return connection
    forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    for address in reversed(forwarded):
        if address and not _is_trusted(address, networks):
            try:
                return str(ipaddress.ip_address(address))
            except ValueError:
                return connection
    return connection


# ---------------------------------------------------------------------------------------------
# Growing delays instead of a lock (issue 19)
#
# A lock per username would let anyone lock anyone out (member usernames are e-mail addresses);
# a lock per username and address does the same behind a proxy everybody shares. So nothing is
# locked: after LLL_LOGIN_FREE_FAILURES failed logins to one username (from any address), the
# next attempt for it must wait 1 s after the last failure, then 2 s, 4 s, ... up to
# LLL_LOGIN_MAX_DELAY_SECONDS; one address trying many usernames waits the same way after
# LLL_LOGIN_FREE_FAILURES_PER_ADDRESS failures. An attempt during the wait is answered HTTP 429
# with the seconds left, its password is not checked and it does not count as a failure (so
# hammering does not stretch the wait). After the wait the right password works, from any
# address; a login resets its username's count. Failures are forgotten after AXES_COOLOFF_TIME.
#
# django-axes records the attempts (AccessAttempt, one row per username, address and browser,
# and the AccessLog of logins); this handler only decides from them who must wait.


def username_key(request: HttpRequest, credentials: dict[str, Any] | None = None) -> str:
    """The username attempts are counted under: logins ignore letter case, so does the count."""
    field = getattr(settings, "AXES_USERNAME_FORM_FIELD", "username")
    username = (credentials or {}).get(field) or request.POST.get(field) or ""
    return str(username).strip().lower()


def _delay(failures: int, free: int) -> float:
    if failures < free:
        return 0.0
    return float(min(settings.LLL_LOGIN_MAX_DELAY_SECONDS, 2 ** (failures - free)))


def _wait(attempts: QuerySet[AccessAttempt], free: int, now: datetime.datetime) -> float:
    counted = attempts.aggregate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
    if not counted["failures"]:
        return 0.0
    delay = _delay(counted["failures"], free)
    return max(0.0, (counted["last"] - now).total_seconds() + delay)


def seconds_to_wait(request: HttpRequest, credentials: dict[str, Any] | None = None) -> float:
    """How long this login attempt must still wait (0: it may try now)."""
    now = getattr(request, "axes_attempt_time", None) or timezone.now()
    recent = AccessAttempt.objects.filter(attempt_time__gte=get_cool_off_threshold(request))
    username = username_key(request, credentials)
    by_username = (
        _wait(recent.filter(username=username), settings.LLL_LOGIN_FREE_FAILURES, now)
        if username
        else 0.0
    )
    address = getattr(request, "axes_ip_address", None) or client_address(request)
    by_address = _wait(
        recent.filter(ip_address=address), settings.LLL_LOGIN_FREE_FAILURES_PER_ADDRESS, now
    )
    return max(by_username, by_address)


class DelayHandler(AxesDatabaseHandler):
    """django-axes' database handler with growing delays in place of its lockout."""

    def is_locked(self, request: HttpRequest, credentials: dict[str, Any] | None = None) -> bool:
        wait = seconds_to_wait(request, credentials)
        request.lll_login_wait = math.ceil(wait)  # type: ignore[attr-defined]
        return wait > 0

    def reset_user_attempts(
        self, request: HttpRequest, credentials: dict[str, Any] | None = None
    ) -> int:
        """A login clears its username's failures (from every address), nothing else: logging
        in to one's own account does not clear an address's failures against other accounts."""
        username = username_key(request, credentials)
        count, _ = AccessAttempt.objects.filter(username=username).delete()
        return count


def wait_response(
    request: HttpRequest, original: HttpResponse | None = None, credentials: Any = None
) -> HttpResponse:
    """The answer to an attempt made during the wait: HTTP 429 with the seconds left."""
    wait = max(1, getattr(request, "lll_login_wait", 1))
    response = render(request, "accounts/lockout.html", {"wait": wait}, status=429)
    response["Retry-After"] = str(wait)
    return response
