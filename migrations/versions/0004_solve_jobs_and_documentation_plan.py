"""solve jobs and documentation plan

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0004'
down_revision: str | None = '0003'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('solve_jobs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('congress_id', sa.Integer(), nullable=False),
    sa.Column('state', sa.Enum('queued', 'running', 'succeeded', 'failed', 'cancelled', name='job_state', native_enum=False, create_constraint=True, length=40), nullable=False),
    sa.Column('time_limit_s', sa.Float(), nullable=False),
    sa.Column('seed', sa.Integer(), nullable=False),
    sa.Column('cancel_requested', sa.Boolean(), nullable=False),
    sa.Column('solutions', sa.Integer(), nullable=False),
    sa.Column('objective', sa.Float(), nullable=True),
    sa.Column('best_bound', sa.Float(), nullable=True),
    sa.Column('elapsed_s', sa.Float(), nullable=True),
    sa.Column('solver_status', sa.String(length=20), nullable=True),
    sa.Column('error', sa.Text(), nullable=True),
    sa.Column('explanation', sa.Text(), nullable=True),
    sa.Column('conflicting_rules', sa.JSON(), nullable=False),
    sa.Column('draft_id', sa.Integer(), nullable=True),
    sa.Column('worker', sa.String(length=200), nullable=True),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('heartbeat_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['congress_id'], ['congresses.id'], name=op.f('fk_solve_jobs_congress_id_congresses'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['draft_id'], ['timetable_versions.id'], name=op.f('fk_solve_jobs_draft_id_timetable_versions'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_solve_jobs'))
    )
    with op.batch_alter_table('solve_jobs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_solve_jobs_congress_id'), ['congress_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_solve_jobs_state'), ['state'], unique=False)

    with op.batch_alter_table('congresses', schema=None) as batch_op:
        # Existing congresses get a Saturday-Sunday weekend and no holidays.
        batch_op.add_column(sa.Column('weekend_days', sa.JSON(), nullable=False, server_default='[6, 7]'))
        batch_op.add_column(sa.Column('holidays', sa.JSON(), nullable=False, server_default='[]'))

    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.add_column(sa.Column('issued_on', sa.Date(), nullable=True))



def downgrade() -> None:
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.drop_column('issued_on')

    with op.batch_alter_table('congresses', schema=None) as batch_op:
        batch_op.drop_column('holidays')
        batch_op.drop_column('weekend_days')

    with op.batch_alter_table('solve_jobs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_solve_jobs_state'))
        batch_op.drop_index(batch_op.f('ix_solve_jobs_congress_id'))

    op.drop_table('solve_jobs')
