"""Every table of the service, imported in one place for Alembic and the metadata."""

from app.agenda.models import AgendaItem, AgendaSubItem, Cluster, ClusterItem, Document
from app.auth.models import ApiToken, ConsoleSession, InstallSecret
from app.bodies.models import Body, GeneralCommitteeSeat, Officer
from app.congresses.models import Congress, MeetingSlot
from app.core.database import Base
from app.delegations.models import Delegation
from app.feeds.models import DelegationFeedToken
from app.jobs.models import SolveJob
from app.programme.models import Exclusion, FixedEvent, HighLevelSegment, Pin
from app.rooms.models import Room
from app.side_events.models import SideEventRequest, SideEventRules, SideEventWindow
from app.speakers.models import IdempotencyKey, SpeakerEntry, SpeakersAudit, SpeakersList
from app.timetables.models import TimetableMeeting, TimetableVersion
from app.workshops.models import Workshop

__all__ = [
    "AgendaItem",
    "AgendaSubItem",
    "ApiToken",
    "Base",
    "Body",
    "Cluster",
    "ClusterItem",
    "Congress",
    "ConsoleSession",
    "Delegation",
    "DelegationFeedToken",
    "Document",
    "Exclusion",
    "FixedEvent",
    "GeneralCommitteeSeat",
    "HighLevelSegment",
    "IdempotencyKey",
    "InstallSecret",
    "MeetingSlot",
    "Officer",
    "Pin",
    "Room",
    "SideEventRequest",
    "SideEventRules",
    "SideEventWindow",
    "SolveJob",
    "SpeakerEntry",
    "SpeakersAudit",
    "SpeakersList",
    "TimetableMeeting",
    "TimetableVersion",
    "Workshop",
]
