"""What one request costs inside Django, step by step: the cheapest request
(`/api/v1/units?limit=1`), the home page and an indicator page, on a set-up database.

Run:  DATABASE_URL=sqlite:////path/to/set-up.sqlite3 .venv/bin/python -m benchmarks.cheapest_request

Each row adds one change to the one above it; the figures are the median of repeated requests
through Django's whole stack (test client, no HTTP server), and the queries each one runs:
1. as main had it: a new database connection per request, no page cache;
2. persistent connections (CONN_MAX_AGE);
3. the page cache, answering from the cache (lll.core.pagecache: before authentication,
   sessions, messages, history and login throttling run).
The ratios are against row 1 of the same request, measured in the same run.
"""

import argparse
import os
from statistics import median
from typing import Any

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lll.settings")
os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("SECRET_KEY", "benchmark-only-secret-key-not-for-production-0123456789abcdef")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")
django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import override_settings  # noqa: E402

from benchmarks._setup import timed  # noqa: E402

URLS = {
    "cheapest: /api/v1/units?limit=1": "/api/v1/units?limit=1",
    "home /": "/",
    "indicator page": "/wskazniki/al-participation-4-weeks/",
}
WITHOUT_CACHE = [m for m in settings.MIDDLEWARE if m != "lll.core.pagecache.PageCacheMiddleware"]


def measure(url: str, runs: int, conn_max_age: int, cached: bool) -> tuple[float, int]:
    connection.close()
    connection.settings_dict["CONN_MAX_AGE"] = conn_max_age
    middleware = settings.MIDDLEWARE if cached else WITHOUT_CACHE
    with override_settings(MIDDLEWARE=middleware):
        client = Client()
        client.get(url)  # warm: templates, the cache entry
        queries: list[str] = []

        def count(execute: Any, sql: str, *args: Any) -> Any:
            queries.append(sql)
            return execute(sql, *args)

        with connection.execute_wrapper(count):
            client.get(url)
        return median(timed(lambda: client.get(url)) for _ in range(runs)) * 1000, len(queries)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=50)
    options = parser.parse_args()
    steps = [
        ("1. new connection per request, no page cache", 0, False),
        ("2. + persistent connection", 600, False),
        ("3. + page cache (a hit)", 600, True),
    ]
    print(f"database: {connection.vendor}; median of {options.runs} requests\n")
    print("| request | step | ms | queries | ratio to step 1 |")
    print("|---|---|---:|---:|---:|")
    for name, url in URLS.items():
        first = None
        for step, age, cached in steps:
            ms, queries = measure(url, options.runs, age, cached)
            first = first or ms
            print(f"| {name} | {step} | {ms:.2f} | {queries} | {ms / first:.2f} |")


if __name__ == "__main__":
    main()
