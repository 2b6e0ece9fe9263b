"""The seed congresses hold what the source documents say, read back from the database."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session, sessionmaker

from app.congresses.repository import find_congress
from app.seeds.loader import LoadResult
from tests.support.seeds import DOHA_2015, VIENNA_2007, load

# A/CONF.213/1, provisional agenda, word for word.
AGENDA_2010 = {
    1: "Opening of the Congress.",
    2: "Organizational matters.",
    3: "Children, youth and crime.",
    4: "Provision of technical assistance to facilitate the ratification and implementation "
    "of the international instruments related to the prevention and suppression of terrorism.",
    5: "Making the United Nations guidelines on crime prevention work.",
    6: "Criminal justice responses to the smuggling of migrants and trafficking in persons, "
    "and links to transnational organized crime.",
    7: "International cooperation to address money-laundering based on relevant United "
    "Nations and other instruments.",
    8: "Recent developments in the use of science and technology by offenders and by competent "
    "authorities in fighting crime, including the case of cybercrime.",
    9: "Practical approaches to strengthening international cooperation in fighting "
    "crime-related problems.",
    10: "Crime prevention and criminal justice responses to violence against migrants, "
    "migrant workers and their families.",
    11: "Adoption of the report of the Congress.",
}

# GA res. 63/193 as quoted in A/CONF.213/1, item 2 (d).
WORKSHOPS_2010 = [
    "International criminal justice education for the rule of law.",
    "Survey of United Nations and other best practices in the treatment of prisoners in the "
    "criminal justice system.",
    "Practical approaches to preventing urban crime.",
    "Links between drug trafficking and other forms of organized crime: international "
    "coordinated response.",
    "Strategies and best practices against overcrowding in correctional facilities.",
]


def test_2010_agenda_has_the_eleven_items_word_for_word(
    salvador_2010: LoadResult, session: Session
) -> None:
    congress = find_congress(session, "twelfth-congress-salvador-2010", full=True)
    assert congress is not None
    assert {item.number: item.title for item in congress.agenda_items} == AGENDA_2010


def test_2010_clusters_are_those_of_the_regional_preparatory_meetings(
    salvador_2010: LoadResult, session: Session
) -> None:
    congress = find_congress(session, "twelfth-congress-salvador-2010", full=True)
    assert congress is not None
    assert sorted(c.item_numbers for c in congress.clusters) == [[3, 5], [6, 10], [7, 9]]


def test_2010_has_the_five_workshops_of_resolution_63_193(
    salvador_2010: LoadResult, session: Session
) -> None:
    congress = find_congress(session, "twelfth-congress-salvador-2010", full=True)
    assert congress is not None
    assert [w.title for w in congress.workshops] == WORKSHOPS_2010
    assert all(w.meetings == 2 for w in congress.workshops)


def test_2010_dates_place_and_time_zone(salvador_2010: LoadResult, session: Session) -> None:
    congress = find_congress(session, "twelfth-congress-salvador-2010", full=True)
    assert congress is not None
    assert (congress.start_date, congress.end_date) == (dt.date(2010, 4, 12), dt.date(2010, 4, 19))
    assert congress.time_zone == "America/Bahia"
    assert congress.venue == "Bahia Convention Centre"
    assert congress.symbol == "A/CONF.213/1"
    assert congress.languages == ["ar", "zh", "en", "fr", "ru", "es"]
    pre_congress = congress.fixed_events[0]
    assert pre_congress.kind.value == "pre_congress_consultations"
    assert (pre_congress.date, pre_congress.start_time) == (dt.date(2010, 4, 11), dt.time(15))


def test_2010_high_level_segment_and_speakers_list(
    salvador_2010: LoadResult, session: Session
) -> None:
    congress = find_congress(session, "twelfth-congress-salvador-2010", full=True)
    assert congress is not None
    segment = congress.high_level_segment
    assert segment is not None
    assert segment.body.name == "Plenary"
    assert segment.window_anchor.value == "end"
    assert segment.speakers_list_opens == dt.date(2010, 3, 8)


def test_2010_officers_and_credentials_committee(
    salvador_2010: LoadResult, session: Session
) -> None:
    congress = find_congress(session, "twelfth-congress-salvador-2010", full=True)
    assert congress is not None
    seats = {s.regional_group.value: s.seats for s in congress.general_committee_seats}
    assert seats == {
        "African States": 7,
        "Asia-Pacific States": 6,
        "Eastern European States": 3,
        "Latin American and Caribbean States": 5,
        "Western European and other States": 6,
    }
    offices = [o.office for o in congress.officers if o.body_id is None]
    assert offices.count("Vice-President") == 24
    assert offices.count("President") == offices.count("Rapporteur-General") == 1
    president = next(o for o in congress.officers if o.office == "President")
    assert president.delegation is not None and president.delegation.name == "Brazil"
    for committee in ("Committee I", "Committee II"):
        body = next(b for b in congress.bodies if b.name == committee)
        assert [o.office for o in body.officers] == ["Chairman", "Vice-Chairman", "Rapporteur"]
    members = sorted(d.name for d in congress.delegations if d.credentials_committee)
    assert members == [
        "Brazil",
        "China",
        "Jamaica",
        "Philippines",
        "Russian Federation",
        "Spain",
        "United Republic of Tanzania",
        "United States of America",
        "Zambia",
    ]


def test_2010_item_documents_carry_official_symbols(
    salvador_2010: LoadResult, session: Session
) -> None:
    congress = find_congress(session, "twelfth-congress-salvador-2010", full=True)
    assert congress is not None
    documents = {item.number: [d.symbol for d in item.documents] for item in congress.agenda_items}
    assert documents[1] == ["A/CONF.213/3"]
    assert "A/CONF.213/4" in documents[3]
    assert "A/CONF.213/15" in documents[7]


def test_2015_segment_in_the_first_two_days_within_eight_days(
    session_factory: sessionmaker[Session], session: Session
) -> None:
    load(session_factory, DOHA_2015)
    congress = find_congress(session, "thirteenth-congress-doha-2015", full=True)
    assert congress is not None
    assert (congress.start_date, congress.end_date) == (dt.date(2015, 4, 12), dt.date(2015, 4, 19))
    assert congress.time_zone == "Asia/Qatar"
    assert congress.max_duration_days == 8
    segment = congress.high_level_segment
    assert segment is not None
    assert (segment.window_anchor.value, segment.window_days) == ("start", 2)
    assert len(congress.workshops) == 4
    pre_congress = next(e for e in congress.fixed_events if e.kind.value.startswith("pre"))
    assert pre_congress.date == dt.date(2015, 4, 11)


def test_2007_working_group_is_a_single_body_meeting_in_vienna(
    session_factory: sessionmaker[Session], session: Session
) -> None:
    load(session_factory, VIENNA_2007)
    congress = find_congress(session, "ctoc-working-group-2007", full=True)
    assert congress is not None
    assert len(congress.bodies) == 1
    assert congress.time_zone == "Europe/Vienna"
    assert (congress.start_date, congress.end_date) == (dt.date(2007, 10, 3), dt.date(2007, 10, 5))
    assert congress.high_level_segment is None
    assert congress.workshops == []
