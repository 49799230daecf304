"""The forms of the rules, the votes and the register of resolutions."""

from typing import Any

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from .forms import DateInput, DateTimeInput
from .models import AgendaItem, BodyRules, Meeting, Person, Resolution, Vote, VoteChoice


class RulesForm(forms.ModelForm):
    class Meta:
        model = BodyRules
        fields = [
            "source",
            "in_person",
            "remote",
            "hybrid",
            "quorum_percent",
            "majority",
            "casting_vote",
            "circular_votes",
            "circular_turnout_percent",
            "minutes_acceptance",
            "marshal_copy_days",
            "yearly_report_month",
            "yearly_report_day",
        ]


SUBJECTS = [c for c in Vote.Subject.choices if c[0] != Vote.Subject.MINUTES]


class MeetingVoteForm(forms.Form):
    """The question put to the vote at a meeting and its result: a choice per member (one
    field `member_<id>` each) or the counts."""

    title = forms.CharField(label=_("Matter put to the vote"), max_length=500)
    subject = forms.ChoiceField(label=_("Kind of decision"), choices=Vote.Subject.choices)
    agenda_item = forms.ModelChoiceField(
        label=capfirst(_("agenda item")), queryset=AgendaItem.objects.none(), required=False
    )
    text = forms.CharField(
        label=capfirst(_("text put to the vote")), widget=forms.Textarea, required=False
    )
    addressee = forms.CharField(
        label=capfirst(_("addressed to")),
        max_length=300,
        required=False,
        help_text=_("E.g. the voivodeship board."),
    )
    recording = forms.ChoiceField(
        label=capfirst(_("results recorded")),
        choices=Vote.Recording.choices,
        widget=forms.RadioSelect,
        initial=Vote.Recording.PER_MEMBER,
    )
    count_for = forms.IntegerField(label=capfirst(_("for")), min_value=0, required=False)
    count_against = forms.IntegerField(label=capfirst(_("against")), min_value=0, required=False)
    count_abstain = forms.IntegerField(label=capfirst(_("abstained")), min_value=0, required=False)
    casting = forms.ChoiceField(
        label=capfirst(_("the chair's vote in a tie")),
        choices=[
            ("", "—"),
            (VoteChoice.FOR, VoteChoice.FOR.label),
            (VoteChoice.AGAINST, VoteChoice.AGAINST.label),
        ],
        required=False,
        help_text=_("Only for counts; recorded per member, the chair's own vote is used."),
    )

    QUESTION_FIELDS = ("title", "subject", "agenda_item", "text", "addressee")
    COUNT_FIELDS = ("count_for", "count_against", "count_abstain", "casting")

    def __init__(
        self, *args: Any, meeting: Meeting, voters: list[tuple[Person, bool]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.voters = voters
        self.fields["agenda_item"].queryset = meeting.agenda_items.all()  # type: ignore[attr-defined]
        for person, _present in voters:
            self.fields[f"member_{person.pk}"] = forms.ChoiceField(
                label=person.full_name, choices=VoteChoice.choices, required=False
            )

    def member_rows(self) -> list[tuple[Person, bool, forms.BoundField]]:
        return [(p, present, self[f"member_{p.pk}"]) for p, present in self.voters]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("recording") == Vote.Recording.COUNTS:
            for name in ("count_for", "count_against", "count_abstain"):
                if data.get(name) is None:
                    self.add_error(name, _("Give the number (0 if none)."))
        else:
            missing = [p for p, _present in self.voters if not data.get(f"member_{p.pk}")]
            if missing:
                raise forms.ValidationError(
                    _("Record how each member voted; missing: %(names)s.")
                    % {"names": ", ".join(p.full_name for p in missing)}
                )
        return data


class CircularVoteForm(forms.Form):
    title = forms.CharField(label=_("Matter put to the vote"), max_length=500)
    subject = forms.ChoiceField(label=_("Kind of decision"), choices=SUBJECTS)
    text = forms.CharField(
        label=capfirst(_("text put to the vote")), widget=forms.Textarea, required=False
    )
    addressee = forms.CharField(label=capfirst(_("addressed to")), max_length=300, required=False)
    closes_at = forms.DateTimeField(label=capfirst(_("votes until")), widget=DateTimeInput())


class BallotForm(forms.Form):
    choice = forms.ChoiceField(
        label=_("Your vote"),
        choices=[c for c in VoteChoice.choices if c[0] != VoteChoice.ABSENT],
        widget=forms.RadioSelect,
    )


class FollowUpForm(forms.ModelForm):
    class Meta:
        model = Resolution
        fields = ["addressee", "follow_up", "follow_up_due", "follow_up_note"]
        widgets = {"follow_up_due": DateInput()}
