"""An import is checked, shown, and stored only when the office confirms it. Between the two
steps the file waits in the session (they are small: a framework or a round's numbers)."""

import base64

from django.http import HttpRequest
from django.utils.translation import gettext as _

MAX_PENDING_BYTES = 2 * 1024 * 1024


def pending(request: HttpRequest, kind: str) -> tuple[str, bytes] | None:
    stored = request.session.get(f"selfassessment-import-{kind}")
    if not stored:
        return None
    return stored["name"], base64.b64decode(stored["content"])


def keep_pending(request: HttpRequest, kind: str, name: str, content: bytes) -> None:
    request.session[f"selfassessment-import-{kind}"] = {
        "name": name,
        "content": base64.b64encode(content).decode(),
    }


def drop_pending(request: HttpRequest, kind: str) -> None:
    request.session.pop(f"selfassessment-import-{kind}", None)


def too_big(content: bytes) -> list[str]:
    if len(content) > MAX_PENDING_BYTES:
        return [_("The file is larger than %(mb)d MB.") % {"mb": MAX_PENDING_BYTES // 1024 // 1024}]
    return []
