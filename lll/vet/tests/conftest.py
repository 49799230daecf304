"""Fixtures of the vocational-education tests: the demo register and files the tests build."""

from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile

from lll.accounts.models import User
from lll.coordination.demo import load_demo as load_coordination_demo
from lll.vet.demo import load_demo
from lll.vet.models import ImportBatch
from lll.vet.services import imports
from lll.vet.services.occupations import load_kzis


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def occupations(territory: None) -> None:
    load_kzis(settings.LLL_DATA_DIR)


@pytest.fixture
def demo(occupations: None) -> None:
    load_coordination_demo()
    load_demo()


@pytest.fixture
def secretary(db: None) -> User:
    user = User.objects.create_user("sekretarz", password="Haslo-sekretarza-1")
    user.groups.add(Group.objects.get(name="wrrp_secretary"))
    return user


def make_batch(kind: str, name: str, content: bytes, **mapping: int | None) -> ImportBatch:
    """An uploaded file with its columns guessed from the header (and any given overrides)."""
    batch = ImportBatch(kind=kind)
    batch.keep_file(name, ContentFile(content))
    sheet = imports.read_sheet(Path(batch.original_file.path))
    batch.column_mapping = {**imports.guess_mapping(kind, sheet.header), **mapping}
    batch.save()
    return batch
