"""What every page of the self-assessment shares: the office's access rule and the form page."""

from functools import partial

from django.conf import settings
from django.utils.html import format_html
from django.utils.translation import get_language

from lll.core.access import requires
from lll.core.pages import form_page as core_form_page

from ..access import MANAGE
from ..models import in_language

manage_only = requires(MANAGE)


# A file import says "Import the file" on its button.
form_page = partial(core_form_page, template="selfassessment/form.html")


def named(polish: str, english: str = "") -> str:
    """A name from a file in the page's language; a Polish name shown on an English page (no
    English version) is marked as Polish, so screen readers read it as such."""
    text = in_language(polish, english)
    if text == polish and get_language() != settings.LANGUAGE_CODE:
        return format_html('<span lang="{}">{}</span>', settings.LANGUAGE_CODE, polish)
    return text
