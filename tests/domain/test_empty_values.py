import pytest

from tracker.domain.empty_values import NOT_RECORDED, recorded


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param(None, NOT_RECORDED, id="None"),
        pytest.param("", NOT_RECORDED, id="empty text"),
        pytest.param("  \n", NOT_RECORDED, id="blank text"),
        pytest.param("77.8% (2008/09)", "77.8% (2008/09)", id="text as written"),
        pytest.param(" 80% ", " 80% ", id="text kept untrimmed"),
        pytest.param(0, "0", id="zero is a value"),
        pytest.param("None", "None", id="the word None typed by a user"),
    ],
)
def test_a_missing_or_blank_value_reads_not_recorded(value: object, expected: str) -> None:
    assert recorded(value) == expected
