from typing import Any

from django import forms
from django.db.models import Case, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lll.coordination.forms import DateInput, _choices_from
from lll.coordination.models import Body, Meeting, Person
from lll.core.forms import checked_upload
from lll.core.text import polish_key
from lll.indicators.models import Indicator
from lll.territory.models import Unit

from .models import Area, Criterion, Framework, Level, Priority, Round

EVIDENCE_TYPES = (
    ".pdf",
    ".docx",
    ".doc",
    ".xlsx",
    ".xls",
    ".odt",
    ".ods",
    ".pptx",
    ".png",
    ".jpg",
    ".jpeg",
)
DONT_KNOW = "dk"


class FrameworkForm(forms.ModelForm):
    class Meta:
        model = Framework
        fields = ["code", "name_pl", "name_en", "description_pl", "description_en"]
        widgets = {
            "description_pl": forms.Textarea(attrs={"rows": 3}),
            "description_en": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["code"]

    def clean_code(self) -> str:
        code: str = self.cleaned_data["code"]
        if Framework.objects.filter(code=code).exists():
            raise forms.ValidationError(_("A framework with this code exists; edit it instead."))
        return code


class LevelForm(forms.ModelForm):
    class Meta:
        model = Level
        fields = ["name_pl", "name_en", "descriptor_pl", "descriptor_en"]
        widgets = {
            "descriptor_pl": forms.Textarea(attrs={"rows": 3}),
            "descriptor_en": forms.Textarea(attrs={"rows": 3}),
        }


class AreaForm(forms.ModelForm):
    class Meta:
        model = Area
        fields = ["code", "name_pl", "name_en", "short_pl", "short_en"]

    def clean_code(self) -> str:
        code: str = self.cleaned_data["code"].strip()
        others = Area.objects.filter(framework=self.instance.framework, code=code)
        if others.exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("Another area of this framework has this code."))
        return code


class CriterionForm(forms.ModelForm):
    indicators = forms.ModelMultipleChoiceField(
        Indicator.objects.order_by("name_pl"),
        label=_("Linked indicators"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Their latest values for the region are shown beside the criterion."),
    )

    class Meta:
        model = Criterion
        fields = [
            "code",
            "statement_pl",
            "statement_en",
            "guidance_pl",
            "guidance_en",
            "evidence_pl",
            "evidence_en",
            "indicators",
        ]
        widgets = {
            name: forms.Textarea(attrs={"rows": 2})
            for name in (
                "statement_pl",
                "statement_en",
                "guidance_pl",
                "guidance_en",
                "evidence_pl",
                "evidence_en",
            )
        }

    def clean_code(self) -> str:
        code: str = self.cleaned_data["code"].strip()
        others = Criterion.objects.filter(area__framework=self.instance.area.framework, code=code)
        if others.exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("Another criterion of this framework has this code."))
        return code


class FrameworkFileForm(forms.Form):
    file = forms.FileField(label=_("Framework file (JSON or XLSX)"))

    def clean_file(self) -> Any:
        return checked_upload(self.cleaned_data["file"], (".json", ".xlsx"))


def in_polish_order(queryset: Any, name: Any) -> Any:
    """The queryset ordered the Polish way (Ł after L, Ś after S), for choice lists."""
    pks = [obj.pk for obj in sorted(queryset, key=lambda obj: polish_key(name(obj)))]
    if not pks:
        return queryset
    return queryset.filter(pk__in=pks).order_by(
        Case(*[When(pk=pk, then=Value(i)) for i, pk in enumerate(pks)])
    )


class _Deadline(forms.ModelForm):
    """A deadline set or moved now is not in the past: nobody could answer before it. An old
    round keeps its past deadline when only its title changes."""

    def clean_closes_on(self) -> Any:
        day = self.cleaned_data.get("closes_on")
        if day and day < timezone.localdate() and day != self.initial.get("closes_on"):
            raise forms.ValidationError(
                _("The deadline for answers cannot be in the past: nobody could answer.")
            )
        return day


class RoundForm(_Deadline):
    add_members = forms.BooleanField(
        label=_("Add the team's current members as respondents"),
        required=False,
        initial=True,
        label_suffix="",
    )

    class Meta:
        model = Round
        fields = ["framework", "title", "region", "period", "body", "closes_on"]
        widgets = {"closes_on": DateInput()}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        regions = Unit.objects.filter(level="voivodeship")
        _choices_from(self, "region", in_polish_order(regions, lambda u: u.name))
        _choices_from(self, "body", in_polish_order(Body.objects.all(), lambda b: b.name))
        self.fields["body"].required = True
        # Full names, as in the consultation forms: "Wojewódzki Zespół Koordynacji", not "WZK".
        self.fields["body"].label_from_instance = lambda body: body.name  # type: ignore[attr-defined]
        self.fields["body"].help_text = _(
            "Its current members become the respondents; invite more people on the round's page."
        )
        _choices_from(self, "framework", Framework.objects.order_by("code", "-version"))


class RoundEditForm(_Deadline):
    """The framework, region and team stay as the round was opened; answers refer to them."""

    class Meta:
        model = Round
        fields = ["title", "period", "closes_on"]
        widgets = {"closes_on": DateInput()}


class RespondentForm(forms.Form):
    person = forms.ModelChoiceField(
        Person.objects.filter(erased_at__isnull=True).select_related("institution"),
        label=_("Person"),
        help_text=_(
            "A member of the team or an invited stakeholder; add new people in Coordination."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        people = self.fields["person"].queryset  # type: ignore[attr-defined]
        _choices_from(
            self, "person", in_polish_order(people, lambda p: f"{p.last_name} {p.first_name}")
        )


class AnswerForm(forms.Form):
    """One criterion: a level, "don't know" or nothing yet; a comment and evidence."""

    rating = forms.ChoiceField(
        label=_("Rating"),
        required=False,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
    )
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    evidence_link = forms.URLField(
        label=_("Evidence: link"), required=False, max_length=500, assume_scheme="https"
    )
    evidence_file = forms.FileField(label=_("Evidence: file"), required=False)
    remove_file = forms.BooleanField(label=_("Remove the attached file"), required=False)

    def __init__(self, *args: Any, levels: list[Level], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(str(lv.value), f"{lv.value} – {lv.name}") for lv in levels]
        self.fields["rating"].choices = [  # type: ignore[attr-defined]
            *choices,
            (DONT_KNOW, _("don't know")),
            ("", _("not answered yet")),
        ]

    def clean_evidence_file(self) -> Any:
        upload = self.cleaned_data.get("evidence_file")
        return checked_upload(upload, EVIDENCE_TYPES) if upload else None

    def full_clean(self) -> None:
        super().full_clean()
        # The radio buttons are rendered by their widget: point them at their error text.
        if self.is_bound and "rating" in self.errors:
            self.fields["rating"].widget.attrs.update(
                {
                    "aria-invalid": "true",
                    "aria-describedby": f"{self['rating'].auto_id}-error",
                }
            )


class ConsensusForm(forms.Form):
    note = forms.CharField(
        label=_("Summary of the discussion"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, areas: list[Area], levels: list[Level], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", "—"), *[(str(lv.value), f"{lv.value} – {lv.name}") for lv in levels]]
        self.areas = areas
        for area in areas:
            self.fields[f"rating_{area.pk}"] = forms.TypedChoiceField(
                label=_("Consensus rating"),
                choices=choices,
                required=False,
                coerce=int,
                empty_value=None,
            )
            self.fields[f"note_{area.pk}"] = forms.CharField(
                label=_("Justification"), required=False, max_length=1000
            )


class PriorityForm(forms.ModelForm):
    class Meta:
        model = Priority
        fields = ["area", "action", "owner", "due_date"]
        widgets = {"due_date": DateInput()}

    def __init__(self, *args: Any, round_: Round, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices_from(self, "area", round_.framework.areas.all())
        _choices_from(self, "owner", Person.objects.filter(erased_at__isnull=True))


class BoardForm(forms.Form):
    meeting = forms.ModelChoiceField(
        Meeting.objects.none(),
        label=_("Meeting"),
        help_text=_(
            "The action item is recorded under this meeting and appears on the follow-up board."
        ),
    )

    def __init__(self, *args: Any, round_: Round, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        meetings = Meeting.objects.select_related("body").order_by("-starts_at")
        if round_.body_id:
            meetings = meetings.filter(body_id=round_.body_id)
        _choices_from(self, "meeting", meetings)


class ResultsFileForm(forms.Form):
    file = forms.FileField(label=_("Results file of another region (JSON)"))

    def clean_file(self) -> Any:
        return checked_upload(self.cleaned_data["file"], (".json",))
