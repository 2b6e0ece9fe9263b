"""congress preference weights

The weights of the scheduler's soft preferences become data of each congress.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-25
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0008'
down_revision: str | None = '0007'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Existing congresses keep the scheduler's defaults: an empty object.
    with op.batch_alter_table('congresses', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('preference_weights', sa.JSON(), server_default=sa.text("'{}'"), nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table('congresses', schema=None) as batch_op:
        batch_op.drop_column('preference_weights')
