"""Serve the front-end packages installed by npm (package.json) as static files.

Only the files listed here are exposed, under `vendor/`, so collectstatic copies a few dozen
files instead of every build artefact in node_modules.
"""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.staticfiles.finders import BaseFinder
from django.core.checks import CheckMessage, Error
from django.core.files.storage import FileSystemStorage

# static path under vendor/ -> path inside node_modules
VENDOR_FILES = {
    "vendor/bootstrap/bootstrap.min.css": "bootstrap/dist/css/bootstrap.min.css",
    "vendor/bootstrap/bootstrap.bundle.min.js": "bootstrap/dist/js/bootstrap.bundle.min.js",
    "vendor/htmx/htmx.min.js": "htmx.org/dist/htmx.min.js",
    "vendor/vega/vega.min.js": "vega/build/vega.min.js",
    "vendor/vega-lite/vega-lite.min.js": "vega-lite/build/vega-lite.min.js",
    "vendor/vega-embed/vega-embed.min.js": "vega-embed/build/vega-embed.min.js",
    # Written from the packages by scripts/vendor-css.mjs (npm ci's postinstall): vega-embed and
    # vega-tooltip would otherwise inject them as <style> elements, which the CSP blocks.
    "vendor/vega-embed/vega-embed.css": ".lll/vega-embed.css",
    "vendor/vega-tooltip/vega-tooltip.css": ".lll/vega-tooltip.css",
}


class NodeModulesFinder(BaseFinder):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.root = Path(settings.NODE_MODULES_DIR)

    def check(self, **kwargs: Any) -> list[CheckMessage]:
        missing = [src for src in VENDOR_FILES.values() if not (self.root / src).is_file()]
        if missing:
            return [
                Error(
                    f"Front-end packages are missing from {self.root}: {', '.join(missing)}",
                    hint="Run `make install` (npm ci and its postinstall; make setup does it).",
                    id="lll.E001",
                )
            ]
        return []

    def find(  # type: ignore[override]
        self, path: str, find_all: bool = False, **kwargs: Any
    ) -> str | list[str]:
        source = VENDOR_FILES.get(path)
        if source is None:
            return [] if find_all else ""
        full = str(self.root / source)
        return [full] if find_all else full

    def list(self, ignore_patterns: Any) -> Iterator[tuple[str, FileSystemStorage]]:
        for static_path, source in VENDOR_FILES.items():
            # A storage rooted at the file's directory yields a name that collectstatic
            # copies under its static path's directory.
            directory = self.root / Path(source).parent
            storage = FileSystemStorage(location=str(directory))
            storage.prefix = str(Path(static_path).parent)  # type: ignore[attr-defined]
            yield Path(source).name, storage
