import pytest

from tracker.domain.bands import band_label


@pytest.mark.parametrize(
    ("number", "wording", "expected"),
    [
        (
            1,
            "Actions to be completed by October 2009",
            "Priority 1 Actions to be completed by October 2009",
        ),
        (3, "", "Priority 3"),
        (2, "  ", "Priority 2"),
        (10, "Later", "Priority 10 Later"),
    ],
)
def test_band_label(number, wording, expected):
    assert band_label(number, wording) == expected
