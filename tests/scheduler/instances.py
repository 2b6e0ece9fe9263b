"""Problems built by hand for the tests (no YAML: the seed loader is the app's).

`salvador_2010()` mirrors seeds/twelfth-congress-salvador-2010.yaml;
`doha_2015()` has the 2015 shape (segment in the first two days, at most eight
days including the pre-Congress consultations); `vienna_2007()` is a
single-body working group of three days.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from scheduler import (
    AgendaItem,
    AgendaUnit,
    Body,
    FixedEvent,
    HighLevelSegment,
    Problem,
    Room,
    Rules,
    Slot,
    Workshop,
)

D = dt.date
T = dt.time

SLOTS = (
    Slot("morning", "Morning", T(10), T(13)),
    Slot("afternoon", "Afternoon", T(15), T(18)),
)

#: A plenary hall and two committee rooms, as both Congresses have (sizes plausible).
THREE_ROOMS = (
    Room("Plenary Hall", 2500),
    Room("Committee Room I", 800),
    Room("Committee Room II", 800),
)


# A/CONF.213/1's titles of the items the annex abbreviates.
ITEM_4 = (
    "Provision of technical assistance to facilitate the ratification and implementation of "
    "the international instruments related to the prevention and suppression of terrorism."
)
ITEM_6 = (
    "Criminal justice responses to the smuggling of migrants and trafficking in persons, "
    "and links to transnational organized crime."
)
ITEM_7 = (
    "International cooperation to address money-laundering based on relevant United Nations "
    "and other instruments."
)
ITEM_8 = (
    "Recent developments in the use of science and technology by offenders and by competent "
    "authorities in fighting crime, including the case of cybercrime."
)
ITEM_9 = (
    "Practical approaches to strengthening international cooperation in fighting "
    "crime-related problems."
)
ITEM_10 = (
    "Crime prevention and criminal justice responses to violence against migrants, migrant "
    "workers and their families."
)
SEGMENT_2010 = "GA res. 63/193; A/64/123 paras. 25 and 58; A/CONF.213/1 annex"
#: Where the 2010 seed says each rule comes from (rules.sources).
SOURCES_2010 = {
    "grid": "A/CONF.213/1 annex: one meeting of each body per morning and afternoon",
    "rooms": "One meeting per room at a time",
    "clusters": "A/CONF.213/1, item 2 (d): clusters considered together in consecutive meetings",
    "clusters_together": (
        "A/CONF.213/1, item 2 (d): clusters considered together in consecutive meetings"
    ),
    "agenda_order": "A/CONF.213/1: provisional agenda; items taken up in agenda order",
    "workshops": (
        "GA res. 63/193: issues considered in workshops; A/CONF.213/1 annex: two half-days"
    ),
    "workshops_spread": "A/CONF.213/1 annex: workshops spread over the week",
    "workshop_after_item": "A/CONF.213/1: workshops annotated under agenda items 5 and 7; annex",
    "workshop_near_item": "A/CONF.213/1: workshops annotated under agenda items 5 and 7; annex",
    "fixed_events": "A/CONF.213/1, items 1, 2 and 11 and annex",
    "fixed_events.after_opening": "Rules of procedure, rule 45; A/CONF.213/1 annex",
    "fixed_events.before_closing": "A/CONF.213/1 annex: committees do not meet during the closing",
    "capacity.parallel": (
        "Interpretation teams cap parallel formal meetings "
        "(UN practice; A/CONF.213/1 annex: three bodies)"
    ),
    "formal_meetings_early": (
        "A/CONF.213/1 annex: substantive items first, informal consultations towards the end"
    ),
    "compact_bodies": (
        "A/CONF.213/1 annex: bodies meet without idle slots between their formal meetings"
    ),
}


def _joined(items: tuple[AgendaItem, ...], *numbers: int) -> str:
    """A cluster's title: its items' titles, as the app joins them."""
    return " / ".join(i.title for i in items if i.number in numbers)


def salvador_2010(**changes: Any) -> Problem:
    bodies = (
        Body("plenary", "Plenary", "plenary", "Plenary Hall", 2000),
        Body("committee-1", "Committee I", "committee", "Committee Room I", 600, True, True),
        Body("committee-2", "Committee II", "committee", "Committee Room II", 600, True, True),
    )
    items = (
        AgendaItem(1, "Opening of the Congress.", "plenary"),
        AgendaItem(2, "Organizational matters.", "plenary"),
        AgendaItem(3, "Children, youth and crime.", "plenary"),
        AgendaItem(4, ITEM_4, "committee-1"),
        AgendaItem(5, "Making the United Nations guidelines on crime prevention work.", "plenary"),
        AgendaItem(6, ITEM_6, "plenary"),
        AgendaItem(7, ITEM_7, "committee-1"),
        AgendaItem(8, ITEM_8, "committee-2"),
        AgendaItem(9, ITEM_9, "committee-1"),
        AgendaItem(10, ITEM_10, "plenary"),
        AgendaItem(11, "Adoption of the report of the Congress.", "plenary"),
    )
    # In the order and with the titles the app gives them (app/timetables/problem.py):
    # tests/app/test_seed_problem.py holds this transcription to the seed's.
    units = (
        AgendaUnit("cluster-3-5", (3, 5), "plenary", 4, title=_joined(items, 3, 5)),
        AgendaUnit("cluster-7-9", (7, 9), "committee-1", 2, title=_joined(items, 7, 9)),
        AgendaUnit("cluster-6-10", (6, 10), "plenary", 4, title=_joined(items, 6, 10)),
        AgendaUnit("item-4", (4,), "committee-1", 3, title=ITEM_4),
        AgendaUnit("item-8", (8,), "committee-2", 3, title=ITEM_8),
    )
    workshops = (
        Workshop(
            1,
            "International criminal justice education for the rule of law.",
            "International Criminal Justice Education for the Rule of Law",
            2,
            agenda_item=5,
        ),
        Workshop(
            2,
            "Survey of United Nations and other best practices in the treatment of prisoners "
            "in the criminal justice system.",
            "Survey of Best Practices in the Treatment of Prisoners",
            2,
            agenda_item=5,
        ),
        Workshop(
            3,
            "Practical approaches to preventing urban crime.",
            "Practical Approaches to Preventing Urban Crime",
            2,
            agenda_item=5,
        ),
        Workshop(
            4,
            "Links between drug trafficking and other forms of organized crime: international "
            "coordinated response.",
            "Links between Drug Trafficking and Other Forms of Organized Crime",
            2,
            agenda_item=7,
        ),
        Workshop(
            5,
            "Strategies and best practices against overcrowding in correctional facilities.",
            "Strategies and Best Practices against Overcrowding in Correctional Facilities",
            2,
            agenda_item=5,
        ),
    )
    p = Problem(
        name="Twelfth United Nations Congress on Crime Prevention and Criminal Justice",
        time_zone="America/Bahia",
        start_date=D(2010, 4, 12),
        end_date=D(2010, 4, 19),
        slots=SLOTS,
        bodies=bodies,
        rooms=THREE_ROOMS,
        agenda_items=items,
        units=units,
        workshops=workshops,
        high_level_segment=HighLevelSegment("plenary", 4, "end", 3, SEGMENT_2010),
        fixed_events=(
            FixedEvent(
                "pre_congress_consultations",
                "Pre-Congress consultations",
                "plenary",
                D(2010, 4, 11),
                None,
                T(15),
                T(18),
                source=(
                    "A/CONF.213/1: pre-Congress consultations at 3 p.m. on Sunday, 11 April 2010"
                ),
                key="pre-congress-consultations",
            ),
            FixedEvent(
                "opening",
                "Opening of the Congress",
                "plenary",
                D(2010, 4, 12),
                "morning",
                agenda_items=(1, 2),
                takes_up_next_unit=True,
                source="A/CONF.213/1, items 1 and 2 and annex",
                key="opening",
            ),
            FixedEvent(
                "closing",
                "Closure of the Congress",
                "plenary",
                D(2010, 4, 19),
                "afternoon",
                agenda_items=(11,),
                source="A/CONF.213/1, item 11 and annex",
                key="closing",
            ),
        ),
        rules=Rules(max_parallel_meetings=3, workshops_same_day=True, agenda_order="hard"),
        sources=SOURCES_2010,
    )
    return dataclasses.replace(p, **changes) if changes else p


def doha_2015(**changes: Any) -> Problem:
    """2015 shape: segment in the first two days; at most eight days including
    the pre-Congress consultations on 11 April, so meetings end by 18 April."""
    bodies = (
        Body("plenary", "Plenary", "plenary", "Plenary Hall", 2000),
        Body("committee-1", "Committee I", "committee", "Committee Room I", 600, True, True),
        Body("committee-2", "Committee II", "committee", "Committee Room II", 600, True, True),
    )
    units = (
        AgendaUnit("item-3", (3,), "plenary", 2),
        AgendaUnit("item-4", (4,), "plenary", 2),
        AgendaUnit("item-5", (5,), "committee-1", 3),
        AgendaUnit("item-6", (6,), "committee-2", 3),
    )
    workshops = tuple(
        Workshop(n, f"Workshop {n}", f"Workshop {n}", 2, bodies=("committee-1", "committee-2"))
        for n in range(1, 5)
    )
    p = Problem(
        name="Thirteenth United Nations Congress on Crime Prevention and Criminal Justice",
        time_zone="Asia/Qatar",
        start_date=D(2015, 4, 12),
        end_date=D(2015, 4, 19),
        slots=SLOTS,
        bodies=bodies,
        rooms=THREE_ROOMS,
        agenda_items=tuple(AgendaItem(n, f"Item {n}") for n in range(1, 8)),
        units=units,
        workshops=workshops,
        high_level_segment=HighLevelSegment(
            "plenary", 3, "start", 2, "Commission draft resolution I (2014): first two days"
        ),
        fixed_events=(
            FixedEvent(
                "pre_congress_consultations",
                "Pre-Congress consultations",
                "plenary",
                D(2015, 4, 11),
                None,
                T(15),
                T(18),
            ),
            FixedEvent(
                "opening",
                "Opening of the Congress",
                "plenary",
                D(2015, 4, 12),
                "morning",
                agenda_items=(1, 2),
            ),
            FixedEvent(
                "closing", "Closure of the Congress", "plenary", None, None, agenda_items=(7,)
            ),
        ),
        rules=Rules(max_parallel_meetings=3, max_days_including_consultations=8),
    )
    return dataclasses.replace(p, **changes) if changes else p


def vienna_2007(**changes: Any) -> Problem:
    """CTOC/COP/WG.2/2007: one open-ended working group, 3-5 October 2007."""
    p = Problem(
        name="Open-ended Interim Working Group of Government Experts on Technical Assistance",
        time_zone="Europe/Vienna",
        start_date=D(2007, 10, 3),
        end_date=D(2007, 10, 5),
        slots=SLOTS,
        bodies=(Body("working-group", "Working Group", "plenary", "Board Room", 200),),
        rooms=(Room("Board Room", 300),),
        agenda_items=(
            AgendaItem(1, "Organizational matters."),
            AgendaItem(2, "Proposals of the Secretariat for technical assistance."),
            AgendaItem(3, "Other matters."),
            AgendaItem(4, "Adoption of the report."),
        ),
        units=(
            AgendaUnit("item-2", (2,), "working-group", 3),
            AgendaUnit("item-3", (3,), "working-group", 1),
        ),
        fixed_events=(
            FixedEvent(
                "opening",
                "Opening of the session",
                "working-group",
                D(2007, 10, 3),
                "morning",
                agenda_items=(1,),
            ),
            FixedEvent(
                "closing",
                "Adoption of the report",
                "working-group",
                D(2007, 10, 5),
                "afternoon",
                agenda_items=(4,),
            ),
        ),
        rules=Rules(max_parallel_meetings=1),
    )
    return dataclasses.replace(p, **changes) if changes else p


def tiny(
    days: int = 2,
    bodies: tuple[str, ...] = ("plenary",),
    units: tuple[AgendaUnit, ...] = (),
    **changes: Any,
) -> Problem:
    """A small congress: `days` days from 1 March 2021, morning/afternoon,
    one room per body, no fixed events unless given."""
    bs = tuple(Body(k, k.replace("-", " ").title(), "plenary", f"Room {k}", 10) for k in bodies)
    p = Problem(
        name="Tiny",
        time_zone="Europe/Vienna",
        start_date=D(2021, 3, 1),
        end_date=D(2021, 3, days),
        slots=SLOTS,
        bodies=bs,
        rooms=tuple(Room(f"Room {k}", 100) for k in bodies),
        units=units,
    )
    return dataclasses.replace(p, **changes) if changes else p
