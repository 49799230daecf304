"""Fixtures shared by every test: the real reference data and a real SMTP server on loopback.

Reference data, loaded once per session
---------------------------------------
Poland's territory (2,874 units with their boundaries, 1.6 s through `load_territory`) is loaded
once, into the test database itself, by the `django_db_setup` override below; every test sees it
and its own transaction (the `db` fixture) rolls back whatever it changes. `territory` stays as a
fixture that only asks for the database, so the tests still say what they rely on.

The other data sets tests load the same way (the indicator catalogue with the Eurostat series,
the catalogue with every real data file (`real_data`), the occupation classification, the demo
registers) are not in every test's database, because
tests of their loaders and tests that build their own catalogue need the tables empty. Each is
loaded once per session inside a transaction that is rolled back, and its rows are recorded
(`tests.dbsnapshot`); a test asking for it gets the same rows written back in a few milliseconds
instead of running the loader (see the table in docs/performance.md).

Transactional tests (the browser tests with `live_server`, the import-progress tests with threads)
end with Django's flush, which empties every table and re-creates the roles, permissions and
content types through post_migrate. The flush command is wrapped so that it writes the session's
territory back right after (about 0.1 s, against 1.6 s for a reload). We chose this over
restricting the flush to the other tables: TRUNCATE on PostgreSQL refuses a table that a kept
table refers to (the territory's history rows refer to users), and a transactional test that
changed a reference row (a BDL import sets Unit.bdl_id) would leak its change into later tests.
On PostgreSQL the flush deletes instead of truncating (`_delete_instead_of_truncate`): TRUNCATE
makes new files for each of the 135 tables and costs 6-9 s a flush on this machine under load,
DELETE of the few rows a test leaves costs 0.15-0.2 s (measured side by side in one run).
"""

import io
import os
import socket
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from email import message_from_bytes
from email.message import Message
from typing import Any

import openpyxl
import pytest
from aiosmtpd.controller import Controller
from django.conf import settings
from django.core.management import call_command
from django.core.management.commands import flush
from django.db import connection
from pytest_django.fixtures import _set_suffix_to_test_databases
from pytest_django.plugin import DjangoDbBlocker

from lll.coordination.demo import load_demo as load_coordination_demo
from lll.indicators.services.catalogue import load_catalogue
from lll.territory.services import load_territory
from lll.vet.demo import load_demo as load_vet_demo
from lll.vet.services.occupations import load_kzis
from tests.dbsnapshot import Snapshot, apply, capture, snapshot_once, use


def pytest_configure(config: pytest.Config) -> None:
    """Tests make hundreds of accounts: hash their passwords with a fast hasher. PBKDF2's
    1,000,000 rounds cost 0.3-0.5 s per account and were the largest single cost of the suite;
    what the tests check of passwords (set, checked, changed) does not depend on the hasher."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


# The session's own rows, written back after every flush.
_SESSION_DATA: list[Snapshot] = []


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix: None) -> None:
    """LLL_TEST_DB_SUFFIX=name makes the PostgreSQL test database test_postgres_name, so that two
    runs on one server (two worktrees, two engineers) do not drop each other's database."""
    suffix = os.environ.get("LLL_TEST_DB_SUFFIX")
    if suffix:
        _set_suffix_to_test_databases(suffix)


def load_territory_data() -> None:
    load_territory(settings.LLL_DATA_DIR)


def _delete_instead_of_truncate(
    ops: Any,
    style: Any,
    tables: Sequence[str],
    *,
    reset_sequences: bool = False,
    allow_cascade: bool = False,
) -> list[str]:
    """PostgreSQL's flush for tests: DELETE FROM every table in one transaction (the flush
    command runs it atomically; Django's foreign keys are DEFERRABLE INITIALLY DEFERRED, so the
    order does not matter), and the sequences reset where the test asks for it."""
    quote = ops.quote_name
    statements = [f"DELETE FROM {quote(table)};" for table in tables]  # noqa: S608 (table names)
    if reset_sequences:
        with connection.cursor() as cursor:
            sequences = [
                sequence
                for table in tables
                for sequence in connection.introspection.get_sequences(cursor, table)
            ]
        statements += ops.sequence_reset_by_name_sql(style, sequences)
    return statements


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> Iterator[None]:
    """The migrated test database with Poland's territory in it, kept through every flush."""
    with django_db_blocker.unblock():
        territory = capture("territory", load_territory_data)
    _SESSION_DATA.append(territory)

    original = flush.Command.handle

    def flush_keeping_session_data(self: flush.Command, *args: Any, **options: Any) -> Any:
        result = original(self, *args, **options)
        if options.get("database", "default") == "default":
            for snapshot in _SESSION_DATA:
                if not apply(snapshot):
                    raise RuntimeError(f"the flush left rows behind: {snapshot.name}")
        return result

    patch = pytest.MonkeyPatch()
    patch.setattr(flush.Command, "handle", flush_keeping_session_data)
    if connection.vendor == "postgresql":
        patch.setattr(type(connection.ops), "sql_flush", _delete_instead_of_truncate)
    try:
        yield
    finally:
        patch.undo()
        _SESSION_DATA.clear()


@pytest.fixture
def territory(db: None) -> None:
    """Poland's units loaded from ../shared/data, as `make setup` does (loaded for the session)."""


@pytest.fixture
def no_territory(db: None) -> None:
    """No territorial units, as before `lll load_territory`: the session's units are deleted
    inside this test's transaction (and come back when it is rolled back)."""
    from lll.territory.models import Unit

    Unit.history.all()._raw_delete(Unit.history.db)
    Unit.objects.all()._raw_delete(Unit.objects.db)


def load_monitoring() -> None:
    load_catalogue()
    call_command(
        "import", "eurostat", "--file", str(settings.LLL_DATA_DIR / "eurostat_trng_lfse_04_PL.csv")
    )


@pytest.fixture(scope="session")
def monitoring_rows(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> Snapshot:
    return snapshot_once("monitoring", load_monitoring, django_db_blocker)


@pytest.fixture
def monitoring(territory: None, monitoring_rows: Snapshot) -> None:
    """The indicator catalogue and the real Eurostat series, as `make setup` loads them."""
    use(monitoring_rows, load_monitoring)


def load_real_data() -> None:
    """The catalogue and every shipped real data file, as `make setup` loads them."""
    from lll.indicators.services.shipped import load_shipped

    load_catalogue()
    for _batch in load_shipped(settings.LLL_DATA_DIR):
        pass


@pytest.fixture(scope="session")
def real_data_rows(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> Snapshot:
    return snapshot_once("real data", load_real_data, django_db_blocker)


@pytest.fixture
def real_data(territory: None, real_data_rows: Snapshot) -> None:
    """The catalogue with every real GUS and Eurostat file of the data folder (about 26,400
    values in 16 batches), loaded once per session and replayed into the test's database."""
    use(real_data_rows, load_real_data)


def load_occupations() -> None:
    load_kzis(settings.LLL_DATA_DIR)


def load_vet_demo_region() -> None:
    """The demo coordination team, then the WRRP register on it (`make setup`'s order)."""
    load_coordination_demo()
    load_vet_demo()


@pytest.fixture(scope="session")
def occupation_rows(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> Snapshot:
    return snapshot_once("occupations", load_occupations, django_db_blocker)


@pytest.fixture(scope="session")
def demo_rows(django_db_blocker: DjangoDbBlocker, occupation_rows: Snapshot) -> Snapshot:
    return snapshot_once(
        "vet demo", load_vet_demo_region, django_db_blocker, on_top_of=[occupation_rows]
    )


@pytest.fixture
def occupations(territory: None, occupation_rows: Snapshot) -> None:
    """The occupation classification KZiS 2023, as `lll load_occupations` loads it."""
    use(occupation_rows, load_occupations)


@pytest.fixture
def vet_demo(occupations: None, demo_rows: Snapshot) -> None:
    """The demo WRRP register, as `lll load_demo_vet` loads it."""
    use(demo_rows, load_vet_demo_region)


def xlsx_bytes(rows: Sequence[Sequence[object]]) -> bytes:
    """An XLSX workbook with these rows in its first sheet, as Excel would save it."""
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@dataclass
class Mailbox:
    messages: list[Message] = field(default_factory=list)
    # Addresses the server refuses, as a real server refuses an unknown mailbox.
    refused: set[str] = field(default_factory=set)

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, options: Any
    ) -> str:
        if address in self.refused:
            return "550 5.1.1 No such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        message = message_from_bytes(envelope.content)
        message["X-Rcpt-To"] = ", ".join(envelope.rcpt_tos)
        self.messages.append(message)
        return "250 Message accepted for delivery"

    def bodies(self) -> list[str]:
        return [m.get_payload(decode=True).decode() for m in self.messages]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def mailbox(settings: Any) -> Iterator[Mailbox]:
    """A real SMTP server (aiosmtpd) on loopback; Django sends to it over SMTP."""
    box = Mailbox()
    controller = Controller(box, hostname="127.0.0.1", port=_free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    try:
        yield box
    finally:
        controller.stop()
