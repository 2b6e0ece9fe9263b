"""agenda units and workshops: rules of their own

Agenda units (clusters and items on their own) get a set of allowed bodies, their
consecutiveness and their earliest and latest days; the congress a default
consecutiveness and its tracks (explicit orders of units across bodies); workshops a
set of allowed bodies, a span, a start and the slots a side workshop (one held in a
room outside the bodies) may use. Rows stored before keep their behaviour: every new
column is empty or takes the old default.

Revision ID: 0017_units_workshops
Revises: 0016_slot_kinds_calendars
Create Date: 2026-12-04
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0017_units_workshops'
down_revision: str | None = '0016_slot_kinds_calendars'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_UNIT_TABLES = ('agenda_items', 'clusters')


def upgrade() -> None:
    for table in _UNIT_TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('bodies', sa.JSON(), nullable=True))
            batch_op.add_column(sa.Column('consecutive', sa.String(length=10), nullable=True))
            batch_op.add_column(sa.Column('earliest', sa.Date(), nullable=True))
            batch_op.add_column(sa.Column('latest', sa.Date(), nullable=True))
    with op.batch_alter_table('congresses', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                'units_consecutive', sa.String(length=10), server_default='hard', nullable=False
            )
        )
        batch_op.add_column(sa.Column('tracks', sa.JSON(), nullable=True))
    with op.batch_alter_table('workshops', schema=None) as batch_op:
        batch_op.add_column(sa.Column('bodies', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('span', sa.String(length=20), nullable=True))
        batch_op.add_column(
            sa.Column('start', sa.String(length=10), server_default='any', nullable=False)
        )
        batch_op.add_column(sa.Column('slots', sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('workshops', schema=None) as batch_op:
        batch_op.drop_column('slots')
        batch_op.drop_column('start')
        batch_op.drop_column('span')
        batch_op.drop_column('bodies')
    with op.batch_alter_table('congresses', schema=None) as batch_op:
        batch_op.drop_column('tracks')
        batch_op.drop_column('units_consecutive')
    for table in reversed(_UNIT_TABLES):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column('latest')
            batch_op.drop_column('earliest')
            batch_op.drop_column('consecutive')
            batch_op.drop_column('bodies')
