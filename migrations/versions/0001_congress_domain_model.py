"""Congress domain model: congresses, time grid, rooms, bodies and officers, agenda,
clusters, workshops, high-level segment, fixed events, delegations.

Revision ID: 0001
Revises: 
Create Date: 2026-11-25
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0001'
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('congresses',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=120), nullable=False),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('symbol', sa.String(length=80), nullable=True),
    sa.Column('theme', sa.Text(), nullable=True),
    sa.Column('venue', sa.String(length=200), nullable=False),
    sa.Column('city', sa.String(length=120), nullable=True),
    sa.Column('country', sa.String(length=120), nullable=True),
    sa.Column('time_zone', sa.String(length=64), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=False),
    sa.Column('end_date', sa.Date(), nullable=False),
    sa.Column('languages', sa.JSON(), nullable=False),
    sa.Column('translations', sa.JSON(), nullable=False),
    sa.Column('max_parallel_meetings', sa.Integer(), nullable=True),
    sa.Column('max_duration_days', sa.Integer(), nullable=True),
    sa.Column('workshops_same_day', sa.Boolean(), nullable=False),
    sa.Column('agenda_order_within_body', sa.Boolean(), nullable=False),
    sa.Column('document_deadline_working_days', sa.Integer(), nullable=True),
    sa.Column('vice_presidents', sa.Integer(), nullable=True),
    sa.Column('seed_hash', sa.String(length=64), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_congresses')),
    sa.UniqueConstraint('slug', name=op.f('uq_congresses_slug'))
    )
    op.create_table('clusters',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('congress_id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=60), nullable=False),
    sa.Column('meetings', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['congress_id'], ['congresses.id'], name=op.f('fk_clusters_congress_id_congresses'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_clusters')),
    sa.UniqueConstraint('congress_id', 'key', name=op.f('uq_clusters_congress_id_key'))
    )
    op.create_table('delegations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('congress_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.Enum('member_state', 'observer_state', 'intergovernmental', 'non_governmental', name='delegation_kind', native_enum=False, create_constraint=True, length=40), nullable=False),
    sa.Column('regional_group', sa.Enum('African States', 'Asia-Pacific States', 'Eastern European States', 'Latin American and Caribbean States', 'Western European and other States', name='regional_group', native_enum=False, create_constraint=True, length=40), nullable=True),
    sa.Column('credentials_committee', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['congress_id'], ['congresses.id'], name=op.f('fk_delegations_congress_id_congresses'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_delegations')),
    sa.UniqueConstraint('congress_id', 'name', name=op.f('uq_delegations_congress_id_name'))
    )
    op.create_table('documents',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('congress_id', sa.Integer(), nullable=False),
    sa.Column('symbol', sa.String(length=80), nullable=False),
    sa.Column('title', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['congress_id'], ['congresses.id'], name=op.f('fk_documents_congress_id_congresses'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_documents')),
    sa.UniqueConstraint('congress_id', 'symbol', name=op.f('uq_documents_congress_id_symbol'))
    )
    op.create_table('general_committee_seats',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('congress_id', sa.Integer(), nullable=False),
    sa.Column('regional_group', sa.Enum('African States', 'Asia-Pacific States', 'Eastern European States', 'Latin American and Caribbean States', 'Western European and other States', name='regional_group', native_enum=False, create_constraint=True, length=40), nullable=False),
    sa.Column('seats', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['congress_id'], ['congresses.id'], name=op.f('fk_general_committee_seats_congress_id_congresses'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_general_committee_seats')),
    sa.UniqueConstraint('congress_id', 'regional_group', name=op.f('uq_general_committee_seats_congress_id_regional_group'))
    )
    op.create_table('meeting_slots',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('congress_id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=40), nullable=False),
    sa.Column('name', sa.String(length=80), nullable=False),
    sa.Column('start_time', sa.Time(), nullable=False),
    sa.Column('end_time', sa.Time(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['congress_id'], ['congresses.id'], name=op.f('fk_meeting_slots_congress_id_congresses'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meeting_slots')),
    sa.UniqueConstraint('congress_id', 'key', name=op.f('uq_meeting_slots_congress_id_key'))
    )
    op.create_table('rooms',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('congress_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('capacity', sa.Integer(), nullable=False),
    sa.Column('interpretation', sa.Boolean(), nullable=False),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['congress_id'], ['congresses.id'], name=op.f('fk_rooms_congress_id_congresses'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_rooms')),
    sa.UniqueConstraint('congress_id', 'name', name=op.f('uq_rooms_congress_id_name'))
    )
    op.create_table('bodies',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('congress_id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=60), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('kind', sa.Enum('plenary', 'committee', 'committee_of_the_whole', 'working_group', name='body_kind', native_enum=False, create_constraint=True, length=40), nullable=False),
    sa.Column('room_id', sa.Integer(), nullable=True),
    sa.Column('expected_attendance', sa.Integer(), nullable=True),
    sa.Column('meets_after_opening', sa.Boolean(), nullable=False),
    sa.Column('meets_before_closing', sa.Boolean(), nullable=False),
    sa.Column('translations', sa.JSON(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['congress_id'], ['congresses.id'], name=op.f('fk_bodies_congress_id_congresses'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['room_id'], ['rooms.id'], name=op.f('fk_bodies_room_id_rooms'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_bodies')),
    sa.UniqueConstraint('congress_id', 'key', name=op.f('uq_bodies_congress_id_key'))
    )
    op.create_table('agenda_items',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('congress_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('title', sa.Text(), nullable=False),
    sa.Column('body_id', sa.Integer(), nullable=True),
    sa.Column('meetings', sa.Integer(), nullable=True),
    sa.Column('translations', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['body_id'], ['bodies.id'], name=op.f('fk_agenda_items_body_id_bodies'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['congress_id'], ['congresses.id'], name=op.f('fk_agenda_items_congress_id_congresses'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agenda_items')),
    sa.UniqueConstraint('congress_id', 'number', name=op.f('uq_agenda_items_congress_id_number'))
    )
    op.create_table('fixed_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('congress_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('pre_congress_consultations', 'opening', 'closing', name='fixed_event_kind', native_enum=False, create_constraint=True, length=40), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('body_id', sa.Integer(), nullable=False),
    sa.Column('date', sa.Date(), nullable=True),
    sa.Column('slot_key', sa.String(length=40), nullable=True),
    sa.Column('start_time', sa.Time(), nullable=True),
    sa.Column('end_time', sa.Time(), nullable=True),
    sa.Column('agenda_items', sa.JSON(), nullable=False),
    sa.Column('takes_up_next_unit', sa.Boolean(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['body_id'], ['bodies.id'], name=op.f('fk_fixed_events_body_id_bodies'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['congress_id'], ['congresses.id'], name=op.f('fk_fixed_events_congress_id_congresses'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_fixed_events'))
    )
    op.create_table('high_level_segments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('congress_id', sa.Integer(), nullable=False),
    sa.Column('body_id', sa.Integer(), nullable=False),
    sa.Column('meetings', sa.Integer(), nullable=False),
    sa.Column('window_anchor', sa.Enum('start', 'end', name='window_anchor', native_enum=False, create_constraint=True, length=40), nullable=False),
    sa.Column('window_days', sa.Integer(), nullable=False),
    sa.Column('source', sa.Text(), nullable=True),
    sa.Column('speakers_list_opens', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['body_id'], ['bodies.id'], name=op.f('fk_high_level_segments_body_id_bodies'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['congress_id'], ['congresses.id'], name=op.f('fk_high_level_segments_congress_id_congresses'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_high_level_segments')),
    sa.UniqueConstraint('congress_id', name=op.f('uq_high_level_segments_congress_id'))
    )
    op.create_table('officers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('congress_id', sa.Integer(), nullable=False),
    sa.Column('body_id', sa.Integer(), nullable=True),
    sa.Column('office', sa.String(length=60), nullable=False),
    sa.Column('seat', sa.Integer(), nullable=False),
    sa.Column('delegation_id', sa.Integer(), nullable=True),
    sa.Column('person_name', sa.String(length=200), nullable=True),
    sa.Column('regional_group', sa.Enum('African States', 'Asia-Pacific States', 'Eastern European States', 'Latin American and Caribbean States', 'Western European and other States', name='regional_group', native_enum=False, create_constraint=True, length=40), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['body_id'], ['bodies.id'], name=op.f('fk_officers_body_id_bodies'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['congress_id'], ['congresses.id'], name=op.f('fk_officers_congress_id_congresses'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['delegation_id'], ['delegations.id'], name=op.f('fk_officers_delegation_id_delegations'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_officers')),
    sa.UniqueConstraint('congress_id', 'body_id', 'office', 'seat', name=op.f('uq_officers_congress_id_body_id_office_seat'))
    )
    op.create_table('agenda_item_documents',
    sa.Column('agenda_item_id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['agenda_item_id'], ['agenda_items.id'], name=op.f('fk_agenda_item_documents_agenda_item_id_agenda_items'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], name=op.f('fk_agenda_item_documents_document_id_documents'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('agenda_item_id', 'document_id', name=op.f('pk_agenda_item_documents'))
    )
    op.create_table('agenda_sub_items',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('agenda_item_id', sa.Integer(), nullable=False),
    sa.Column('label', sa.String(length=20), nullable=False),
    sa.Column('title', sa.Text(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['agenda_item_id'], ['agenda_items.id'], name=op.f('fk_agenda_sub_items_agenda_item_id_agenda_items'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agenda_sub_items')),
    sa.UniqueConstraint('agenda_item_id', 'label', name=op.f('uq_agenda_sub_items_agenda_item_id_label'))
    )
    op.create_table('cluster_items',
    sa.Column('cluster_id', sa.Integer(), nullable=False),
    sa.Column('agenda_item_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['agenda_item_id'], ['agenda_items.id'], name=op.f('fk_cluster_items_agenda_item_id_agenda_items'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['cluster_id'], ['clusters.id'], name=op.f('fk_cluster_items_cluster_id_clusters'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('cluster_id', 'agenda_item_id', name=op.f('pk_cluster_items')),
    sa.UniqueConstraint('agenda_item_id', name=op.f('uq_cluster_items_agenda_item_id'))
    )
    op.create_table('workshops',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('congress_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('title', sa.Text(), nullable=False),
    sa.Column('short_title', sa.String(length=200), nullable=True),
    sa.Column('meetings', sa.Integer(), nullable=False),
    sa.Column('body_id', sa.Integer(), nullable=True),
    sa.Column('room_id', sa.Integer(), nullable=True),
    sa.Column('agenda_item_id', sa.Integer(), nullable=True),
    sa.Column('translations', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['agenda_item_id'], ['agenda_items.id'], name=op.f('fk_workshops_agenda_item_id_agenda_items'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['body_id'], ['bodies.id'], name=op.f('fk_workshops_body_id_bodies'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['congress_id'], ['congresses.id'], name=op.f('fk_workshops_congress_id_congresses'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['room_id'], ['rooms.id'], name=op.f('fk_workshops_room_id_rooms'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_workshops')),
    sa.UniqueConstraint('congress_id', 'number', name=op.f('uq_workshops_congress_id_number'))
    )
    op.create_table('workshop_documents',
    sa.Column('workshop_id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], name=op.f('fk_workshop_documents_document_id_documents'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['workshop_id'], ['workshops.id'], name=op.f('fk_workshop_documents_workshop_id_workshops'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('workshop_id', 'document_id', name=op.f('pk_workshop_documents'))
    )


def downgrade() -> None:
    op.drop_table('workshop_documents')
    op.drop_table('workshops')
    op.drop_table('cluster_items')
    op.drop_table('agenda_sub_items')
    op.drop_table('agenda_item_documents')
    op.drop_table('officers')
    op.drop_table('high_level_segments')
    op.drop_table('fixed_events')
    op.drop_table('agenda_items')
    op.drop_table('bodies')
    op.drop_table('rooms')
    op.drop_table('meeting_slots')
    op.drop_table('general_committee_seats')
    op.drop_table('documents')
    op.drop_table('delegations')
    op.drop_table('clusters')
    op.drop_table('congresses')
