"""The grammar of unit and meeting keys: every key built can be read back."""

from __future__ import annotations

import datetime as dt

import pytest

from scheduler import keys


def test_unit_keys_read_back() -> None:
    assert keys.parse_unit(keys.cluster_unit([3, 5])) == keys.UnitKey(
        "cluster", "cluster-3-5", (3, 5)
    )
    assert keys.parse_unit(keys.item_unit(4)) == keys.UnitKey("item", "item-4", (4,))
    workshop = keys.parse_unit(keys.workshop_unit(3))
    assert workshop is not None and workshop.kind == "workshop" and workshop.number == 3
    assert keys.parse_unit("high-level-segment") == keys.UnitKey(
        "high-level-segment", "high-level-segment"
    )
    assert keys.parse_unit(keys.fixed_event_unit("pre_congress")) == keys.UnitKey(
        "fixed-event", "pre-congress"
    )


@pytest.mark.parametrize("key", ["cluster-3", "item-", "workshop-x", "3+5", "", "plenary"])
def test_what_is_not_a_unit_key_is_refused(key: str) -> None:
    assert keys.parse_unit(key) is None


def test_clusters_are_stored_with_plus_and_scheduled_with_dashes() -> None:
    assert keys.cluster_record_key([3, 5]) == "3+5"
    assert keys.cluster_unit_of_record("3+5") == "cluster-3-5"


def test_meeting_keys_read_back() -> None:
    assert keys.unit_of_meeting(keys.unit_meeting("cluster-3-5", "plenary", 2)) == (
        "cluster-3-5",
        2,
    )
    # A workshop's meetings keep their identity when it moves to another body.
    assert keys.unit_meeting("workshop-3", "committee-1", 1) == "workshop-3:1"
    assert keys.workshop_of_meeting("workshop-3:1") == 3
    assert keys.workshop_of_meeting("plenary:cluster-3-5:2") is None
    opening = keys.parse_meeting(keys.fixed_meeting("plenary", "opening"))
    assert opening == keys.MeetingKey("fixed-event", "plenary:opening", "plenary", "opening")
    informal = keys.parse_meeting(
        keys.informal_meeting("committee-1", dt.date(2010, 4, 14), "morning")
    )
    assert informal is not None and informal.kind == "informal"
    assert (informal.body, informal.date, informal.slot) == (
        "committee-1",
        dt.date(2010, 4, 14),
        "morning",
    )
    ancillary = keys.parse_meeting(keys.ancillary_meeting("se-12:a"))
    assert ancillary is not None and (ancillary.kind, ancillary.unit) == ("ancillary", "se-12:a")


@pytest.mark.parametrize(
    "key",
    ["plenary", "plenary:cluster-3-5", "plenary:cluster-3:1", "workshop-3:x", "a:b:c:d:e", ""],
)
def test_what_is_not_a_meeting_key_is_refused(key: str) -> None:
    assert keys.parse_meeting(key) is None


def test_a_pin_holds_to_the_meeting_of_its_unit_in_any_body() -> None:
    assert keys.is_meeting_of(keys.unit_meeting("cluster-3-5", "plenary", 2), "cluster-3-5", 2)
    assert keys.is_meeting_of(keys.workshop_meeting(3, 1), "workshop-3", 1)
    assert keys.is_meeting_of(keys.ancillary_meeting("r-7"), "r-7", 1)
    assert not keys.is_meeting_of("plenary:cluster-3-5:1", "cluster-3-5", 2)
    assert not keys.is_meeting_of("plenary:cluster-13-5:2", "cluster-3-5", 2)


def test_an_exclusion_names_the_meetings_of_its_target() -> None:
    assert keys.names_target("committee-1:item-4:3", "item-4")
    assert keys.names_target("workshop-3:1", "workshop-3")
    assert keys.names_target(keys.ancillary_meeting("r-7"), "r-7")
    assert not keys.names_target("committee-1:item-44:3", "item-4")
