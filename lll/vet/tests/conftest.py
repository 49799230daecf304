"""Fixtures of the vocational-education tests: the demo register and files the tests build."""

from pathlib import Path
from typing import Any

import pytest
from django.core.files.base import ContentFile

from lll.accounts.models import User
from lll.testing import make_user
from lll.vet.models import ImportBatch
from lll.vet.services import imports


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def demo(vet_demo: None) -> None:
    """The demo WRRP register (the `vet_demo` fixture of conftest.py at the root)."""


@pytest.fixture
def secretary(db: None) -> User:
    return make_user("sekretarz", "wrrp_secretary", password="Haslo-sekretarza-1", email="")


def make_batch(kind: str, name: str, content: bytes, **mapping: int | None) -> ImportBatch:
    """An uploaded file with its columns guessed from the header (and any given overrides)."""
    batch = ImportBatch(kind=kind)
    batch.keep_file(name, ContentFile(content))
    sheet = imports.read_sheet(Path(batch.original_file.path))
    batch.column_mapping = {**imports.guess_mapping(kind, sheet.header), **mapping}
    batch.save()
    return batch
