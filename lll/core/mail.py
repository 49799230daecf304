"""E-mail each recipient their own message over one SMTP connection.

One refused address fails alone; a server that cannot be reached fails every recipient, each
with the server's answer kept, so the sending can be retried later.
"""

import smtplib
from collections.abc import Callable, Sequence
from typing import TypeVar

from django.core.mail import EmailMessage, get_connection

T = TypeVar("T")

MailError = smtplib.SMTPException | OSError


def send_each(
    recipients: Sequence[T],
    message_for: Callable[[T], EmailMessage],
    record: Callable[[T, Exception | None], None],
) -> tuple[int, int]:
    """Send `message_for(r)` to every recipient; `record(r, error)` is called once for each
    (`error` None when the server accepted the message). Returns (sent, failed)."""
    if not recipients:
        return 0, 0
    connection = get_connection(fail_silently=False)
    try:
        connection.open()
    except (smtplib.SMTPException, OSError) as error:
        for recipient in recipients:
            record(recipient, error)
        return 0, len(recipients)
    sent = failed = 0
    try:
        for recipient in recipients:
            try:
                message = message_for(recipient)
                message.connection = connection
                message.send()
            except (smtplib.SMTPException, OSError) as error:
                record(recipient, error)
                failed += 1
            else:
                record(recipient, None)
                sent += 1
    finally:
        connection.close()
    return sent, failed


def error_text(error: Exception | None) -> str:
    """What to keep of a failure: the server's answer, at most 1,000 characters."""
    if error is None:
        return ""
    return str(error)[:1000] or error.__class__.__name__
