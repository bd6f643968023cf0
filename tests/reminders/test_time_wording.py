"""Times on the reminder pages read as people in the UK say them."""

from datetime import UTC, datetime

import pytest

from tracker.filters import long_date_at_time


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (datetime(2009, 11, 2, 14, 5, tzinfo=UTC), "2 November 2009 at 14:05"),
        # British Summer Time: an hour ahead of UTC.
        (datetime(2026, 3, 31, 6, 0, tzinfo=UTC), "31 March 2026 at 07:00"),
        # Late on a summer evening in UTC is already the next day in the UK.
        (datetime(2026, 6, 30, 23, 30, tzinfo=UTC), "1 July 2026 at 00:30"),
        (None, ""),
    ],
)
def test_a_timestamp_reads_as_a_long_date_at_uk_time(moment, expected):
    assert long_date_at_time(moment) == expected
