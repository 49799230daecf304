"""A throwaway test database for the benchmarks, on DATABASE_URL's engine (file-backed SQLite)."""

import os
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from statistics import median

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lll.settings")
django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402


@contextmanager
def benchmark_database() -> Iterator[str]:
    """Create a fresh migrated database, yield its vendor, drop it afterwards."""
    setup_test_environment()
    with tempfile.TemporaryDirectory() as folder:
        if connection.vendor == "sqlite":
            # An in-memory test database would flatter SQLite; use a file like production.
            connection.settings_dict["TEST"]["NAME"] = os.path.join(folder, "bench.db")
        else:  # a name of its own, so benchmarks run at once on one server never collide
            connection.settings_dict["TEST"]["NAME"] = f"test_bench_{os.getpid()}"
        old_name = connection.creation.create_test_db(verbosity=0)
        try:
            yield connection.vendor
        finally:
            connection.creation.destroy_test_db(old_name, verbosity=0)


def timed(work: Callable[[], object]) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def median_ms(work: Callable[[], object], runs: int) -> float:
    work()  # warm caches
    return median(timed(work) for _ in range(runs)) * 1000
