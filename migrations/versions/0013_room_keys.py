"""room keys

A stable key for each room, in its public feed URL instead of its id (ids change with
`congress export` / `import`). Existing rooms get the key derived from their name.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-02
"""

import re
import unicodedata
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0013'
down_revision: str | None = '0012'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _key_of(name: str) -> str:
    # A copy of app.rooms.models.key_of as it was at this revision: migrations do not
    # import application code, which may change after them.
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    key = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")
    return key[:76].strip("-") or "room"


def upgrade() -> None:
    with op.batch_alter_table('rooms', schema=None) as batch_op:
        batch_op.add_column(sa.Column('key', sa.String(length=80), nullable=True))
    connection = op.get_bind()
    rooms = sa.table('rooms', sa.column('id'), sa.column('congress_id'), sa.column('name'), sa.column('key'))
    taken: dict[int, set[str]] = {}
    for room_id, congress_id, name in connection.execute(
        sa.select(rooms.c.id, rooms.c.congress_id, rooms.c.name).order_by(rooms.c.id)
    ):
        keys = taken.setdefault(congress_id, set())
        base = key = _key_of(name)
        n = 2
        while key in keys:
            key, n = f"{base}-{n}", n + 1
        keys.add(key)
        connection.execute(rooms.update().where(rooms.c.id == room_id).values(key=key))
    with op.batch_alter_table('rooms', schema=None) as batch_op:
        batch_op.alter_column('key', existing_type=sa.String(length=80), nullable=False)
        batch_op.create_unique_constraint(batch_op.f('uq_rooms_congress_id_key'), ['congress_id', 'key'])


def downgrade() -> None:
    with op.batch_alter_table('rooms', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_rooms_congress_id_key'), type_='unique')
        batch_op.drop_column('key')
