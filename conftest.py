"""Fixtures shared by every test: the real territory data and a real SMTP server on loopback."""

import io
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

from lll.indicators.services.catalogue import load_catalogue
from lll.territory.services import load_territory


@pytest.fixture
def territory(db: None) -> None:
    """Poland's units loaded from ../shared/data, as `make setup` does."""
    load_territory(settings.LLL_DATA_DIR)


@pytest.fixture
def monitoring(territory: None) -> None:
    """The indicator catalogue and the real Eurostat series, as `make setup` loads them."""
    load_catalogue()
    call_command(
        "import", "eurostat", "--file", str(settings.LLL_DATA_DIR / "eurostat_trng_lfse_04_PL.csv")
    )


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
