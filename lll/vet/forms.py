import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lll.core.dates import long_date
from lll.core.forms import checked_upload
from lll.core.numbers import InvalidValue
from lll.territory.models import Level, Unit

from .models import (
    ForecastEntry,
    ImportKind,
    Occupation,
    Opinion,
    OpinionRequest,
    Outcome,
    SchoolType,
)
from .services import wrrp_meetings
from .services.imports import KINDS
from .services.outcomes import outcome_problems
from .services.school_years import parse_school_year


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class SearchForm(forms.Form):
    q = forms.CharField(label=gettext_lazy("Search"), required=False, max_length=100)


def _school_year(value: str) -> str:
    try:
        return parse_school_year(value)
    except InvalidValue as exc:
        raise forms.ValidationError(str(exc)) from None


class RequestForm(forms.ModelForm):
    start_year = forms.CharField(
        label=capfirst(gettext_lazy("planned start (school year)")),
        max_length=9,
        help_text=gettext_lazy("E.g. 2024/25."),
    )

    class Meta:
        model = OpinionRequest
        fields = [
            "school",
            "occupation",
            "form",
            "start_year",
            "received_on",
            "meeting",
            "justification",
            "employers",
            "training_places",
        ]
        widgets = {
            "received_on": DateInput(),
            "justification": forms.Textarea(attrs={"rows": 3}),
            "employers": forms.Textarea(attrs={"rows": 2}),
            "training_places": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        occupation = self.fields["occupation"]
        occupation.queryset = Occupation.objects.filter(is_school=True)  # type: ignore[attr-defined]
        occupation.help_text = _(
            "Occupations taught in vocational schools (import the list under Imports)."
        )
        meeting = self.fields["meeting"]
        meeting.queryset = wrrp_meetings().order_by("-starts_at")  # type: ignore[attr-defined]
        meeting.label_from_instance = lambda m: (  # type: ignore[attr-defined]
            f"{m} ({long_date(m.starts_at)})"
        )

    def clean_start_year(self) -> str:
        return _school_year(self.cleaned_data["start_year"])

    def clean_received_on(self) -> datetime.date:
        received: datetime.date = self.cleaned_data["received_on"]
        if received > timezone.localdate():
            raise forms.ValidationError(_("A request cannot be received after today."))
        if received.year < 2000:
            raise forms.ValidationError(_("Give a date from 2000 on."))
        return received

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        school, occupation, form = data.get("school"), data.get("occupation"), data.get("form")
        if school and form and form not in (school.school_type, SchoolType.KKZ):
            self.add_error(
                "form",
                _("%(school)s is a school of the type “%(type)s”: choose that form or KKZ.")
                % {"school": school.name, "type": school.get_school_type_display()},
            )
        if school and occupation and data.get("start_year"):
            others = OpinionRequest.objects.filter(school=school, occupation=occupation)
            if self.instance.pk:
                others = others.exclude(pk=self.instance.pk)
            same = others.filter(
                start_year=data["start_year"],
                opinion__in=[Opinion.PENDING, Opinion.POSITIVE, Opinion.NOT_NEEDED],
            ).first()
            valid = others.filter(
                opinion=Opinion.POSITIVE, valid_until__gte=timezone.localdate()
            ).first()
            if same is not None:
                self.add_error(
                    None,
                    _(
                        "This school already has a request for this occupation from %(year)s "
                        "(received on %(received)s, opinion: %(opinion)s)."
                    )
                    % {
                        "year": same.start_year,
                        "received": long_date(same.received_on),
                        "opinion": same.get_opinion_display(),
                    },
                )
            elif valid is not None and valid.valid_until is not None:
                self.add_error(
                    None,
                    _(
                        "The school has a positive opinion for this occupation valid until "
                        "%(until)s (resolution %(resolution)s): no new opinion is needed."
                    )
                    % {
                        "until": long_date(valid.valid_until),
                        "resolution": valid.resolution_number,
                    },
                )
        return data


class OpinionForm(forms.ModelForm):
    class Meta:
        model = OpinionRequest
        fields = ["opinion", "resolution_number", "decided_on", "exemption", "opinion_text"]
        widgets = {"decided_on": DateInput(), "opinion_text": forms.Textarea(attrs={"rows": 12})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["opinion"].choices = [  # type: ignore[attr-defined]
            c for c in Opinion.choices if c[0] != Opinion.PENDING
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("opinion") in (Opinion.POSITIVE, Opinion.NEGATIVE):
            if not data.get("resolution_number"):
                self.add_error("resolution_number", _("Give the number of the resolution."))
            if not data.get("decided_on"):
                self.add_error("decided_on", _("Give the date of the opinion."))
        if data.get("opinion") == Opinion.NOT_NEEDED and not data.get("exemption"):
            self.add_error("exemption", _("Say why no opinion is needed."))
        if data.get("opinion") == Opinion.NOT_NEEDED and not data.get("decided_on"):
            self.add_error("decided_on", _("Give the date of the decision."))
        decided_on = data.get("decided_on")
        if decided_on and decided_on > timezone.localdate():
            self.add_error(
                "decided_on", _("The opinion cannot be dated after today: record it once given.")
            )
        return data


class OutcomeForm(forms.ModelForm):
    school_year = forms.CharField(label=capfirst(gettext_lazy("school year")), max_length=9)

    class Meta:
        model = Outcome
        fields = [
            "school_year",
            "launched",
            "enrolment",
            "reason",
            "reason_note",
            "students",
            "graduates",
            "exam_pass_rate",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.label_suffix = ""  # no colon after the checkbox's label, like the other labels

    def clean_school_year(self) -> str:
        return _school_year(self.cleaned_data["school_year"])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("launched") and data.get("reason"):
            self.add_error("reason", _("A launched direction has no reason for not launching."))
        if not data.get("launched") and data.get("enrolment"):
            self.add_error("enrolment", _("A direction that was not launched has no enrolment."))
        if data.get("school_year"):
            for key, message in outcome_problems(
                self.instance.request,
                data["school_year"],
                enrolment=data.get("enrolment"),
                students=data.get("students"),
                graduates=data.get("graduates"),
                exam_pass_rate=data.get("exam_pass_rate"),
                exclude_pk=self.instance.pk,
            ):
                if key not in self.errors:
                    self.add_error(key, capfirst(message))
        return data


class ForecastForm(forms.ModelForm):
    year = forms.IntegerField(
        label=capfirst(gettext_lazy("year of the forecast")), min_value=2000, max_value=2100
    )

    class Meta:
        model = ForecastEntry
        fields = ["year", "occupation", "unit", "demand", "note"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["occupation"].queryset = Occupation.objects.filter(is_school=True)  # type: ignore[attr-defined]
        self.fields["unit"].queryset = Unit.objects.filter(  # type: ignore[attr-defined]
            level__in=[Level.COUNTRY, Level.VOIVODESHIP]
        )


class UploadForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Data"), choices=ImportKind.choices)
    file = forms.FileField(
        label=gettext_lazy("File (CSV, XLSX or JSON)"),
        help_text=gettext_lazy("The first row names the columns; an RSPO extract may be JSON."),
    )

    def clean_file(self) -> Any:
        return checked_upload(self.cleaned_data["file"], (".csv", ".xlsx", ".json"))


class MappingForm(forms.Form):
    """Which column of the file holds each field; the layout of any file can be set here."""

    def __init__(self, kind: str, header: list[str], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        spec = KINDS[kind]
        choices = [
            ("", _("— none —")),
            *[(str(i), f"{_col(i)}: {h}") for i, h in enumerate(header)],
        ]
        for field in spec.fields:
            self.fields[field.key] = forms.TypedChoiceField(
                label=capfirst(str(field.label)),
                choices=choices,
                required=field.required and not (spec.fixed_year and field.key == "year"),
                coerce=int,
                empty_value=None,
            )
        if spec.fixed_year:
            self.fields["fixed_year"] = forms.IntegerField(
                label=gettext_lazy("Year for every row (when the file has no year column)"),
                required=False,
                min_value=2000,
                max_value=2100,
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "year" in self.fields and data.get("year") is None and not data.get("fixed_year"):
            self.add_error("year", _("Choose the year column or give the year for every row."))
        used: dict[int, str] = {}
        for key, value in data.items():
            if key != "fixed_year" and value is not None:
                if value in used:
                    self.add_error(key, _("This column is already chosen for another field."))
                used[value] = key
        return data


def _col(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


class ReportChoiceForm(forms.Form):
    cohort = forms.TypedChoiceField(label=gettext_lazy("Opinions of the year"), coerce=int)

    def __init__(self, years: list[int], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["cohort"].choices = [(y, y) for y in years]  # type: ignore[attr-defined]
