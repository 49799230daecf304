"""What the coordination pages share: the one edit page every form is shown on."""

from functools import partial

from lll.core.pages import form_page

# The agenda item's page adds its move and delete forms below the form.
edit_page = partial(form_page, template="coordination/form.html")
