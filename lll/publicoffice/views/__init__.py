"""Views of the public-office duties, by section; `urls.py` names them from here."""

from .bodies import (
    public_bodies,
    public_body,
    public_body_edit,
    public_body_feed,
    public_body_json,
    public_minutes,
)
from .documents import (
    official_document,
    official_documents,
    official_metadata,
    official_pdf,
    signed_upload,
)
from .privacy import (
    clause_edit,
    my_data,
    my_data_download,
    privacy,
    register_entry,
    retention_periods,
)
from .statement import accessibility_statement, statement_edit, statement_reviewed

__all__ = [
    "accessibility_statement",
    "clause_edit",
    "my_data",
    "my_data_download",
    "official_document",
    "official_documents",
    "official_metadata",
    "official_pdf",
    "privacy",
    "public_bodies",
    "public_body",
    "public_body_edit",
    "public_body_feed",
    "public_body_json",
    "public_minutes",
    "register_entry",
    "retention_periods",
    "signed_upload",
    "statement_edit",
    "statement_reviewed",
]
