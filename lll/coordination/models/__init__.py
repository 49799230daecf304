"""Who sits where, their meetings, what was said and agreed there, and what follows from it.

One module per part of the domain; every model is importable from here, as before.
"""

from .bodies import VOTING_ROLES, Body, BodyKind, Membership, MembershipQuerySet, Role, current_on
from .mailings import Delivery, Mailing
from .meetings import ActionItem, AgendaChange, AgendaItem, Attendance, Material, Meeting, Outcome
from .minutes import Minutes, MinutesComment, MinutesSection
from .people import GrammaticalGender, Institution, InstitutionKind, Person
from .studies import Study

__all__ = [
    "VOTING_ROLES",
    "ActionItem",
    "AgendaChange",
    "AgendaItem",
    "Attendance",
    "Body",
    "BodyKind",
    "Delivery",
    "GrammaticalGender",
    "Institution",
    "InstitutionKind",
    "Mailing",
    "Material",
    "Meeting",
    "Membership",
    "MembershipQuerySet",
    "Minutes",
    "MinutesComment",
    "MinutesSection",
    "Outcome",
    "Person",
    "Role",
    "Study",
    "current_on",
]
