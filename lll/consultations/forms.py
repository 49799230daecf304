from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lll.coordination.forms import DateInput, DateTimeInput, PeopleField
from lll.coordination.models import Body, Meeting, Person
from lll.core.forms import checked_upload

from .models import Comment, Consultation, Poll, PollOption, Provision, StudyVisit
from .services import comment_numbers, option_key

DOCUMENT_TYPES = (".docx", ".pdf")


def held(meetings: Any) -> Any:
    """Meetings that have taken place (up to today): a decision cannot come from a future one."""
    return meetings.filter(starts_at__date__lte=timezone.localdate())


def _queryset(form: forms.BaseForm, name: str, queryset: Any) -> None:
    form.fields[name].queryset = queryset  # type: ignore[attr-defined]


def _body_names(form: forms.BaseForm, name: str) -> None:
    """Bodies by their full names: "Wojewódzki Zespół Koordynacji", not "WZK"."""
    form.fields[name].label_from_instance = lambda body: body.name  # type: ignore[attr-defined]


class _Period(forms.ModelForm):
    """Open and close moments: the close after the open."""

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        opens, closes = data.get("opens_at"), data.get("closes_at")
        if opens and closes and closes <= opens:
            self.add_error("closes_at", _("The close must come after the opening."))
        return data


class ConsultationForm(_Period):
    class Meta:
        model = Consultation
        fields = [
            "title",
            "legal_acts",
            "description",
            "document",
            "bodies",
            "opens_at",
            "closes_at",
            "reminder_days",
        ]
        widgets = {
            "legal_acts": forms.Textarea(attrs={"rows": 3}),
            "description": forms.Textarea(attrs={"rows": 4}),
            "bodies": forms.CheckboxSelectMultiple,
            "opens_at": DateTimeInput(),
            "closes_at": DateTimeInput(),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _body_names(self, "bodies")

    def clean_document(self) -> Any:
        upload = self.cleaned_data.get("document")
        if upload and hasattr(upload, "size") and not getattr(upload, "_committed", False):
            upload = checked_upload(upload, DOCUMENT_TYPES)
        return upload


class ProvisionForm(forms.ModelForm):
    class Meta:
        model = Provision
        fields = ["label", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2})}


class CommentForm(forms.ModelForm):
    class Meta:
        model = Comment
        fields = ["provision", "text", "proposed_wording", "justification"]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 3}),
            "proposed_wording": forms.Textarea(attrs={"rows": 3}),
            "justification": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, consultation: Consultation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _queryset(self, "provision", consultation.provisions.all())
        self.fields["provision"].empty_label = _("general comment (the whole draft)")  # type: ignore[attr-defined]


class InstitutionCommentForm(CommentForm):
    on_behalf_of = forms.CharField(
        label=_("Submitted by (invited institution)"),
        max_length=300,
        help_text=_("The office enters a comment an invited institution sent in writing."),
    )

    field_order = ["on_behalf_of", "provision", "text", "proposed_wording", "justification"]


class ResponseForm(forms.ModelForm):
    class Meta:
        model = Comment
        fields = ["response", "response_text", "duplicate_of"]
        widgets = {"response_text": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        comment = self.instance
        numbers = comment_numbers(comment.consultation)
        _queryset(
            self,
            "duplicate_of",
            Comment.objects.filter(
                consultation=comment.consultation, withdrawn_at__isnull=True
            ).exclude(pk=comment.pk),
        )
        self.fields["duplicate_of"].label_from_instance = (  # type: ignore[attr-defined]
            lambda c: (
                _("no. %(number)s — %(submitter)s: %(text)s")
                % {"number": numbers.get(c.pk, "?"), "submitter": c.submitter, "text": c.text[:60]}
            )
        )


class PositionForm(forms.ModelForm):
    class Meta:
        model = Consultation
        fields = ["position_text", "position_meeting", "addressee"]
        widgets = {"position_text": forms.Textarea(attrs={"rows": 8})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["position_text"].required = True
        _queryset(
            self,
            "position_meeting",
            held(Meeting.objects.filter(body__in=self.instance.bodies.all())).select_related(
                "body"
            ),
        )


class PollForm(_Period):
    options_text = forms.CharField(
        label=_("Options"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            'One per line; details after a colon, e.g. "Niemcy: Bundesagentur für Arbeit, '
            'dual training".'
        ),
    )

    class Meta:
        model = Poll
        fields = [
            "body",
            "question",
            "description",
            "method",
            "electorate",
            "secret",
            "allow_proposals",
            "opens_at",
            "closes_at",
            "meeting",
            "turnout_threshold",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "opens_at": DateTimeInput(),
            "closes_at": DateTimeInput(),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _body_names(self, "body")
        if self.instance.pk:
            del self.fields["options_text"]
            if self.instance.ballots.exists():
                # The rules of a vote that has begun do not change.
                for name in ("body", "method", "electorate", "secret"):
                    self.fields[name].disabled = True

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        body, meeting = data.get("body"), data.get("meeting")
        if body is not None and meeting is not None and meeting.body_id != body.pk:
            self.add_error("meeting", _("Choose a meeting of %(body)s.") % {"body": body})
        return data

    def clean_options_text(self) -> str:
        text: str = self.cleaned_data.get("options_text", "")
        seen: dict[str, int] = {}
        for number, line in enumerate(text.splitlines(), start=1):
            label = line.partition(":")[0].strip()[:200]
            if not label:
                continue
            key = option_key(label)
            if key in seen:
                raise forms.ValidationError(
                    _("Line %(line)s repeats the option “%(label)s” of line %(first)s.")
                    % {"line": number, "label": label, "first": seen[key]}
                )
            seen[key] = number
        return text

    def options(self) -> list[tuple[str, str]]:
        result = []
        for line in self.cleaned_data.get("options_text", "").splitlines():
            label, _colon, details = line.partition(":")
            if label.strip():
                result.append((label.strip()[:200], details.strip()))
        return result


class OptionForm(forms.ModelForm):
    class Meta:
        model = PollOption
        fields = ["label", "details", "justification"]
        widgets = {
            "details": forms.Textarea(attrs={"rows": 2}),
            "justification": forms.Textarea(attrs={"rows": 3}),
        }


class ProposalForm(OptionForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["justification"].required = True
        self.fields["label"].label = _("Proposed option")


class DecisionForm(forms.ModelForm):
    class Meta:
        model = Poll
        fields = ["decision", "decision_meeting"]
        widgets = {"decision": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["decision"].required = True
        _queryset(
            self, "decision_meeting", held(self.instance.body.meetings).select_related("body")
        )


class VisitForm(forms.ModelForm):
    class Meta:
        model = StudyVisit
        fields = [
            "body",
            "title",
            "country",
            "host_institutions",
            "themes",
            "starts_on",
            "ends_on",
            "participants",
            "budget",
            "status",
            "poll",
            "report",
            "lessons",
        ]
        field_classes = {"participants": PeopleField}
        widgets = {
            "host_institutions": forms.Textarea(attrs={"rows": 3}),
            "themes": forms.Textarea(attrs={"rows": 3}),
            "starts_on": DateInput(),
            "ends_on": DateInput(),
            "report": forms.Textarea(attrs={"rows": 6}),
            "lessons": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _queryset(self, "participants", Person.objects.select_related("institution"))
        _queryset(self, "body", Body.objects.all())
        _body_names(self, "body")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("starts_on"), data.get("ends_on")
        if start and end and end < start:
            self.add_error("ends_on", _("The visit cannot end before it starts."))
        return data


class RecommendationForm(forms.Form):
    text = forms.CharField(
        label=_("Recommendation"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )


class ActionForm(forms.Form):
    meeting = forms.ModelChoiceField(label=_("Meeting"), queryset=Meeting.objects.none())
    owner = forms.ModelChoiceField(label=_("Owner"), queryset=Person.objects.none())
    due_date = forms.DateField(label=_("Due date"), required=False, widget=DateInput())

    def __init__(self, *args: Any, visit: StudyVisit, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        meetings = visit.body.meetings.select_related("body").order_by("-starts_at")
        _queryset(self, "meeting", meetings)
        _queryset(self, "owner", Person.objects.select_related("institution"))
        self.fields["meeting"].initial = meetings.values_list("pk", flat=True).first()
