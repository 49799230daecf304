from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lll.core.forms import checked_upload

from .models import AccessibilityStatement, InformationClause, PublicBody, RegistryData

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class StatementForm(forms.ModelForm[AccessibilityStatement]):
    service_url = forms.URLField(
        label=_("address of the website"), max_length=300, assume_scheme="https"
    )

    class Meta:
        model = AccessibilityStatement
        fields = [
            "entity",
            "service_name",
            "service_url",
            "published_on",
            "updated_on",
            "compliance",
            "non_accessible",
            "exemptions",
            "prepared_on",
            "reviewed_on",
            "prepared_by",
            "shortcuts",
            "contact_person",
            "contact_email",
            "contact_phone",
            "architectural",
            "apps",
        ]
        widgets = {
            "published_on": DATE,
            "updated_on": DATE,
            "prepared_on": DATE,
            "reviewed_on": DATE,
            "non_accessible": forms.Textarea(attrs={"rows": 4}),
            "exemptions": forms.Textarea(attrs={"rows": 3}),
            "shortcuts": forms.Textarea(attrs={"rows": 2}),
            "architectural": forms.Textarea(attrs={"rows": 5}),
            "apps": forms.Textarea(attrs={"rows": 2}),
        }


class ClauseForm(forms.ModelForm[InformationClause]):
    class Meta:
        model = InformationClause
        fields = [
            "text",
            "controller",
            "dpo_contact",
            "legal_basis",
            "data_subjects",
            "data_categories",
            "recipients",
            "transfers",
            "retention",
            "security",
        ]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 10}),
            "security": forms.Textarea(attrs={"rows": 3}),
        }


class PublicBodyForm(forms.ModelForm[PublicBody]):
    class Meta:
        model = PublicBody
        fields = ["is_public", "published_by"]


class RegistryForm(forms.ModelForm[RegistryData]):
    class Meta:
        model = RegistryData
        fields = ["case_number", "jrwa_class"]


class SignedFileForm(forms.Form):
    file = forms.FileField(label=_("Signed PDF (PAdES)"))

    def clean_file(self) -> Any:
        return checked_upload(self.cleaned_data["file"], (".pdf",))


class RetentionForm(forms.Form):
    """One field per kind of record: how many months it is kept."""

    def __init__(self, *args: Any, periods: list[tuple[str, str, int]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for key, label, months in periods:
            self.fields[key] = forms.IntegerField(
                label=label, min_value=1, max_value=1200, initial=months
            )
