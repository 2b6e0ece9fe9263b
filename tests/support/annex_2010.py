"""Publishing the Twelfth Congress (Salvador, 2010) as the annex of A/CONF.213/1 lays it
out, through the real path: pins in the database, the solver, release.publish.

The seed leaves the solver free to place the workshops; the annex's choice is pinned
here so that the pages and exports can be compared with the annex cell by cell.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session, sessionmaker

from app.congresses.repository import find_congress
from app.core.database import transaction
from app.programme.models import Pin
from app.timetables import release, solving
from app.timetables.models import TimetableVersion

SLUG = "twelfth-congress-salvador-2010"

# (target, meeting, day of April 2010, slot, body) as the annex has them.
ANNEX_PINS = [
    ("workshop-3", 1, 14, "morning", "plenary"),
    ("workshop-3", 2, 14, "afternoon", "plenary"),
    ("workshop-1", 1, 14, "morning", "committee-1"),
    ("workshop-1", 2, 14, "afternoon", "committee-1"),
    ("cluster-6-10", 1, 15, "morning", "plenary"),
    ("cluster-7-9", 1, 15, "morning", "committee-1"),
    ("workshop-2", 1, 15, "morning", "committee-2"),
    ("workshop-2", 2, 15, "afternoon", "committee-2"),
    ("workshop-5", 1, 16, "morning", "committee-1"),
    ("workshop-5", 2, 16, "afternoon", "committee-1"),
    ("workshop-4", 1, 17, "morning", "committee-1"),
    ("workshop-4", 2, 17, "afternoon", "committee-1"),
]


def pin_as_annex(session: Session, congress_id: int) -> None:
    for target, meeting, day, slot, body in ANNEX_PINS:
        session.add(
            Pin(
                congress_id=congress_id,
                target=target,
                meeting=meeting,
                date=dt.date(2010, 4, day),
                slot_key=slot,
                body_key=body,
                reason="As in the annex of A/CONF.213/1",
            )
        )


def publish_as_annex(
    session_factory: sessionmaker[Session], change_log: str | None = None, *, pin: bool = True
) -> TimetableVersion:
    with transaction(session_factory) as session:
        congress = find_congress(session, SLUG, full=True)
        assert congress is not None
        if pin:
            pin_as_annex(session, congress.id)
            session.flush()
        timetable, draft = solving.solve_congress(session, congress, time_limit_s=10)
        assert timetable.ok, timetable.explanation
        assert draft is not None
        return release.publish(session, draft, change_log)


# The annex of A/CONF.213/1, row by row. Where this service words a cell differently
# the difference is deliberate and noted: a cluster's continuation names every item of
# the cluster (the annex sometimes names only the first), and a workshop is named by
# its short title each time (the annex gives one workshop's long title once).
ANNEX = [
    ["Day", "Plenary", "Committee I", "Committee II"],
    ["Sunday, 11 April 2010"],
    ["Afternoon", "Pre-Congress consultations", "", ""],
    ["Monday, 12 April 2010"],
    [
        "Morning",
        "Agenda item 1. Opening of the Congress / Agenda item 2. Organizational matters / "
        "Agenda item 3. Children, youth and crime / Agenda item 5. Making the United Nations "
        "guidelines on crime prevention work",
        "",
        "",
    ],
    [
        "Afternoon",
        "Agenda item 3 (continued) / Agenda item 5 (continued)",
        "Agenda item 4. Provision of technical assistance to facilitate the ratification and "
        "implementation of the international instruments related to the prevention and "
        "suppression of terrorism",
        "Agenda item 8. Recent developments in the use of science and technology by offenders "
        "and by competent authorities in fighting crime, including the case of cybercrime",
    ],
    ["Tuesday, 13 April 2010"],
    [
        "Morning",
        "Agenda item 3 (continued) / Agenda item 5 (continued)",
        "Agenda item 4 (continued)",
        "Agenda item 8 (continued)",
    ],
    [
        "Afternoon",
        "Agenda item 3 (continued) / Agenda item 5 (continued)",
        "Agenda item 4 (continued)",
        "Agenda item 8 (continued)",
    ],
    ["Wednesday, 14 April 2010"],
    [
        "Morning",
        "Workshop on Practical Approaches to Preventing Urban Crime",
        "Workshop on International Criminal Justice Education for the Rule of Law",
        "Informal consultations",
    ],
    [
        "Afternoon",
        "Workshop on Practical Approaches to Preventing Urban Crime (continued)",
        "Workshop on International Criminal Justice Education for the Rule of Law (continued)",
        "Informal consultations",
    ],
    ["Thursday, 15 April 2010"],
    [
        "Morning",
        "Agenda item 6. Criminal justice responses to the smuggling of migrants and trafficking "
        "in persons, and links to transnational organized crime / Agenda item 10. Crime "
        "prevention and criminal justice responses to violence against migrants, migrant "
        "workers and their families",
        "Agenda item 7. International cooperation to address money-laundering based on "
        "relevant United Nations and other instruments / Agenda item 9. Practical approaches "
        "to strengthening international cooperation in fighting crime-related problems",
        "Workshop on Survey of Best Practices in the Treatment of Prisoners",
    ],
    [
        "Afternoon",
        "Agenda item 6 (continued) / Agenda item 10 (continued)",
        "Agenda item 7 (continued) / Agenda item 9 (continued)",
        "Workshop on Survey of Best Practices in the Treatment of Prisoners (continued)",
    ],
    ["Friday, 16 April 2010"],
    [
        "Morning",
        "Agenda item 6 (continued) / Agenda item 10 (continued)",
        "Workshop on Strategies and Best Practices against Overcrowding in Correctional Facilities",
        "Informal consultations",
    ],
    [
        "Afternoon",
        "Agenda item 6 (continued) / Agenda item 10 (continued)",
        "Workshop on Strategies and Best Practices against Overcrowding in Correctional "
        "Facilities (continued)",
        "Informal consultations",
    ],
    ["Saturday, 17 April 2010"],
    [
        "Morning",
        "Informal consultations",
        "Workshop on Links between Drug Trafficking and Other Forms of Organized Crime",
        "Informal consultations",
    ],
    [
        "Afternoon",
        "High-level segment",
        "Workshop on Links between Drug Trafficking and Other Forms of Organized Crime (continued)",
        "Informal consultations",
    ],
    ["Sunday, 18 April 2010"],
    [
        "Morning",
        "High-level segment (continued)",
        "Informal consultations",
        "Informal consultations",
    ],
    [
        "Afternoon",
        "High-level segment (continued)",
        "Informal consultations",
        "Informal consultations",
    ],
    ["Monday, 19 April 2010"],
    [
        "Morning",
        "High-level segment (continued)",
        "Informal consultations",
        "Informal consultations",
    ],
    [
        "Afternoon",
        "Agenda item 11. Adoption of the report of the Congress / Closure of the Congress",
        "",
        "",
    ],
]
