from typing import Any

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lll.core.errors import UserError
from lll.core.forms import checked_upload
from lll.core.text import sorted_polish
from lll.territory.models import Level, Unit

from .models import (
    ActionItem,
    AgendaItem,
    Attendance,
    Body,
    DutyDone,
    Institution,
    Material,
    Meeting,
    Membership,
    Minutes,
    MinutesSection,
    Outcome,
    Person,
    Study,
)
from .services.rules import check_meeting_mode

# What offices send each other; nothing a browser would run.
MATERIAL_TYPES = (
    ".pdf",
    ".docx",
    ".doc",
    ".pptx",
    ".ppt",
    ".xlsx",
    ".xls",
    ".odt",
    ".odp",
    ".ods",
)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


def _people() -> Any:
    return Person.objects.select_related("institution")


class PeoplePicker(forms.CheckboxSelectMultiple):
    """A long list of people as checkboxes: those chosen first, the number chosen, and (with
    JavaScript) a box that narrows the list by name or institution. Unlike a multiple select,
    it needs no Ctrl key and shows at once who is chosen."""

    template_name = "coordination/widgets/people_picker.html"

    def get_context(self, name: str, value: Any, attrs: Any) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        groups = context["widget"]["optgroups"]
        options = [option for _group, group_options, _index in groups for option in group_options]
        chosen = [option for option in options if option["selected"]]
        context["widget"]["options"] = chosen + [o for o in options if not o["selected"]]
        context["widget"]["chosen"] = len(chosen)
        return context


class PeopleField(forms.ModelMultipleChoiceField):
    """People by name, with their position and institution to tell namesakes apart."""

    widget = PeoplePicker

    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.full_name} ({obj.affiliation})" if obj.affiliation else obj.full_name


def _choices_from(form: forms.BaseForm, name: str, queryset: Any) -> None:
    field = form.fields[name]
    field.queryset = queryset  # type: ignore[attr-defined]


def _people_choices(form: forms.BaseForm, name: str, queryset: Any) -> None:
    """People to choose from, listed the Polish way (Łapińska before Zieliński) whatever the
    database's collation; the queryset still checks what comes back."""
    field = form.fields[name]
    field.queryset = queryset  # type: ignore[attr-defined]
    people = sorted_polish(queryset, lambda p: p.last_name, lambda p: p.first_name)
    label = getattr(field, "label_from_instance", str)
    choices: list[tuple[Any, str]] = [(p.pk, label(p)) for p in people]
    empty = getattr(field, "empty_label", None)
    if empty is not None and not isinstance(field, forms.ModelMultipleChoiceField):
        choices.insert(0, ("", empty))
    field.choices = choices  # type: ignore[attr-defined]


class InstitutionForm(forms.ModelForm):
    class Meta:
        model = Institution
        fields = ["name", "kind", "unit"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        powiats = Unit.objects.filter(level=Level.POWIAT, code__startswith=settings.LLL_HOME_REGION)
        _choices_from(self, "unit", powiats.defer("geometry"))


class PersonForm(forms.ModelForm):
    class Meta:
        model = Person
        fields = [
            "first_name",
            "last_name",
            "grammatical_gender",
            "position",
            "institution",
            "email",
            "phone",
        ]


class BodyForm(forms.ModelForm):
    class Meta:
        model = Body
        fields = [
            "name",
            "short_name",
            "name_genitive",
            "kind",
            "legal_basis",
            "rules_of_procedure",
            "quorum_percent",
            "description",
            "office_phone",
            "office_email",
            "office_website",
            "project_paragraph",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "project_paragraph": forms.Textarea(attrs={"rows": 3}),
        }

    def clean_quorum_percent(self) -> int:
        value = self.cleaned_data["quorum_percent"]
        if not 1 <= value <= 100:
            raise forms.ValidationError(_("Give a share between 1 and 100%."))
        return int(value)


class MembershipForm(forms.ModelForm):
    class Meta:
        model = Membership
        fields = [
            "person",
            "role",
            "represents",
            "appointed_by",
            "term_from",
            "term_to",
            "substitute",
        ]
        widgets = {"term_from": DateInput(), "term_to": DateInput()}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("person", "substitute"):
            _choices_from(self, name, _people())

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("term_from"), data.get("term_to")
        if start and end and end < start:
            self.add_error("term_to", _("The term cannot end before it starts."))
        if data.get("substitute") and data.get("substitute") == data.get("person"):
            self.add_error("substitute", _("A member cannot be their own substitute."))
        return data


FIRST_MEETING_YEAR = 2000
MEETING_YEARS_AHEAD = 10


class MeetingForm(forms.ModelForm):
    online_link = forms.URLField(
        label=_("link to join"), max_length=500, required=False, assume_scheme="https"
    )

    class Meta:
        model = Meeting
        fields = [
            "body",
            "number",
            "starts_at",
            "ends_at",
            "mode",
            "location",
            "online_link",
            "chaired_by",
            "signed_by",
            "participant_count",
        ]
        widgets = {"starts_at": DateTimeInput(), "ends_at": DateTimeInput()}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("chaired_by", "signed_by"):
            _people_choices(self, name, _people())

    def clean_number(self) -> Any:
        number = self.cleaned_data.get("number")
        if number is not None and number < 1:
            raise forms.ValidationError(_("Meetings are numbered from 1."))
        return number

    def clean_starts_at(self) -> Any:
        # A typo in the year (0024, 2204) would file the meeting centuries away.
        start = self.cleaned_data.get("starts_at")
        latest = timezone.localdate().year + MEETING_YEARS_AHEAD
        if start and not FIRST_MEETING_YEAR <= start.year <= latest:
            raise forms.ValidationError(
                _("Check the year: a meeting falls between %(first)d and %(last)d.")
                % {"first": FIRST_MEETING_YEAR, "last": latest}
            )
        return start

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("starts_at"), data.get("ends_at")
        if start and end and end <= start:
            self.add_error("ends_at", _("The meeting must end after it starts."))
        body, mode = data.get("body"), data.get("mode")
        if body is not None and mode:
            try:
                check_meeting_mode(body, mode)
            except UserError as error:
                self.add_error("mode", error.message)
        return data


class AgendaItemForm(forms.ModelForm):
    class Meta:
        model = AgendaItem
        fields = ["title", "presenters", "notes", "speakers"]
        field_classes = {"presenters": PeopleField, "speakers": PeopleField}
        widgets = {"notes": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("presenters", "speakers"):
            _people_choices(self, name, _people())


class MoveItemForm(forms.Form):
    position = forms.IntegerField(label=_("New position"), min_value=1)
    reason = forms.CharField(
        label=_("Reason for the change"),
        max_length=300,
        required=False,
        help_text=_(
            "Recorded once the members were invited, e.g. a presenter's connection failed."
        ),
    )


class GuestForm(forms.Form):
    person = forms.ModelChoiceField(label=_("Guest"), queryset=Person.objects.none())

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _people_choices(self, "person", _people().exclude(attendance__meeting=meeting))


class AttendanceForm(forms.Form):
    """One choice per member of the body on the day of the meeting."""

    MEMBER_CHOICES = [
        ("", _("not recorded")),
        (Attendance.Status.PRESENT, _("present")),
        (Attendance.Status.SUBSTITUTED, _("represented by a substitute")),
        (Attendance.Status.EXCUSED, _("excused")),
        (Attendance.Status.ABSENT, _("absent")),
    ]

    def __init__(self, *args: Any, memberships: list[Membership], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.memberships = memberships
        for membership in memberships:
            self.fields[f"person_{membership.person_id}"] = forms.ChoiceField(
                label=membership.person.full_name, choices=self.MEMBER_CHOICES, required=False
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for membership in self.memberships:
            name = f"person_{membership.person_id}"
            if data.get(name) == Attendance.Status.SUBSTITUTED and not membership.substitute:
                self.add_error(name, _("This member has no substitute appointed."))
        return data

    def rows(self) -> list[tuple[Membership, forms.BoundField]]:
        return [(m, self[f"person_{m.person_id}"]) for m in self.memberships]


class OutcomeForm(forms.ModelForm):
    class Meta:
        model = Outcome
        fields = ["agenda_item", "kind", "text", "addressee"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices_from(self, "agenda_item", meeting.agenda_items.all())


class ActionItemForm(forms.ModelForm):
    class Meta:
        model = ActionItem
        fields = ["agenda_item", "title", "owner", "due_date", "status", "progress_note"]
        widgets = {"due_date": DateInput(), "progress_note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices_from(self, "agenda_item", meeting.agenda_items.all())
        _people_choices(self, "owner", _people())


class ActionStatusForm(forms.ModelForm):
    class Meta:
        model = ActionItem
        fields = ["status", "due_date", "progress_note"]
        widgets = {"due_date": DateInput(), "progress_note": forms.Textarea(attrs={"rows": 3})}


class OwnerProgressForm(forms.ModelForm):
    class Meta:
        model = ActionItem
        fields = ["status", "progress_note"]
        widgets = {"progress_note": forms.Textarea(attrs={"rows": 3})}


class MaterialForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    agenda_item = forms.ModelChoiceField(
        label=_("Agenda item"), queryset=AgendaItem.objects.none(), required=False
    )
    file = forms.FileField(
        label=_("File"), help_text=_("PDF, Word, PowerPoint, Excel or OpenDocument.")
    )

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices_from(self, "agenda_item", meeting.agenda_items.all())

    def clean_file(self) -> Any:
        return checked_upload(self.cleaned_data["file"], MATERIAL_TYPES)


class MailingForm(forms.Form):
    recipients = forms.ModelMultipleChoiceField(
        label=_("Recipients"), queryset=Person.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    materials = forms.ModelMultipleChoiceField(
        label=_("Attach materials"),
        queryset=Material.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    message = forms.CharField(
        label=_("Additional message"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args: Any, meeting: Meeting, people: list[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The people come sorted the Polish way (Łapińska before Zieliński); the queryset checks.
        recipients = self.fields["recipients"]
        _choices_from(self, "recipients", Person.objects.filter(pk__in=[p.pk for p in people]))
        recipients.choices = [  # type: ignore[attr-defined]
            (p.pk, f"{p.full_name} ({p.affiliation})" if p.affiliation else p.full_name)
            for p in people
        ]
        _choices_from(self, "materials", meeting.materials.all())
        if not meeting.materials.exists():
            del self.fields["materials"]


class MinutesForm(forms.ModelForm):
    class Meta:
        model = Minutes
        fields = [
            "place",
            "dated",
            "project_paragraph",
            "introduction",
            "chaired_by",
            "announced_agenda",
            "agenda_changes",
            "closing",
            "signatory_name",
            "signatory_position",
            "attachment_list",
        ]
        widgets = {
            "dated": DateInput(),
            "project_paragraph": forms.Textarea(attrs={"rows": 3}),
            "introduction": forms.Textarea(attrs={"rows": 6}),
            "announced_agenda": forms.Textarea(attrs={"rows": 6}),
            "agenda_changes": forms.Textarea(attrs={"rows": 2}),
            "closing": forms.Textarea(attrs={"rows": 2}),
            "attachment_list": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.sections = list(self.instance.sections.all())
        for section in self.sections:
            self.fields[f"section_{section.pk}"] = forms.CharField(
                label=f"{section.position}. {section.title}",
                widget=forms.Textarea(attrs={"rows": 6}),
                required=False,
                initial=section.text,
            )

    def save(self, commit: bool = True) -> Minutes:
        minutes = super().save(commit=commit)
        for section in self.sections:
            section.text = self.cleaned_data[f"section_{section.pk}"]
        MinutesSection.objects.bulk_update(self.sections, ["text"])
        return minutes


class CommentsForm(forms.Form):
    deadline = forms.DateField(label=_("Comments due by"), widget=DateInput())


class AcceptanceForm(forms.Form):
    how = forms.ChoiceField(label=_("Accepted"), choices=Minutes.Acceptance.choices)
    on = forms.DateField(label=_("Accepted on"), widget=DateInput())
    note = forms.CharField(
        label=_("Acceptance"),
        max_length=300,
        required=False,
        help_text=_("E.g. accepted at meeting no. 3, or the circular vote's result."),
    )


class CommentForm(forms.Form):
    text = forms.CharField(
        label=_("Comment on the minutes"), widget=forms.Textarea(attrs={"rows": 2})
    )


class ReplyForm(forms.Form):
    text = forms.CharField(label=_("The office's reply"), widget=forms.Textarea(attrs={"rows": 2}))
    by_email = forms.BooleanField(label=_("Also send it by e-mail"), required=False)


class CircularAcceptanceForm(forms.Form):
    closes_at = forms.DateTimeField(label=_("Votes until"), widget=DateTimeInput())


class DutyDoneForm(forms.Form):
    duty = forms.ChoiceField(choices=DutyDone.Duty.choices)
    body = forms.IntegerField()
    minutes = forms.IntegerField(required=False)
    year = forms.IntegerField(required=False, min_value=2000, max_value=2100)
    done_on = forms.DateField(label=_("Done on"), widget=DateInput())


class NewVersionForm(forms.Form):
    reason = forms.CharField(label=_("Why the approved minutes must change"), max_length=300)


class StudyForm(forms.ModelForm):
    class Meta:
        model = Study
        fields = [
            "title",
            "performed_by",
            "period",
            "status",
            "method",
            "summary",
            "results_file",
            "presented_at",
            "indicators",
        ]
        widgets = {
            "method": forms.Textarea(attrs={"rows": 3}),
            "summary": forms.Textarea(attrs={"rows": 4}),
            "indicators": forms.SelectMultiple(attrs={"size": 6}),
        }

    def clean_results_file(self) -> Any:
        upload = self.cleaned_data["results_file"]
        # A file stored earlier comes back as a FieldFile and was checked then.
        if upload and hasattr(upload, "content_type"):
            return checked_upload(upload, MATERIAL_TYPES)
        return upload


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), max_length=200, required=False)
