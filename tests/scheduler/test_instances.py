"""Full instances: 2010 (mirrors the seed), 2015 shape, 2007 single body."""

from __future__ import annotations

import datetime as dt
import json
import threading
import time

from scheduler import solve, validate
from tests.scheduler.instances import doha_2015, salvador_2010, vienna_2007

D = dt.date


def test_2010_is_proven_optimal_in_under_a_second_and_valid() -> None:
    p = salvador_2010()
    t0 = time.perf_counter()
    tt = solve(p, time_limit_s=10, seed=0)
    assert time.perf_counter() - t0 < 1.0
    assert tt.status == "OPTIMAL" and tt.gap == 0
    assert validate(p, tt) == []
    assert all(r.satisfied for r in tt.rule_report if r.hard)


def test_2010_reads_like_the_annex() -> None:
    tt = solve(salvador_2010(), time_limit_s=10)
    k = tt.by_key()
    # Items 3+5 in plenary in the first days while Committee I takes item 4 and
    # Committee II item 8.
    assert [
        (k[f"plenary:cluster-3-5:{n}"].date, k[f"plenary:cluster-3-5:{n}"].slot) for n in (1, 4)
    ] == [
        (D(2010, 4, 12), "morning"),
        (D(2010, 4, 13), "afternoon"),
    ]
    assert k["committee-1:item-4:1"].date == D(2010, 4, 12)
    assert k["committee-2:item-8:1"].date == D(2010, 4, 12)
    # 6+10 and 7+9 later in the week, before the segment; the closing last.
    hls_start = min(m.start for m in tt.meetings if m.kind == "high-level")
    assert (
        D(2010, 4, 14) <= k["plenary:cluster-6-10:1"].date
        and k["plenary:cluster-6-10:4"].start < hls_start
    )
    assert D(2010, 4, 14) <= k["committee-1:cluster-7-9:1"].date
    assert tt.meetings[-1].kind == "closing"
    # Workshops as two consecutive half-days.
    for n in range(1, 6):
        a, b = k[f"workshop-{n}:1"], k[f"workshop-{n}:2"]
        assert (
            a.date == b.date and (a.slot, b.slot) == ("morning", "afternoon") and a.body == b.body
        )


def test_2015_and_2007_shapes_solve() -> None:
    for p in (doha_2015(), vienna_2007()):
        tt = solve(p, time_limit_s=10)
        assert tt.status == "OPTIMAL", p.name
        assert validate(p, tt) == []


def test_deterministic_for_same_input_and_seed() -> None:
    a = solve(salvador_2010(), time_limit_s=10, seed=3)
    b = solve(salvador_2010(), time_limit_s=10, seed=3)
    assert a.to_dict()["meetings"] == b.to_dict()["meetings"]
    # Several workers: interleaved search keeps it deterministic.
    c = solve(salvador_2010(), time_limit_s=10, seed=3, workers=2)
    d = solve(salvador_2010(), time_limit_s=10, seed=3, workers=2)
    assert c.to_dict()["meetings"] == d.to_dict()["meetings"]
    assert c.objective == a.objective


def test_to_dict_has_the_cli_json_shape() -> None:
    tt = solve(salvador_2010(), time_limit_s=10)
    d = tt.to_dict()
    assert set(d) == {
        "status",
        "objective",
        "best_bound",
        "wall_time_s",
        "meetings",
        "violations",
        "explanation",
    }
    m = next(x for x in d["meetings"] if x["kind"] == "workshop")
    assert set(m) == {
        "date",
        "slot",
        "body",
        "kind",
        "agenda_items",
        "workshop",
        "start",
        "end",
        "room",
    }
    assert m["start"].startswith(m["date"] + "T") and m["body"] in (
        "Plenary",
        "Committee I",
        "Committee II",
    )
    json.dumps(d)
    opening = d["meetings"][1]
    assert opening["kind"] == "opening" and opening["agenda_items"] == [1, 2, 3, 5]
    assert opening["start"] == "2010-04-12T10:00" and opening["room"] == "Plenary Hall"
    assert tt.time_zone == "America/Bahia"


def test_render_grid_reads_like_the_annex() -> None:
    text = solve(salvador_2010(), time_limit_s=10).render_grid()
    assert "Monday, 12 April 2010" in text and "Plenary" in text and "Committee II" in text
    assert "High-level segment" in text and "Informal consultations" in text


def test_stable_meeting_keys() -> None:
    keys = set(solve(salvador_2010(), time_limit_s=10).by_key())
    assert {
        "plenary:opening",
        "plenary:cluster-3-5:1",
        "plenary:cluster-6-10:4",
        "workshop-3:1",
        "plenary:high-level-segment:4",
        "plenary:closing",
        "plenary:pre-congress-consultations",
    } <= keys


def test_progress_hook_and_cancellation() -> None:
    seen: list[tuple[int, float, float, float]] = []
    tt = solve(salvador_2010(), time_limit_s=10, on_progress=lambda *a: seen.append(a))
    assert seen and seen[-1][1] == tt.objective
    cancel = threading.Event()
    cancel.set()
    stopped = solve(salvador_2010(), time_limit_s=10, cancel=cancel)
    assert stopped.status in ("OPTIMAL", "FEASIBLE", "UNKNOWN")
