"""A lease on background work, so that work whose worker died does not stay "running" for ever.

The task holds the lease while it works (`held(name)`): a thread renews it every
`LLL_TASK_HEARTBEAT_SECONDS` (5 s) until the work ends, whatever the work does meanwhile (a COPY
that holds the database connection, a long transaction). The renewals go to the "progress"
cache, which the worker and the web process share (`settings.CACHES`), never to the database:
the work's own transaction would hide them until it ends.

When the worker's process is killed (a deploy, the OOM killer, a reboot) the renewals stop. A page
showing the work asks `expired(name)`: a lease not renewed for `LLL_TASK_LEASE_SECONDS` (60 s)
means nobody is doing the work any more; the page marks it failed with a message and offers
to retry or cancel it. The work's transaction died with the process, so nothing was written.
Work that has not started yet (no worker has taken it) holds no lease and is not expired.
"""

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.core.cache import caches

CACHE = "progress"
KEEP = 7 * 24 * 3600  # a dead lease stays readable this long (then the work looks unstarted)


def heartbeat_seconds() -> float:
    return float(getattr(settings, "LLL_TASK_HEARTBEAT_SECONDS", 5))


def lease_seconds() -> float:
    return float(getattr(settings, "LLL_TASK_LEASE_SECONDS", 60))


def _key(name: str) -> str:
    return f"lll:lease:{name}"


def renew(name: str) -> None:
    caches[CACHE].set(_key(name), time.time(), timeout=KEEP)


def release(name: str) -> None:
    caches[CACHE].delete(_key(name))


@contextmanager
def held(name: str) -> Iterator[None]:
    """Hold the lease while the block runs; released at its end (also on an error)."""
    renew(name)
    stop = threading.Event()

    def beat() -> None:
        while not stop.wait(heartbeat_seconds()):
            renew(name)

    thread = threading.Thread(target=beat, name=f"lease {name}", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()
        release(name)


def expired(name: str) -> bool:
    """Whether work that took the lease stopped renewing it (its worker is gone)."""
    renewed = caches[CACHE].get(_key(name))
    return isinstance(renewed, float) and time.time() - renewed > lease_seconds()


def is_held(name: str) -> bool:
    """Whether some worker holds the lease now (renewed within the lease time)."""
    renewed = caches[CACHE].get(_key(name))
    return isinstance(renewed, float) and time.time() - renewed <= lease_seconds()
