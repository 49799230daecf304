from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Level


class UnitSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Name or TERYT code"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    level = forms.ChoiceField(
        label=_("Level"), required=False, choices=[("", _("all levels")), *Level.choices]
    )
