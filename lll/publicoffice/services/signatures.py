"""A signed copy (PAdES) of an official document, uploaded back from the EZD: pyHanko reads who
signed it and when and checks, offline, that the signed bytes are unchanged. Whether the
signer's certificate is trusted (a qualified certificate, not revoked) needs the network and the
trust lists: the system says "not verified online" instead of guessing."""

import datetime
from dataclasses import dataclass
from io import BytesIO
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.utils.translation import gettext as _
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from lll.core.errors import UserError

from ..models import SignedFile


class NotSigned(UserError):
    """The file is not a PDF with a signature pyHanko can read."""


@dataclass(frozen=True)
class Signature:
    signer: str
    signed_at: datetime.datetime | None
    intact: bool


def read_signatures(content: bytes) -> list[Signature]:
    """Every signature of the PDF: the signer's name (the certificate's subject), the signing
    time the signer declared, and whether the signed bytes are intact. Offline: no trust roots,
    no revocation fetching."""
    try:
        reader = PdfFileReader(BytesIO(content), strict=False)
        embedded = list(reader.embedded_signatures)
    except Exception as error:  # pyHanko raises many kinds for a broken file
        raise NotSigned(
            _("The file is not a PDF that can be read: %(error)s") % {"error": error}
        ) from error
    if not embedded:
        raise NotSigned(_("The file has no electronic signature."))
    found = []
    context = ValidationContext(allow_fetching=False)
    for signature in embedded:
        status = validate_pdf_signature(signature, signer_validation_context=context)
        certificate = signature.signer_cert
        found.append(
            Signature(
                signer=certificate.subject.human_friendly,
                signed_at=signature.self_reported_timestamp,
                intact=bool(status.intact and status.valid),
            )
        )
    return found


@transaction.atomic
def store_signed(
    row: models.Model, document: str, filename: str, content: bytes, user: Any
) -> SignedFile:
    """Read the signatures first (nothing is stored for an unsigned file), then keep the file."""
    signatures = read_signatures(content)
    first = signatures[0]
    signed = SignedFile(
        content_type=ContentType.objects.get_for_model(row),
        object_id=row.pk,
        document=document,
        filename=filename,
        signer="; ".join(s.signer for s in signatures),
        signed_at=first.signed_at,
        intact=all(s.intact for s in signatures),
        uploaded_by=user,
    )
    signed.file.save(filename, ContentFile(content), save=False)
    signed.save()
    return signed
