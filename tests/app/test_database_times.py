"""core.database.UTCDateTime: moments go in in any zone and come back aware, in UTC, on
both databases (SQLite alone gives stored times back naive)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import Column, Integer, MetaData, Table, insert, select, text

from app.core.database import UTCDateTime, make_engine
from tests.support.databases import temporary_database

BAHIA = ZoneInfo("America/Bahia")


def test_times_come_back_aware_in_utc(backend: str, tmp_path: Path) -> None:
    metadata = MetaData()
    moments = Table(
        "moments",
        metadata,
        Column("id", Integer, primary_key=True),
        Column("at", UTCDateTime),
    )
    local = dt.datetime(2010, 4, 12, 10, 0, tzinfo=BAHIA)
    with temporary_database(backend, tmp_path) as url:
        engine = make_engine(url)
        try:
            metadata.create_all(engine)
            with engine.begin() as connection:
                if backend == "postgresql":
                    # PostgreSQL answers in the session's zone: not UTC here.
                    connection.execute(text("SET TIME ZONE 'America/Bahia'"))
                connection.execute(
                    insert(moments),
                    [
                        {"id": 1, "at": local},
                        # Naive is UTC, as stored before the type (old export files).
                        {"id": 2, "at": dt.datetime(2010, 4, 12, 13, 0)},
                        {"id": 3, "at": None},
                    ],
                )
                read = dict(connection.execute(select(moments.c.id, moments.c.at)).all())
        finally:
            engine.dispose()
    expected = dt.datetime(2010, 4, 12, 13, 0, tzinfo=dt.UTC)
    assert read[1] == expected and read[1].utcoffset() == dt.timedelta(0)
    assert read[2] == expected and read[2].utcoffset() == dt.timedelta(0)
    assert read[3] is None
