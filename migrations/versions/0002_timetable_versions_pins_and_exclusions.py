"""timetable versions, pins and exclusions

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0002'
down_revision: str | None = '0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('exclusions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('congress_id', sa.Integer(), nullable=False),
    sa.Column('body_key', sa.String(length=60), nullable=True),
    sa.Column('target', sa.String(length=80), nullable=True),
    sa.Column('dates', sa.JSON(), nullable=True),
    sa.Column('slot_keys', sa.JSON(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['congress_id'], ['congresses.id'], name=op.f('fk_exclusions_congress_id_congresses'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_exclusions'))
    )
    op.create_table('pins',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('congress_id', sa.Integer(), nullable=False),
    sa.Column('target', sa.String(length=80), nullable=False),
    sa.Column('meeting', sa.Integer(), nullable=False),
    sa.Column('date', sa.Date(), nullable=False),
    sa.Column('slot_key', sa.String(length=40), nullable=False),
    sa.Column('body_key', sa.String(length=60), nullable=True),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['congress_id'], ['congresses.id'], name=op.f('fk_pins_congress_id_congresses'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pins'))
    )
    op.create_table('timetable_versions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('congress_id', sa.Integer(), nullable=False),
    sa.Column('state', sa.Enum('draft', 'published', name='version_state', native_enum=False, create_constraint=True, length=40), nullable=False),
    sa.Column('number', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('published_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('change_log', sa.Text(), nullable=True),
    sa.Column('based_on_id', sa.Integer(), nullable=True),
    sa.Column('solver_status', sa.String(length=20), nullable=False),
    sa.Column('objective', sa.Float(), nullable=True),
    sa.Column('best_bound', sa.Float(), nullable=True),
    sa.Column('gap', sa.Float(), nullable=True),
    sa.Column('wall_time_s', sa.Float(), nullable=True),
    sa.Column('seed', sa.Integer(), nullable=True),
    sa.Column('rule_report', sa.JSON(), nullable=False),
    sa.Column('violations', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['based_on_id'], ['timetable_versions.id'], name=op.f('fk_timetable_versions_based_on_id_timetable_versions'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['congress_id'], ['congresses.id'], name=op.f('fk_timetable_versions_congress_id_congresses'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_timetable_versions')),
    sa.UniqueConstraint('congress_id', 'number', name=op.f('uq_timetable_versions_congress_id_number'))
    )
    op.create_table('timetable_meetings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=160), nullable=False),
    sa.Column('also', sa.JSON(), nullable=False),
    sa.Column('date', sa.Date(), nullable=False),
    sa.Column('slot_key', sa.String(length=40), nullable=False),
    sa.Column('body_key', sa.String(length=60), nullable=False),
    sa.Column('body_name', sa.String(length=120), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('start', sa.DateTime(), nullable=False),
    sa.Column('end', sa.DateTime(), nullable=False),
    sa.Column('agenda_items', sa.JSON(), nullable=False),
    sa.Column('workshop', sa.Text(), nullable=True),
    sa.Column('room', sa.String(length=120), nullable=True),
    sa.Column('title', sa.Text(), nullable=False),
    sa.Column('sequence', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['version_id'], ['timetable_versions.id'], name=op.f('fk_timetable_meetings_version_id_timetable_versions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_timetable_meetings')),
    sa.UniqueConstraint('version_id', 'key', name=op.f('uq_timetable_meetings_version_id_key'))
    )
    with op.batch_alter_table('timetable_meetings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_timetable_meetings_version_id'), ['version_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('timetable_meetings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_timetable_meetings_version_id'))

    op.drop_table('timetable_meetings')
    op.drop_table('timetable_versions')
    op.drop_table('pins')
    op.drop_table('exclusions')
