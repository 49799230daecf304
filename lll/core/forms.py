from django.forms.renderers import DjangoTemplates


class FormRenderer(DjangoTemplates):
    """Renders every form, Django's own included, with the project's accessible field layout."""

    form_template_name = "core/forms/form.html"
    field_template_name = "core/forms/field.html"
