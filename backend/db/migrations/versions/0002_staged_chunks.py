"""staged records packed a chunk of rows at a time

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26 04:20:00

`staged_records` (one JSON row per raw row) becomes `staged_chunks` (zstd-compressed JSON of
up to 5,000 rows). The staged records of existing batches are carried over, packed.
"""

from collections.abc import Iterator, Sequence
from itertools import groupby, islice
from typing import Any

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from backend.db.json_codec import pack_rows, unpack_rows

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CHUNK_ROWS = 5_000
_JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")

staged_records = sa.table(
    "staged_records",
    sa.column("import_id", sa.String),
    sa.column("row_number", sa.Integer),
    sa.column("entities", _JSON),
)
staged_chunks = sa.table(
    "staged_chunks",
    sa.column("import_id", sa.String),
    sa.column("first_row", sa.Integer),
    sa.column("row_count", sa.Integer),
    sa.column("records", sa.LargeBinary),
)


def _runs(rows: Iterator[Any]) -> Iterator[tuple[str, list[tuple[int, Any]]]]:
    """Each batch's staged rows in runs of at most `CHUNK_ROWS`, in row order."""
    for import_id, group in groupby(rows, key=lambda row: row.import_id):
        numbered = ((row.row_number, row.entities) for row in group)
        while run := list(islice(numbered, CHUNK_ROWS)):
            yield import_id, run


def upgrade() -> None:
    op.create_table(
        "staged_chunks",
        sa.Column("import_id", sa.String(length=40), nullable=False),
        sa.Column("first_row", sa.Integer(), nullable=False),
        sa.Column("row_count", sa.Integer(), nullable=False),
        sa.Column("records", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("import_id", "first_row", name=op.f("pk_staged_chunks")),
    )
    bind = op.get_bind()
    rows = bind.execute(
        sa.select(staged_records)
        .order_by(staged_records.c.import_id, staged_records.c.row_number)
        .execution_options(yield_per=CHUNK_ROWS)
    )
    for import_id, run in _runs(iter(rows)):
        packed = pack_rows(run)
        bind.execute(
            staged_chunks.insert().values(
                import_id=import_id,
                first_row=packed.first_row,
                row_count=packed.row_count,
                records=packed.packed,
            )
        )
    op.drop_table("staged_records")


def downgrade() -> None:
    op.create_table(
        "staged_records",
        sa.Column("import_id", sa.String(length=40), nullable=False),
        sa.Column("row_number", sa.Integer(), nullable=False),
        sa.Column("entities", _JSON, nullable=False),
        sa.PrimaryKeyConstraint("import_id", "row_number", name=op.f("pk_staged_records")),
    )
    bind = op.get_bind()
    chunks = bind.execute(sa.select(staged_chunks).execution_options(yield_per=1))
    for chunk in chunks:
        rows = [
            {"import_id": chunk.import_id, "row_number": number, "entities": entities}
            for number, entities in unpack_rows(chunk.records)
        ]
        bind.execute(staged_records.insert(), rows)
    op.drop_table("staged_chunks")
