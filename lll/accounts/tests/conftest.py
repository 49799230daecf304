from pathlib import Path
from typing import Any

import pytest


@pytest.fixture(autouse=True)
def shared_cache(settings: Any, tmp_path: Path) -> None:
    """Each test counts password-reset e-mails in its own cache (the processes share files
    under var/progress/ in production), so runs do not add up."""
    settings.CACHES = {
        **settings.CACHES,
        "progress": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path / "shared-cache"),
        },
    }
