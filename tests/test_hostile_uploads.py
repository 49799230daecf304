"""A corpus of hostile files through every importer: never a server error, nothing written, no
file left on disk without its batch, and a Polish message naming the limit (issue 19).

Importers: the indicator file import, the vet register import, the self-assessment framework
import and the import of another region's results. The big files are made in the test.
"""

import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from lll.core import imports
from lll.core.imports import InvalidFile, open_table
from lll.selfassessment.tests.conftest import world, world_rows  # noqa: F401 - fixtures
from lll.testing import make_user
from tests import hostile


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def files_in(folder: Path) -> list[Path]:
    return [path for path in folder.rglob("*") if path.is_file()] if folder.exists() else []


# ---------------------------------------------------------------------------------------------
# The importers, each driven through its pages as far as the file lets it go


def _follow(client: Client, response: Any, steps: int = 3) -> list[Any]:
    answers = [response]
    while response.status_code == 302 and steps:
        response = client.get(response["Location"])
        answers.append(response)
        steps -= 1
    return answers


def indicators_import(client: Client, name: str, content: bytes) -> list[Any]:
    from lll.indicators.models import Indicator

    indicator = Indicator.objects.get(code="al-participation-4-weeks")
    response = client.post(
        reverse("indicators:import_upload"),
        {"indicator": indicator.pk, "file": SimpleUploadedFile(name, content)},
    )
    return _follow(client, response)


def vet_import(client: Client, name: str, content: bytes) -> list[Any]:
    response = client.post(
        reverse("vet:import_upload"),
        {"kind": "schools", "file": SimpleUploadedFile(name, content)},
    )
    answers = _follow(client, response)
    from lll.vet.models import ImportBatch

    for batch in ImportBatch.objects.all():
        answers.append(client.get(reverse("vet:import_preview", args=[batch.pk])))
    return answers


def two_step(url: str) -> Callable[[Client, str, bytes], list[Any]]:
    def run(client: Client, name: str, content: bytes) -> list[Any]:
        first = client.post(url, {"file": SimpleUploadedFile(name, content)})
        return [first, client.post(url, {"confirm": ""})]  # the confirm step, as a user would

    return run


def written() -> dict[str, int]:
    """What an import could write, counted."""
    from lll.indicators.models import ImportBatch as IndicatorBatch
    from lll.indicators.models import Observation
    from lll.selfassessment.models import ExternalRound, Framework
    from lll.vet.models import ImportBatch as VetBatch
    from lll.vet.models import School

    return {
        "observations": Observation.objects.count(),
        "indicator batches": IndicatorBatch.objects.count(),
        "schools": School.objects.count(),
        "vet batches": VetBatch.objects.count(),
        "frameworks": Framework.objects.count(),
        "external rounds": ExternalRound.objects.count(),
    }


@pytest.fixture
def importers(request: Any, db: None) -> dict[str, tuple[Client, Callable[..., list[Any]]]]:
    office = request.getfixturevalue("world").office  # the self-assessment world, imported above
    analyst = make_user("analityk-wrogi", "analyst")
    secretary = make_user("sekretarz-wrogi", "wrrp_secretary")
    clients = {}
    for key, user in (("indicators", analyst), ("vet", secretary), ("office", office)):
        client = Client(raise_request_exception=False)
        client.force_login(user)
        clients[key] = client
    return {
        "indicators": (clients["indicators"], indicators_import),
        "vet": (clients["vet"], vet_import),
        "framework": (clients["office"], two_step("/samoocena/ramy/import/")),
        "results": (clients["office"], two_step("/samoocena/inne-regiony/")),
    }


@pytest.fixture(scope="module")
def corpus() -> dict[str, tuple[str, bytes, str]]:
    """name: (file name, content, a part of the message the user must see)."""
    from lll.selfassessment.exchange import EXAMPLE_FILE

    return {
        "xml entity": ("wrogi.xlsx", hostile.xml_entity(), "deklarację XML"),
        "zip bomb": ("bomba.xlsx", hostile.zip_bomb(), "więcej niż 200 000 wierszy"),
        "80 MB cell": ("komorka.xlsx", hostile.big_cell(), "więcej niż 32 767 znaków"),
        "deep json": ("gleboki.json", hostile.deep_json(), "głębiej niż 20 poziomów"),
        "long csv cell": ("dluga.csv", hostile.long_cell_csv(), "32 767 znaków"),
        "header only": ("naglowek.csv", hostile.header_only_csv(), "tylko wiersz nagłówka"),
        "second sheet": ("arkusz2.xlsx", hostile.second_sheet(), "na arkuszu „Dane”"),
        "respondents 10^20": (
            "wyniki.json",
            hostile.results_with(EXAMPLE_FILE.read_bytes(), respondents=10**20),
            "większa niż 2 147 483 647",
        ),
    }


# Which importer takes which file (by its type); the framework import also reads XLSX.
CASES = [
    ("indicators", "xml entity"),
    ("indicators", "zip bomb"),
    ("indicators", "80 MB cell"),
    ("indicators", "long csv cell"),
    ("indicators", "header only"),
    ("indicators", "second sheet"),
    ("vet", "xml entity"),
    ("vet", "zip bomb"),
    ("vet", "80 MB cell"),
    ("vet", "deep json"),
    ("vet", "long csv cell"),
    ("vet", "header only"),
    ("vet", "second sheet"),
    ("framework", "xml entity"),
    ("framework", "zip bomb"),
    ("framework", "80 MB cell"),
    ("framework", "deep json"),
    ("results", "deep json"),
    ("results", "respondents 10^20"),
]


@pytest.mark.parametrize(("importer", "case"), CASES)
def test_a_hostile_file_gets_a_message_naming_the_limit_and_leaves_nothing(
    importers, corpus, media, importer, case
):
    client, run = importers[importer]
    name, content, message = corpus[case]
    before = written()
    answers = run(client, name, content)
    assert [a.status_code for a in answers if a.status_code >= 500] == []
    shown = "".join(a.content.decode() for a in answers if a.status_code == 200)
    assert message in shown.replace("\xa0", " ")
    assert written() == before
    assert files_in(media) == []


def test_windows_1250_with_its_first_polish_letter_after_a_megabyte_is_read_as_such(
    importers, media
):
    content = hostile.late_cp1250_csv()
    client, run = importers["indicators"]
    answers = run(client, "pozno.csv", content)
    assert all(a.status_code < 500 for a in answers)
    table = open_table(files_in(media)[0])
    assert list(table.rows())[-1][1] == ["2062", "7", "Łomża"]
    client, run = importers["vet"]
    answers = run(client, "pozno.csv", content)
    assert all(a.status_code < 500 for a in answers)
    assert all("codec" not in a.content.decode() for a in answers)
    from lll.vet.models import ImportBatch

    kept = Path(ImportBatch.objects.get().original_file.path)
    assert list(open_table(kept).rows())[-1][1] == ["2062", "7", "Łomża"]


# ---------------------------------------------------------------------------------------------
# Any bytes at all: a table or an InvalidFile, a JSON value or an InvalidFile, nothing else


@hypothesis_settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(content=st.binary(max_size=3000), suffix=st.sampled_from([".csv", ".xlsx"]))
def test_any_bytes_are_a_table_or_a_polish_refusal(content: bytes, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"plik{suffix}"
        path.write_bytes(content)
        try:
            imports.open_table(path, whole=True)
        except InvalidFile as error:
            assert error.message


@hypothesis_settings(max_examples=150, deadline=None)
@given(
    text=st.recursive(
        st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=5),
        lambda children: (
            st.lists(children, max_size=3)
            | st.dictionaries(st.text(max_size=3), children, max_size=3)
        ),
        max_leaves=40,
    ).map(lambda value: repr(value).replace("'", '"').replace("None", "null"))
    | st.text(alphabet='[]{}",:0123456789eE.-+ntrufalsNIy', max_size=200)
)
def test_any_text_is_json_or_a_polish_refusal(text: str) -> None:
    try:
        imports.parse_json(text.encode())
    except InvalidFile as error:
        assert error.message
