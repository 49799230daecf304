"""Fixtures of the vocational-education tests: the demo register and files the tests build."""

from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from pytest_django.plugin import DjangoDbBlocker

from lll.accounts.models import User
from lll.testing import make_user
from lll.vet.demo import load_demo
from lll.vet.models import ImportBatch
from lll.vet.services import imports
from lll.vet.services.occupations import load_kzis
from tests.dbsnapshot import Snapshot, snapshot_once, use


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def load_occupations() -> None:
    load_kzis(settings.LLL_DATA_DIR)


# Loaded once per session and replayed into each test (conftest.py at the root says how).
@pytest.fixture(scope="session")
def occupation_rows(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> Snapshot:
    return snapshot_once("occupations", load_occupations, django_db_blocker)


@pytest.fixture(scope="session")
def demo_rows(django_db_blocker: DjangoDbBlocker, occupation_rows: Snapshot) -> Snapshot:
    return snapshot_once("vet demo", load_demo, django_db_blocker, on_top_of=[occupation_rows])


@pytest.fixture
def occupations(territory: None, occupation_rows: Snapshot) -> None:
    """The occupation classification KZiS 2023, as `lll load_occupations` loads it."""
    use(occupation_rows, load_occupations)


@pytest.fixture
def demo(occupations: None, demo_rows: Snapshot) -> None:
    """The demo WRRP register, as `lll load_demo_vet` loads it."""
    use(demo_rows, load_demo)


@pytest.fixture
def secretary(db: None) -> User:
    return make_user("sekretarz", "wrrp_secretary", password="Haslo-sekretarza-1", email="")


def make_batch(kind: str, name: str, content: bytes, **mapping: int | None) -> ImportBatch:
    """An uploaded file with its columns guessed from the header (and any given overrides)."""
    batch = ImportBatch(kind=kind, file_name=name)
    batch.file.save(name, ContentFile(content), save=False)
    sheet = imports.read_sheet(Path(batch.file.path))
    batch.mapping = {**imports.guess_mapping(kind, sheet.header), **mapping}
    batch.save()
    return batch
