"""What does the archival PDF/A-2b cost against the tagged PDF/UA-1 the pages offer?

Run: .venv/bin/python -m benchmarks.pdfa_render   (DATABASE_URL picks SQLite or PostgreSQL)

The demo WZK's approved minutes of 27 June 2024 rendered both ways in the same run: median time
of 5 renders and the file size. Baseline: `coordination.documents.render_pdf` (PDF/UA-1).
"""

from benchmarks._setup import benchmark_database, median_ms
from lll.coordination.demo import load_demo
from lll.coordination.documents import render_pdf
from lll.coordination.models import Minutes
from lll.core.documents import pdf
from lll.territory.services import load_territory


def main() -> None:
    from django.conf import settings

    with benchmark_database() as vendor:
        load_territory(settings.LLL_DATA_DIR)
        load_demo()
        minutes = Minutes.objects.filter(status=Minutes.Status.APPROVED).order_by("-dated").first()
        assert minutes is not None

        def archival() -> bytes:
            with pdf.archival():
                return render_pdf(minutes)

        ua_ms = median_ms(lambda: render_pdf(minutes), 5)
        a_ms = median_ms(archival, 5)
        ua_size, a_size = len(render_pdf(minutes)), len(archival())
        print(f"database: {vendor}; minutes of {minutes.meeting}")
        print(f"PDF/UA-1 (baseline): {ua_ms:7.0f} ms  {ua_size / 1024:7.1f} KiB")
        print(f"PDF/A-2b:            {a_ms:7.0f} ms  {a_size / 1024:7.1f} KiB")
        print(f"ratio time {a_ms / ua_ms:.2f}, size {a_size / ua_size:.2f}")


if __name__ == "__main__":
    main()
