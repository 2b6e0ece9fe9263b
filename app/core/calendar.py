"""Weekdays as the configuration names them and as the database stores them.

The calendar itself (working days, the weekend, holidays) is the scheduler's
(scheduler/calendar.py), one implementation for the timetable and the documentation plan.
"""

from __future__ import annotations

from scheduler.calendar import WEEKDAYS, Calendar, iso_weekdays, weekday_names

__all__ = ["WEEKDAYS", "Calendar", "iso_weekdays", "weekday_names"]
