"""version snapshots

What the public saw of the congress (names, titles in every language, document
symbols) when a version was published, so that a published version never changes
when the congress's rows are edited afterwards. Versions published before this
revision have none and show the congress as it is (as they always did).

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0014'
down_revision: str | None = '0013'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('timetable_versions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('snapshot', sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('timetable_versions', schema=None) as batch_op:
        batch_op.drop_column('snapshot')
