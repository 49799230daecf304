"""A local HTTP server that answers like the GUS BDL API from the fixture files."""

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest

FIXTURES = Path(__file__).parent / "fixtures"


class BdlServer(ThreadingHTTPServer):
    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), BdlHandler)
        self.requests: list[str] = []
        self.fail_next: list[int] = []  # statuses to answer before the real answers
        self.url = f"http://127.0.0.1:{self.server_address[1]}/api/v1"


class BdlHandler(BaseHTTPRequestHandler):
    server: BdlServer

    def log_message(self, *args: Any) -> None:
        pass

    def _send(self, status: int, body: Any, headers: dict[str, str] | None = None) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self) -> None:
        self.server.requests.append(self.path)
        if self.server.fail_next:
            status = self.server.fail_next.pop(0)
            self._send(status, {"errors": [{"message": "limit"}]}, {"Retry-After": "0"})
            return
        url = urlparse(self.path)
        query = parse_qs(url.query)
        variable = url.path.rstrip("/").split("/")[-1]
        for kind in ("variables", "subjects"):  # metadata: one recorded answer per id
            if url.path.startswith(f"/api/v1/{kind}/"):
                path = FIXTURES / "bdl" / f"{kind}_{variable}.json"
                if path.exists():
                    self._send(200, json.loads(path.read_text(encoding="utf-8")))
                else:
                    self._send(404, {"errors": [{"message": "not found"}]})
                return
        level = query["unit-level"][0]
        parent = query.get("unit-parent-id", [""])[0]
        name = f"{variable}_level{level}" + (f"_parent_{parent}" if parent else "") + ".json"
        path = FIXTURES / "bdl" / name
        if not url.path.startswith("/api/v1/data/by-variable/") or not path.exists():
            self._send(404, {"errors": [{"message": "not found"}]})
            return
        recorded = json.loads(path.read_text(encoding="utf-8"))
        years = set(query.get("year", []))
        results = [
            {**r, "values": [v for v in r["values"] if not years or v["year"] in years]}
            for r in recorded["results"]
        ]
        page, size = int(query.get("page", ["0"])[0]), int(query.get("page-size", ["10"])[0])
        self._send(
            200,
            {
                "totalRecords": len(results),
                "page": page,
                "pageSize": size,
                "links": {},
                "results": results[page * size : (page + 1) * size],
            },
        )


@pytest.fixture
def bdl_server() -> Iterator[BdlServer]:
    server = BdlServer()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture(autouse=True)
def progress_cache(settings: Any, tmp_path: Path) -> Path:
    """Each test keeps import progress in its own file cache, as the worker and the web
    process share `var/progress/` in production."""
    location = tmp_path / "progress"
    settings.CACHES = {
        **settings.CACHES,
        "progress": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(location),
        },
    }
    return location
