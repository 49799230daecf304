"""What the consultation pages share: the one form page every form is shown on."""

from functools import partial

from lll.core.pages import form_page as core_form_page

# A comment's answer shows the comment above the form.
form_page = partial(core_form_page, template="consultations/form.html")
