"""Every text column people type into has a limit, and its column holds that many characters."""

import pytest
from sqlalchemy import Enum, String

from tracker.domain.text_limits import FIELD_LIMITS
from tracker.extensions import db

# Text the tracker writes itself, or checks against a pattern of its own, rather than free text.
NOT_TYPED_FREELY = {
    ("plan", "slug"),
    ("plan", "reporting_cadence"),
    ("person", "name_key"),
    ("organisation", "name_key"),
    ("action", "target_date_problem"),
    ("action", "ref_sort_key"),
    ("status_update", "source"),
    ("risk", "status"),
    ("evidence", "content_type"),
    ("evidence", "sha256"),
    ("evidence", "stored_name"),
}


def _text_columns() -> list[tuple[str, str, int | None]]:
    columns = []
    for table_name in FIELD_LIMITS:
        table = db.metadata.tables[table_name]
        for column in table.columns:
            if isinstance(column.type, String) and not isinstance(column.type, Enum):
                columns.append((table_name, column.name, column.type.length))
    return columns


def test_every_free_text_column_of_the_limited_records_has_a_limit(app):
    free_text = {
        (table, column)
        for table, column, _ in _text_columns()
        if (table, column) not in NOT_TYPED_FREELY
    }

    assert free_text == {
        (table, field) for table, fields in FIELD_LIMITS.items() for field in fields
    }


@pytest.mark.parametrize(
    ("table", "field"),
    [(table, field) for table, fields in FIELD_LIMITS.items() for field in fields],
)
def test_each_column_holds_its_field_s_maximum(app, table, field):
    length = db.metadata.tables[table].columns[field].type.length

    assert length is None or length >= FIELD_LIMITS[table][field].maximum
