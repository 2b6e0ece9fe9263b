"""Scheduler tests need no database: they build Problems in Python."""

from __future__ import annotations

import sys
from pathlib import Path

# `tests.scheduler.instances` must import however pytest is started.
ROOT = str(Path(__file__).resolve().parents[2])
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)
