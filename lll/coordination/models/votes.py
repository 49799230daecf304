"""A body's rules of procedure, the votes it takes (at a meeting or circulated between
meetings), each member's vote, and the numbered resolutions and positions that come of them."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from .bodies import Body
from .meetings import AgendaItem, Meeting
from .minutes import Minutes
from .people import Person


class MajorityRule(models.TextChoices):
    SIMPLE = "simple", _("simple majority (more for than against)")
    ABSOLUTE = "absolute", _("absolute majority (more than half of the votes cast)")


class MinutesAcceptance(models.TextChoices):
    NEXT_MEETING_OR_CIRCULAR = (
        "meeting_or_circular",
        _("by the members at the next meeting or by a circular vote"),
    )
    NEXT_MEETING = "next_meeting", _("by the members at the next meeting")
    CIRCULAR = "circular", _("by a circular vote")
    OFFICE = "office", _("approved by the office (signed by the chair)")


class BodyRules(models.Model):
    """How a body works: the forms of its meetings, quorum, majority, circular votes, how its
    minutes are accepted and its statutory deadlines. The WRRP's come from the regulation of
    20 November 2025 (Dz.U. 2025 poz. 1621); other bodies set their own."""

    body = models.OneToOneField(Body, on_delete=models.CASCADE, related_name="rules")
    source = models.CharField(
        _("source of the rules"),
        max_length=500,
        blank=True,
        help_text=_("The act that lays the rules down, e.g. the regulation with its Dz.U. entry."),
    )
    in_person = models.BooleanField(_("meetings in the room"), default=True)
    remote = models.BooleanField(_("remote meetings (electronic means)"), default=True)
    hybrid = models.BooleanField(_("hybrid meetings"), default=True)
    quorum_percent = models.PositiveSmallIntegerField(
        _("quorum (per cent of the members)"),
        default=50,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_("A meeting may vote when at least this share of the members takes part."),
    )
    majority = models.CharField(
        _("majority"), max_length=10, choices=MajorityRule.choices, default=MajorityRule.SIMPLE
    )
    casting_vote = models.BooleanField(
        _("the chair's vote decides a tie"),
        default=True,
        help_text=_("With equal votes for and against, the side the chair voted for wins."),
    )
    circular_votes = models.BooleanField(_("circular votes between meetings"), default=True)
    circular_turnout_percent = models.PositiveSmallIntegerField(
        _("a circular vote is valid when at least this per cent of the members voted"),
        default=50,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    minutes_acceptance = models.CharField(
        _("how the minutes are accepted"),
        max_length=20,
        choices=MinutesAcceptance.choices,
        default=MinutesAcceptance.NEXT_MEETING_OR_CIRCULAR,
    )
    marshal_copy_days = models.PositiveSmallIntegerField(
        _("copy of the minutes to the marshal within (working days)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(365)],
        help_text=_("Empty: no such duty. The days are counted from the meeting."),
    )
    yearly_report_month = models.PositiveSmallIntegerField(
        _("yearly report due: month"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
    )
    yearly_report_day = models.PositiveSmallIntegerField(
        _("yearly report due: day"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(31)],
        help_text=_("E.g. 31 January: month 1, day 31. Empty: no yearly report."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("rules of procedure")
        verbose_name_plural = _("rules of procedure")

    def __str__(self) -> str:
        return str(_("Rules of %(body)s") % {"body": self.body})

    def allowed_modes(self) -> list[str]:
        allowed = [("in_person", self.in_person), ("remote", self.remote)]
        allowed.append(("hybrid", self.hybrid))
        return [mode for mode, ok in allowed if ok]


class VoteChoice(models.TextChoices):
    FOR = "for", _("for")
    AGAINST = "against", _("against")
    ABSTAIN = "abstain", _("abstained")
    ABSENT = "absent", _("did not vote")


class Vote(models.Model):
    """A question the members decide: at a meeting (open vote, recorded per member or as counts)
    or circulated between meetings (each member votes in the browser or by an e-mail link
    until the deadline)."""

    class Kind(models.TextChoices):
        MEETING = "meeting", _("vote at a meeting")
        CIRCULAR = "circular", _("circular vote")

    class Subject(models.TextChoices):
        RESOLUTION = "resolution", _("resolution")
        POSITION = "position", _("position")
        RECOMMENDATION = "recommendation", _("recommendation")
        MINUTES = "minutes", _("acceptance of the minutes")
        OTHER = "other", _("other question")

    class Recording(models.TextChoices):
        PER_MEMBER = "per_member", _("per member")
        COUNTS = "counts", _("as counts")

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        CLOSED = "closed", pgettext_lazy("vote status", "closed")

    class Outcome(models.TextChoices):
        CARRIED = "carried", _("adopted")
        REJECTED = "rejected", _("rejected")
        NO_QUORUM = "no_quorum", _("not valid: no quorum")
        NO_TURNOUT = "no_turnout", _("not valid: too few members voted")

    body = models.ForeignKey(
        Body, verbose_name=_("body"), on_delete=models.PROTECT, related_name="votes"
    )
    kind = models.CharField(_("type"), max_length=10, choices=Kind.choices)
    subject = models.CharField(
        _("subject"), max_length=20, choices=Subject.choices, default=Subject.RESOLUTION
    )
    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("meeting"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="votes",
    )
    agenda_item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("agenda item"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="votes",
    )
    minutes = models.ForeignKey(
        Minutes,
        verbose_name=_("minutes to accept"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="acceptance_votes",
    )
    title = models.CharField(_("question"), max_length=500)
    text = models.TextField(_("text put to the vote"), blank=True)
    addressee = models.CharField(
        _("addressed to"), max_length=300, blank=True, help_text=_("E.g. the voivodeship board.")
    )
    recording = models.CharField(
        _("results recorded"),
        max_length=12,
        choices=Recording.choices,
        default=Recording.PER_MEMBER,
    )
    count_for = models.PositiveSmallIntegerField(_("for"), null=True, blank=True)
    count_against = models.PositiveSmallIntegerField(_("against"), null=True, blank=True)
    count_abstain = models.PositiveSmallIntegerField(_("abstained"), null=True, blank=True)
    casting = models.CharField(
        _("the chair's vote in a tie"),
        max_length=10,
        choices=[
            (VoteChoice.FOR, VoteChoice.FOR.label),
            (VoteChoice.AGAINST, VoteChoice.AGAINST.label),
        ],
        blank=True,
    )
    chair = models.ForeignKey(
        Person,
        verbose_name=_("chaired by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    opens_at = models.DateTimeField(_("open from"), default=timezone.now)
    closes_at = models.DateTimeField(_("votes until"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    # Frozen when the vote closes, so later changes of the composition never change a result.
    members = models.PositiveSmallIntegerField(_("members entitled to vote"), default=0)
    needed = models.PositiveSmallIntegerField(_("needed for validity"), default=0)
    took_part = models.PositiveSmallIntegerField(_("took part"), default=0)
    outcome = models.CharField(
        pgettext_lazy("vote", "outcome"), max_length=12, choices=Outcome.choices, blank=True
    )
    outcome_note = models.CharField(_("how the outcome was reached"), max_length=500, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    reminder_sent_at = models.DateTimeField(_("reminder sent"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        ordering = ["-opens_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("coordination:vote", args=[self.pk])

    @property
    def is_open(self) -> bool:
        if self.status != self.Status.OPEN:
            return False
        return self.closes_at is None or timezone.now() < self.closes_at


class MemberVote(models.Model):
    """How one member voted (open voting: the regulation's votes are open)."""

    class Via(models.TextChoices):
        MEETING = "meeting", _("at the meeting")
        BROWSER = "browser", _("in the system")
        EMAIL = "email", _("by the e-mail link")

    vote = models.ForeignKey(Vote, on_delete=models.CASCADE, related_name="member_votes")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    choice = models.CharField(_("vote"), max_length=10, choices=VoteChoice.choices)
    via = models.CharField(_("how"), max_length=10, choices=Via.choices)
    cast_at = models.DateTimeField(_("when"), auto_now=True)

    class Meta:
        ordering = ["vote", "person__last_name", "person__first_name"]
        constraints = [models.UniqueConstraint(fields=["vote", "person"], name="member_votes_once")]

    def __str__(self) -> str:
        return f"{self.person}: {self.get_choice_display()}"


class Resolution(models.Model):
    """A resolution, position or recommendation of a body, numbered per body and year
    ("3/2026"), with what became of it."""

    class Kind(models.TextChoices):
        RESOLUTION = "resolution", _("resolution")
        POSITION = "position", _("position")
        RECOMMENDATION = "recommendation", _("recommendation")

    class FollowUp(models.TextChoices):
        TO_SEND = "to_send", _("to be sent to the addressee")
        SENT = "sent", _("sent, awaiting an answer")
        ANSWERED = "answered", _("answered")
        IMPLEMENTED = "implemented", _("implemented")
        CLOSED = "closed", _("closed without follow-up")

    OPEN_FOLLOW_UP = (FollowUp.TO_SEND, FollowUp.SENT)

    body = models.ForeignKey(
        Body, verbose_name=_("body"), on_delete=models.PROTECT, related_name="resolutions"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    number = models.PositiveSmallIntegerField(_("number"))
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("on"), max_length=500)
    text = models.TextField(_("text"), blank=True)
    addressee = models.CharField(_("addressed to"), max_length=300, blank=True)
    adopted_on = models.DateField(_("adopted"))
    vote = models.OneToOneField(
        Vote,
        verbose_name=_("vote"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="resolution",
    )
    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("meeting"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="resolutions",
    )
    follow_up = models.CharField(
        _("follow-up"), max_length=12, choices=FollowUp.choices, default=FollowUp.TO_SEND
    )
    follow_up_note = models.TextField(_("what became of it"), blank=True)
    follow_up_due = models.DateField(_("answer expected by"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("resolution or position")
        verbose_name_plural = _("resolutions and positions")
        ordering = ["-year", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["body", "year", "number"],
                name="resolution_number_per_body_year",
                violation_error_message=_("This body already has a resolution with this number."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display().capitalize()} nr {self.reference} — {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("coordination:resolution", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.follow_up in self.OPEN_FOLLOW_UP

    @property
    def reference(self) -> str:
        return f"{self.number}/{self.year}"


class VoteDelivery(models.Model):
    """One e-mail of a circular vote (the invitation with the link, or a reminder) to one
    member, with the server's answer when it was refused."""

    class Kind(models.TextChoices):
        INVITATION = "invitation", _("invitation to vote")
        REMINDER = "reminder", _("reminder")

    vote = models.ForeignKey(Vote, on_delete=models.CASCADE, related_name="deliveries")
    person = models.ForeignKey(Person, on_delete=models.SET_NULL, null=True, related_name="+")
    email = models.EmailField(_("e-mail"))
    kind = models.CharField(_("type"), max_length=10, choices=Kind.choices)
    sent = models.BooleanField(_("sent"))
    error = models.TextField(_("error"), blank=True)
    at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        ordering = ["vote", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.email}: {'ok' if self.sent else self.error}"
