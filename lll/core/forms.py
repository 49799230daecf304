from typing import Any

from django import forms
from django.conf import settings
from django.forms.renderers import DjangoTemplates
from django.utils.translation import gettext as _

MAX_UPLOAD_MB: int = getattr(settings, "LLL_MAX_UPLOAD_MB", 50)


class FormRenderer(DjangoTemplates):
    """Renders every form, Django's own included, with the project's accessible field layout."""

    form_template_name = "core/forms/form.html"
    field_template_name = "core/forms/field.html"


def checked_upload(upload: Any, suffixes: tuple[str, ...], wrong_type: Any = "") -> Any:
    """Refuse an uploaded file of another type (saying which types are accepted, unless
    `wrong_type` says it better) or one above the size limit."""
    if not upload.name.lower().endswith(suffixes):
        raise forms.ValidationError(
            wrong_type
            or _("This type of file is not accepted; allowed: %(types)s.")
            % {"types": ", ".join(suffixes)}
        )
    if upload.size > MAX_UPLOAD_MB * 1024 * 1024:
        raise forms.ValidationError(_("The file is larger than %(mb)d MB.") % {"mb": MAX_UPLOAD_MB})
    return upload
