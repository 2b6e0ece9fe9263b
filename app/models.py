"""Every table of the service, imported in one place for Alembic and the metadata."""

from app.agenda.models import AgendaItem, AgendaSubItem, Cluster, ClusterItem, Document
from app.bodies.models import Body, GeneralCommitteeSeat, Officer
from app.congresses.models import Congress, MeetingSlot
from app.core.database import Base
from app.delegations.models import Delegation
from app.programme.models import FixedEvent, HighLevelSegment
from app.rooms.models import Room
from app.workshops.models import Workshop

__all__ = [
    "AgendaItem",
    "AgendaSubItem",
    "Base",
    "Body",
    "Cluster",
    "ClusterItem",
    "Congress",
    "Delegation",
    "Document",
    "FixedEvent",
    "GeneralCommitteeSeat",
    "HighLevelSegment",
    "MeetingSlot",
    "Officer",
    "Room",
    "Workshop",
]
