"""The audit page shows dates stored in an event's details as "2 November 2009"."""

import pytest

from tracker.domain.changes import shown_value


@pytest.mark.parametrize(
    ("stored", "shown"),
    [
        ("2009-11-02", "2 November 2009"),
        ("2011-03-31T14:05:09", "31 March 2011, 14:05 UTC"),
        ("2011-03-31T14:05:09+01:00", "31 March 2011, 13:05 UTC"),
        ("2011-03-31T14:05", "31 March 2011, 14:05 UTC"),
        ("Due 2009-11-02", "Due 2009-11-02"),
        ("2009-11-02 and more", "2009-11-02 and more"),
        ("1.10", "1.10"),
        (12, 12),
        (None, None),
    ],
)
def test_iso_dates_in_audit_details_are_shown_in_words_and_other_values_as_stored(stored, shown):
    assert shown_value(stored) == shown
