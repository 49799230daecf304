"""What every page of the self-assessment shares: the office's access rule and the form page."""

from functools import partial

from lll.core.access import requires
from lll.core.pages import form_page as core_form_page

from ..access import MANAGE

manage_only = requires(MANAGE)


# A file import says "Import the file" on its button.
form_page = partial(core_form_page, template="selfassessment/form.html")
