import re
from collections.abc import Iterable, Sequence
from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from lll.core.forms import checked_upload
from lll.core.imports import SUPPORTED
from lll.core.text import polish_key
from lll.territory.models import Level, Unit

from .models import Indicator, Source, Target, Theme, ValidationRule
from .services.fileimport import UNIT_BY_CODE, UNIT_BY_NAME
from .services.imports import range_check
from .services.values import InvalidValue, parse_period


class UploadForm(forms.Form):
    indicator = forms.ModelChoiceField(
        label=_("Indicator"), queryset=Indicator.objects.filter(numerator__isnull=True)
    )
    file = forms.FileField(
        label=_("File (CSV or XLSX)"),
        help_text=_("The first row names the columns; one row per unit and period."),
    )

    def clean_file(self) -> Any:
        return checked_upload(
            self.cleaned_data["file"], SUPPORTED, _("Upload a .csv or .xlsx file.")
        )


class ReplaceFileForm(forms.Form):
    file = forms.FileField(label=_("Corrected file (CSV or XLSX)"))
    clean_file = UploadForm.clean_file


# A TERYT code as a spreadsheet may give it (a number read as 2061.0); Poland is PL.
TERYT_CODE = re.compile(r"\d{2,7}(\.0)?|PL", re.IGNORECASE)


class MappingForm(forms.Form):
    unit_column = forms.TypedChoiceField(label=_("Column with the unit"), coerce=int)
    unit_by = forms.ChoiceField(
        label=_("The unit is given by"),
        choices=[
            (UNIT_BY_CODE, _("TERYT code (e.g. 2061)")),
            (UNIT_BY_NAME, _("name (e.g. Białystok, białostocki)")),
        ],
        widget=forms.RadioSelect,
        initial=UNIT_BY_CODE,
    )
    period_column = forms.TypedChoiceField(
        label=_("Column with the period"), coerce=int, required=False, empty_value=None
    )
    fixed_period = forms.CharField(
        label=_("…or one period for the whole file"),
        required=False,
        max_length=10,
        help_text=_("E.g. 2023 or 2023/24, when the file has no period column."),
    )
    value_column = forms.TypedChoiceField(label=_("Column with the value"), coerce=int)
    flags_column = forms.TypedChoiceField(
        label=_("Column with flags (optional)"),
        coerce=int,
        required=False,
        empty_value=None,
        help_text=_("Letters p (provisional), e (estimated), c (confidential)."),
    )

    def __init__(
        self,
        header: list[str],
        periodicity: str,
        *args: Any,
        sample: Sequence[Sequence[Any]] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        columns = [
            (i, f"{chr(65 + i) if i < 26 else i + 1}: {name}") for i, name in enumerate(header)
        ]
        none = [("", _("— none —"))]
        for name in ("unit_column", "value_column"):
            self.fields[name].choices = columns  # type: ignore[attr-defined]
        for name in ("period_column", "flags_column"):
            self.fields[name].choices = none + columns  # type: ignore[attr-defined]
        self.periodicity = periodicity
        # Guess the columns from their names, as people usually label them.
        lowered = [h.lower() for h in header]
        for field, words in (
            ("unit_column", ("teryt", "kod", "jednostk", "powiat", "gmin", "wojew", "nazwa")),
            ("period_column", ("rok", "okres", "miesi", "kwarta", "year", "period", "month")),
            ("value_column", ("wartość", "wartosc", "value", "liczba")),
            ("flags_column", ("flag", "znacznik")),
        ):
            for i, name in enumerate(lowered):
                if any(word in name for word in words):
                    self.initial.setdefault(field, i)
                    break
        # The value is usually the last column that is neither the unit, the period nor flags.
        taken = {self.initial.get(f) for f in ("unit_column", "period_column", "flags_column")}
        free = [i for i in range(len(header)) if i not in taken]
        if free:
            self.initial.setdefault("value_column", free[-1])
        # TERYT codes are digits (Poland: PL): a unit column holding anything else holds names.
        unit_column = self.initial.get("unit_column")
        if unit_column is not None and "unit_by" not in self.initial:
            values = [
                str(row[unit_column]).strip()
                for row in sample
                if unit_column < len(row) and row[unit_column] not in (None, "")
            ]
            if any(not TERYT_CODE.fullmatch(value) for value in values):
                self.initial["unit_by"] = UNIT_BY_NAME

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("period_column") is None and not data.get("fixed_period"):
            raise forms.ValidationError(
                _("Choose the column with the period or give one period for the whole file.")
            )
        used = [data.get(name) for name in ("unit_column", "period_column", "value_column")]
        used = [column for column in used if column is not None]
        if len(used) != len(set(used)):
            raise forms.ValidationError(
                _("The unit, the period and the value must come from different columns.")
            )
        if data.get("fixed_period"):
            try:
                data["fixed_period"] = parse_period(data["fixed_period"], self.periodicity)
            except InvalidValue as exc:
                self.add_error("fixed_period", str(exc))
        return data


class IndicatorFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    theme = forms.ChoiceField(label=_("Theme"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["theme"].choices = [("", _("all themes")), *Theme.choices]  # type: ignore[attr-defined]


class IndicatorForm(forms.ModelForm):
    # Indicator pages show Poland, voivodeships and powiats; gmina data has no view yet.
    levels = forms.MultipleChoiceField(
        label=_("Levels"),
        choices=[c for c in Level.choices if c[0] != Level.GMINA],
        widget=forms.CheckboxSelectMultiple,
    )
    themes = forms.MultipleChoiceField(
        label=_("Themes"),
        choices=Theme.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Indicator
        fields = [
            "code",
            "name_pl",
            "name_en",
            "definition_pl",
            "definition_en",
            "unit_of_measure",
            "unit_of_measure_en",
            "decimals",
            "polarity",
            "periodicity",
            "levels",
            "source",
            "source_reference",
            "bdl_variable_id",
            "themes",
            "caveats",
            "caveats_en",
            "published",
            "numerator",
            "denominator",
            "factor",
            "min_value",
            "max_value",
        ]
        widgets = {
            "definition_pl": forms.Textarea(attrs={"rows": 3}),
            "definition_en": forms.Textarea(attrs={"rows": 3}),
            "caveats": forms.Textarea(attrs={"rows": 2}),
            "caveats_en": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # The code is the indicator's name in files, the API and links: it stays.
            self.fields["code"].disabled = True
            others = Indicator.objects.exclude(pk=self.instance.pk)
            self.fields["numerator"].queryset = others  # type: ignore[attr-defined]
            self.fields["denominator"].queryset = others  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        numerator, denominator = data.get("numerator"), data.get("denominator")
        if bool(numerator) != bool(denominator):
            raise forms.ValidationError(
                _("A derived indicator needs both a numerator and a denominator.")
            )
        if numerator and numerator == denominator:
            raise forms.ValidationError(_("The numerator and the denominator must differ."))
        derived = data.get("source") == Source.DERIVED
        if derived != bool(numerator):
            raise forms.ValidationError(
                _(
                    "An indicator is computed from others exactly when its source is “computed "
                    "from other indicators”."
                )
            )
        if numerator and not data.get("factor"):
            self.add_error("factor", _("The factor must not be zero."))
        if data.get("published") and any(
            i is not None and not i.published for i in (numerator, denominator)
        ):
            self.add_error(
                "published",
                _(
                    "Publish the numerator and the denominator first: a published derived "
                    "indicator would reveal them."
                ),
            )
        return data


def grouped_unit_choices(units: Iterable[Unit]) -> list[tuple[Any, Any]]:
    """Units grouped by voivodeship (the voivodeship, then its powiats), the home region first,
    so a list of almost 400 units can be read and searched by typing."""
    groups: dict[str, list[tuple[int, str]]] = {}
    names: dict[str, str] = {}
    for unit in units:
        key = "" if unit.level == Level.COUNTRY else unit.code[:2]
        groups.setdefault(key, []).append((unit.pk, unit.display_name))
        if unit.level == Level.VOIVODESHIP:
            names[key] = unit.display_name
    home = settings.LLL_HOME_REGION
    order = sorted(groups, key=lambda key: (key != "", key != home, key))
    choices: list[tuple[Any, Any]] = [("", "---------")]
    for key in order:
        label = str(_("Poland")) if key == "" else names.get(key, key)
        choices.append((label, groups[key]))
    return choices


class TargetForm(forms.ModelForm):
    class Meta:
        model = Target
        fields = [
            "unit",
            "year",
            "value",
            "baseline_year",
            "baseline_value",
            "source_document",
            "note",
        ]
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, indicator: Indicator, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.indicator = indicator
        units = Unit.objects.filter(level__in=indicator.levels or [Level.VOIVODESHIP])
        unit_field = self.fields["unit"]
        assert isinstance(unit_field, forms.ModelChoiceField)  # noqa: S101
        unit_field.queryset = units.exclude(level=Level.GMINA).defer("geometry").order_by("code")
        unit_field.choices = grouped_unit_choices(unit_field.queryset)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        year, baseline = data.get("year"), data.get("baseline_year")
        for field in ("year", "baseline_year"):
            if data.get(field) is not None and not 1990 <= data[field] <= 2100:
                self.add_error(field, _("Give a year between 1990 and 2100."))
        if year and baseline and baseline >= year:
            self.add_error(
                "baseline_year", _("The baseline year must come before the target year.")
            )
        if data.get("baseline_value") is not None and not baseline:
            self.add_error("baseline_year", _("Give the year of the baseline value."))
        # The indicator's valid range applies to targets as it does to imported values.
        valid, reason = range_check(self.instance.indicator)
        for field in ("value", "baseline_value"):
            if data.get(field) is not None and not valid(data[field]):
                self.add_error(field, _("This value is %(reason)s.") % {"reason": reason})
        duplicate = Target.objects.filter(
            indicator=self.instance.indicator, unit=data.get("unit"), year=year or 0
        ).exclude(pk=self.instance.pk)
        if year and duplicate.exists():
            raise forms.ValidationError(_("This unit already has a target for that year."))
        return data


class ValidationRuleForm(forms.ModelForm):
    class Meta:
        model = ValidationRule
        fields = [
            "name",
            "left",
            "operator",
            "right",
            "right_denominator",
            "factor",
            "constant",
            "tolerance",
            "active",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        by_name = sorted(Indicator.objects.all(), key=lambda i: polish_key(i.name))
        for name in ("left", "right", "right_denominator"):
            field = self.fields[name]
            assert isinstance(field, forms.ModelChoiceField)  # noqa: S101
            field.choices = [("", "—")] + [(i.pk, f"{i.name} ({i.code})") for i in by_name]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("right") is None and data.get("constant") is None:
            self.add_error("right", _("Give an indicator or a constant to compare with."))
        if data.get("right") is not None and data.get("constant") is not None:
            self.add_error("constant", _("Give either an indicator or a constant, not both."))
        if data.get("right_denominator") is not None and data.get("right") is None:
            self.add_error("right", _("A ratio needs the indicator above the line."))
        if data.get("tolerance") is not None and data["tolerance"] < 0:
            self.add_error("tolerance", _("The tolerance cannot be negative."))
        return data
