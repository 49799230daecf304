"""Who sits where, their meetings, what was said and agreed there, and what follows from it.

One module per part of the domain; every model is importable from here, as before.
"""

from .bodies import VOTING_ROLES, Body, BodyKind, Membership, MembershipQuerySet, Role, current_on
from .mailings import Delivery, Mailing
from .meetings import ActionItem, AgendaChange, AgendaItem, Attendance, Material, Meeting, Outcome
from .minutes import DutyDone, Minutes, MinutesComment, MinutesSection
from .people import GrammaticalGender, Institution, InstitutionKind, Person
from .studies import Study
from .votes import (
    BodyRules,
    MajorityRule,
    MemberVote,
    MinutesAcceptance,
    Resolution,
    Vote,
    VoteChoice,
    VoteDelivery,
)

__all__ = [
    "VOTING_ROLES",
    "ActionItem",
    "AgendaChange",
    "AgendaItem",
    "Attendance",
    "Body",
    "BodyKind",
    "BodyRules",
    "Delivery",
    "DutyDone",
    "GrammaticalGender",
    "Institution",
    "InstitutionKind",
    "Mailing",
    "MajorityRule",
    "Material",
    "Meeting",
    "MemberVote",
    "Membership",
    "MembershipQuerySet",
    "Minutes",
    "MinutesAcceptance",
    "MinutesComment",
    "MinutesSection",
    "Outcome",
    "Person",
    "Resolution",
    "Role",
    "Study",
    "Vote",
    "VoteChoice",
    "VoteDelivery",
    "current_on",
]
