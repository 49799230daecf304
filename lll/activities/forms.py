from typing import Any, cast

from django import forms
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lll.coordination.models import Institution, Outcome
from lll.core.forms import checked_upload
from lll.indicators.models import Indicator
from lll.territory.models import Unit
from lll.territory.services import home_region
from lll.vet.models import Occupation

from .models import Activity, Priority, ReportingCycle, TargetGroup, split_codes
from .services import rules


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


def region_units() -> Any:
    region = home_region()
    units = Unit.objects.filter(level__in=("powiat", "gmina")).defer("geometry")
    if region is not None:
        units = units.filter(code__startswith=region.code)
    return units.order_by("code")


class UnitChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.code} {obj.display_name}" if obj.level == "gmina" else obj.display_name


class ActivityForm(forms.ModelForm):
    """An activity; `office` adds the institution, the links and publishing; `cycle` checks the
    dates against the reporting period."""

    priorities = forms.MultipleChoiceField(
        label=gettext_lazy("ZSU 2030 priority areas"),
        choices=Priority.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    target_groups = forms.MultipleChoiceField(
        label=capfirst(gettext_lazy("target groups")),
        choices=TargetGroup.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    units = UnitChoice(
        label=gettext_lazy("Powiats or gminas"),
        queryset=Unit.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=gettext_lazy("Hold Ctrl to choose several."),
    )
    occupation_codes = forms.CharField(
        label=gettext_lazy("Occupations (KZiS codes)"),
        required=False,
        help_text=gettext_lazy(
            "Six-digit codes separated by commas, e.g. 723103. Type the start of a code or a "
            "part of the name to get suggestions; choose one with the arrow keys and Enter."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "off", "data-combobox": ""}),
    )

    class Meta:
        model = Activity
        fields = [
            "institution",
            "partners",
            "title",
            "activity_type",
            "description",
            "priorities",
            "target_groups",
            "whole_region",
            "units",
            "starts_on",
            "ends_on",
            "funding",
            "amount",
            "qualification_code",
            "provider_type",
            "planned_participants",
            "participants",
            "women",
            "men",
            "age_under_25",
            "age_25_49",
            "age_50_64",
            "age_65_plus",
            "hours",
            "completions",
            "passed_exam",
            "certificates",
            "outcomes",
            "indicators",
            "is_published",
        ]
        widgets = {
            "starts_on": DateInput(),
            "ends_on": DateInput(),
            "description": forms.Textarea(attrs={"rows": 3}),
            "partners": forms.SelectMultiple(attrs={"size": 6}),
            "outcomes": forms.SelectMultiple(attrs={"size": 5}),
            "indicators": forms.SelectMultiple(attrs={"size": 5}),
        }

    def __init__(
        self, *args: Any, office: bool, cycle: ReportingCycle | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.cycle = cycle
        cast(forms.ModelMultipleChoiceField, self.fields["units"]).queryset = region_units()
        self.fields["occupation_codes"].widget.attrs["data-combobox"] = reverse(
            "activities:occupation_options"
        )
        partners = cast(forms.ModelMultipleChoiceField, self.fields["partners"])
        partners.queryset = Institution.objects.order_by("name")
        partners.help_text = _(
            "The institutions that carry out the activity with the implementing one; "
            "hold Ctrl to choose several."
        )
        if self.instance.pk:
            self.initial["priorities"] = split_codes(self.instance.priorities)
            self.initial["target_groups"] = split_codes(self.instance.target_groups)
            self.initial["occupation_codes"] = ", ".join(
                o.code for o in self.instance.occupations.all()
            )
        if office:
            fields = self.fields
            cast(
                forms.ModelChoiceField, fields["institution"]
            ).queryset = Institution.objects.order_by("name")
            cast(
                forms.ModelMultipleChoiceField, fields["outcomes"]
            ).queryset = Outcome.objects.filter(
                kind__in=(Outcome.Kind.RECOMMENDATION, Outcome.Kind.DECISION)
            ).select_related("agenda_item__meeting")
            cast(
                forms.ModelMultipleChoiceField, fields["indicators"]
            ).queryset = Indicator.objects.order_by("code")
        else:
            for name in ("institution", "outcomes", "indicators", "is_published"):
                del self.fields[name]

    def clean_occupation_codes(self) -> list[Occupation]:
        found = []
        for code in self.cleaned_data["occupation_codes"].replace(";", ",").split(","):
            code = code.strip()
            if not code:
                continue
            occupation = Occupation.objects.filter(code=code).first()
            if occupation is None:
                raise forms.ValidationError(
                    _("“%(value)s” is not a KZiS occupation code.") % {"value": code[:20]}
                )
            found.append(occupation)
        return found

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        lead = data.get("institution")
        lead_id = lead.pk if lead else self.instance.institution_id
        problem = rules.lead_among_partners(lead_id, data.get("partners") or [])
        if problem:
            self.add_error("partners", problem)
        if not self.errors:
            for field, message in rules.check(data, self.cycle):
                self.add_error(field if field in self.fields else None, message)
        return data

    def values(self) -> dict[str, Any]:
        """The cleaned values as `reporting.save_activity` takes them."""
        data = dict(self.cleaned_data)
        data["occupations"] = data.pop("occupation_codes")
        return data


class CycleForm(forms.ModelForm):
    institutions = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Reporting institutions"),
        queryset=Institution.objects.order_by("name"),
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = ReportingCycle
        fields = ["name", "starts_on", "ends_on", "deadline"]
        widgets = {"starts_on": DateInput(), "ends_on": DateInput(), "deadline": DateInput()}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("The period cannot end before it starts."))
        return data


class InviteForm(forms.Form):
    institution = forms.ModelChoiceField(
        label=gettext_lazy("Institution"), queryset=Institution.objects.order_by("name")
    )
    email = forms.EmailField(label=gettext_lazy("E-mail"))
    first_name = forms.CharField(label=gettext_lazy("First name"), required=False, max_length=100)
    last_name = forms.CharField(label=gettext_lazy("Last name"), required=False, max_length=100)


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Filled report (XLSX or CSV)"),
        help_text=gettext_lazy(
            "The pre-filled file with your changes; nothing is stored if a row has a problem."
        ),
    )

    def clean_file(self) -> Any:
        return checked_upload(self.cleaned_data["file"], (".xlsx", ".csv"))


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label=gettext_lazy("What should the partner correct?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
    )
