"""An HTTP client for statistics APIs: timeouts, rate limits, retries with backoff, a file cache.

The cache keeps each response as a JSON file named by the hash of its URL, so a repeated import
does not spend the API's quota. Responses that failed are never cached.
"""

import hashlib
import json
import time
from collections import deque
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import httpx
from django.utils.translation import gettext as _

RETRY_STATUSES = {429, 500, 502, 503, 504}


class ApiError(Exception):
    pass


class RateLimiter:
    """At most `limit` requests in any `seconds`-long window, for each (limit, seconds) given."""

    def __init__(
        self,
        windows: Sequence[tuple[int, float]],
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.windows = [(limit, seconds, deque[float]()) for limit, seconds in windows]
        self.clock, self.sleep = clock, sleep

    def wait(self) -> None:
        for limit, seconds, sent in self.windows:
            now = self.clock()
            while sent and now - sent[0] >= seconds:
                sent.popleft()
            if len(sent) >= limit:
                self.sleep(seconds - (now - sent[0]))
        now = self.clock()
        for _limit, _seconds, sent in self.windows:
            sent.append(now)


class CachedJsonClient:
    def __init__(
        self,
        base_url: str,
        cache_dir: Path | None,
        headers: dict[str, str] | None = None,
        limiter: RateLimiter | None = None,
        max_retries: int = 5,
        backoff: float = 1.0,
        sleep: Callable[[float], None] = time.sleep,
        timeout: float = 30.0,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.cache_dir = cache_dir
        self.limiter = limiter
        self.max_retries, self.backoff, self.sleep = max_retries, backoff, sleep
        self.http = httpx.Client(headers=headers or {}, timeout=timeout, follow_redirects=True)
        self.requests_sent = 0

    def close(self) -> None:
        self.http.close()

    def _cache_file(self, url: str) -> Path | None:
        if self.cache_dir is None:
            return None
        return self.cache_dir / (hashlib.sha256(url.encode()).hexdigest()[:32] + ".json")

    def get(self, path: str, params: Sequence[tuple[str, str]] | None = None) -> Any:
        query: list[tuple[str, str | int | float | bool | None]] = list(params or [])
        request = self.http.build_request(
            "GET", f"{self.base_url}/{path.lstrip('/')}", params=query
        )
        url = str(request.url)
        cache_file = self._cache_file(url)
        if cache_file is not None and cache_file.exists():
            return json.loads(cache_file.read_text(encoding="utf-8"))
        for attempt in range(self.max_retries + 1):
            if self.limiter is not None:
                self.limiter.wait()
            try:
                response = self.http.send(request)
            except httpx.TransportError as exc:
                if attempt == self.max_retries:
                    raise ApiError(
                        _("No connection to %(url)s: %(error)s") % {"url": url, "error": exc}
                    ) from exc
                self.sleep(self.backoff * 2**attempt)
                continue
            finally:
                self.requests_sent += 1
            if response.status_code in RETRY_STATUSES and attempt < self.max_retries:
                retry_after = response.headers.get("Retry-After", "")
                delay = float(retry_after) if retry_after.isdigit() else self.backoff * 2**attempt
                self.sleep(delay)
                continue
            if response.status_code != 200:
                raise ApiError(
                    _("%(url)s answered HTTP %(status)d.")
                    % {"url": url, "status": response.status_code}
                )
            try:
                data = response.json()
            except ValueError as exc:
                raise ApiError(_("%(url)s did not return JSON.") % {"url": url}) from exc
            if cache_file is not None:
                cache_file.parent.mkdir(parents=True, exist_ok=True)
                cache_file.write_text(json.dumps(data), encoding="utf-8")
            return data
        raise ApiError(
            _("%(url)s: no answer after %(n)d attempts.") % {"url": url, "n": self.max_retries + 1}
        )
