import zipfile
from typing import Any

from django import forms
from django.conf import settings
from django.forms.renderers import DjangoTemplates
from django.utils.translation import gettext as _

MAX_UPLOAD_MB: int = getattr(settings, "LLL_MAX_UPLOAD_MB", 50)

# What the content of each accepted type starts with, or the part its ZIP package must hold.
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the old Office files: .doc, .xls, .ppt
SIGNATURES: dict[str, tuple[bytes, ...]] = {
    ".pdf": (b"%PDF-",),
    ".doc": (OLE2,),
    ".xls": (OLE2,),
    ".ppt": (OLE2,),
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
}
PACKAGE_PARTS: dict[str, str] = {
    ".docx": "word/document.xml",
    ".xlsx": "xl/workbook.xml",
    ".pptx": "ppt/presentation.xml",
    ".odt": "content.xml",
    ".ods": "content.xml",
    ".odp": "content.xml",
}
TEXT_TYPES = (".csv", ".json")


class FormRenderer(DjangoTemplates):
    """Renders every form, Django's own included, with the project's accessible field layout."""

    form_template_name = "core/forms/form.html"
    field_template_name = "core/forms/field.html"


def _content_matches(upload: Any, suffix: str) -> bool:
    upload.seek(0)
    try:
        if suffix in SIGNATURES:
            head = upload.read(16)
            return any(head.startswith(signature) for signature in SIGNATURES[suffix])
        if suffix in PACKAGE_PARTS:
            try:
                with zipfile.ZipFile(upload) as package:
                    return PACKAGE_PARTS[suffix] in package.namelist()
            except (zipfile.BadZipFile, OSError, ValueError):
                return False
        if suffix in TEXT_TYPES:
            # A text file holds no NUL bytes; a binary file renamed to .csv does.
            return b"\x00" not in upload.read(64 * 1024)
        return True
    finally:
        upload.seek(0)


def check_content(upload: Any) -> None:
    """The file is what its name says: a PDF starts with %PDF-, a DOCX/XLSX/PPTX/ODF is a ZIP
    package with its main part, a CSV or JSON is text. A file only renamed is refused."""
    suffix = "." + upload.name.lower().rsplit(".", 1)[-1] if "." in upload.name else ""
    if not _content_matches(upload, suffix):
        raise forms.ValidationError(
            _(
                "The file is not a valid %(type)s file: its content does not match its name, "
                "or it is damaged."
            )
            % {"type": suffix.lstrip(".").upper()}
        )


def checked_upload(upload: Any, suffixes: tuple[str, ...], wrong_type: Any = "") -> Any:
    """Refuse an uploaded file of another type (saying which types are accepted, unless
    `wrong_type` says it better), one whose content does not match its name, or one above the
    size limit."""
    if not upload.name.lower().endswith(suffixes):
        raise forms.ValidationError(
            wrong_type
            or _("This type of file is not accepted; allowed: %(types)s.")
            % {"types": ", ".join(suffixes)}
        )
    if upload.size > MAX_UPLOAD_MB * 1024 * 1024:
        raise forms.ValidationError(_("The file is larger than %(mb)d MB.") % {"mb": MAX_UPLOAD_MB})
    check_content(upload)
    return upload
