"""Server time of the monitoring pages and the API with millions of observations loaded.

Run:  DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \
      .venv/bin/python -m benchmarks.monitoring_queries [--observations 5000000]

Setup: the real territory and catalogue, plus generated yearly indicators for Poland, the 16
voivodeships and all 380 powiats over 25 years, written with the import's own upsert path,
until the table holds the requested number of observations.
Measured with Django's test client (the whole request, templates and chart specs included),
median of repeated requests after a warm-up. Baseline in the same run: the cheapest request
through the same stack (one unit from the API), so the ratios show what each page adds.
"""

import argparse
from functools import partial

from django.conf import settings
from django.db import connection
from django.test import Client

from benchmarks._setup import benchmark_database, median_ms, timed
from lll.indicators.models import Indicator, Observation, Source
from lll.indicators.services.catalogue import load_catalogue
from lll.indicators.services.observations import upsert_observations
from lll.territory.models import Level, Unit
from lll.territory.services import load_territory

YEARS = [str(year) for year in range(2000, 2025)]


def fill(target: int) -> int:
    units = list(Unit.objects.exclude(level=Level.GMINA).values_list("pk", flat=True))
    per_indicator = len(units) * len(YEARS)
    count = 0
    number = 0
    while count < target:
        number += 1
        indicator = Indicator.objects.create(
            code=f"bench-{number:04d}",
            name_pl=f"Wskaźnik testowy {number}",
            name_en=f"Benchmark indicator {number}",
            unit_of_measure="%",
            published=True,
            source=Source.OFFICE,
            levels=["country", "voivodeship", "powiat"],
            polarity="higher",
        )
        rows = (
            (
                indicator.pk,
                unit,
                year,
                (unit * 31 + number * 7 + i) % 1000 / 10,
                False,
                False,
                False,
                "",
                i,
            )
            for i, (unit, year) in enumerate(((u, y) for u in units for y in YEARS), start=1)
        )
        upsert_observations(rows, None)
        count += per_indicator
    return count


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--observations", type=int, default=5_000_000)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    with benchmark_database() as vendor:
        load_territory(settings.LLL_DATA_DIR)
        load_catalogue()
        seconds = timed(lambda: fill(args.observations))
        if vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        total = Observation.objects.count()
        print(f"database: {vendor}; observations: {total:,} (loaded in {seconds:.0f} s)")
        client = Client()
        pages = {
            "baseline: GET /api/v1/units?limit=1": "/api/v1/units?limit=1",
            "indicator page, powiat map + ranking + time series": (
                "/wskazniki/bench-0001/?scope=powiats&period=2024&unit=2005"
            ),
            "indicator page, voivodeship map": "/wskazniki/bench-0001/?scope=voivodeships",
            "unit profile, powiat hajnowski (first page: 50 of its 534 indicators)": (
                "/wskazniki/profil/2005/"
            ),
            "unit profile, powiat hajnowski, last page": "/wskazniki/profil/2005/?page=11",
            "API observations, 10,000 rows as CSV": (
                "/api/v1/observations?level=powiat&format=csv&limit=10000"
            ),
        }
        for path in pages.values():
            response = client.get(path)
            assert response.status_code == 200, (path, response.status_code)
            if response.streaming:
                lines = b"".join(response.streaming_content).count(b"\n")  # type: ignore[attr-defined]
                assert lines == 10_001, lines

        def request(path: str) -> None:
            response = client.get(path)
            if response.streaming:
                b"".join(response.streaming_content)  # type: ignore[attr-defined]

        baseline = None
        for label, path in pages.items():
            ms = median_ms(partial(request, path), args.runs)
            baseline = baseline or ms
            print(f"{label}: median {ms:.1f} ms ({ms / baseline:.1f}x baseline)")


if __name__ == "__main__":
    main()
