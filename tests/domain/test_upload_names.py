import pytest

from tracker.domain.upload_names import upload_name


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        pytest.param("plan.xlsx", "plan.xlsx", id="plain name"),
        pytest.param("My Plan (v2).xlsx", "My Plan (v2).xlsx", id="spaces and brackets kept"),
        pytest.param("C:\\Users\\lyn\\Plan March.csv", "Plan March.csv", id="windows path"),
        pytest.param("/home/lyn/plan.csv", "plan.csv", id="posix path"),
        pytest.param("plan\r\nname.csv", "plan name.csv", id="line break"),
        pytest.param("plan\x00\x07.csv", "plan.csv", id="control characters"),
        pytest.param("plan\u202egnp.csv", "plangnp.csv", id="right-to-left override"),
        pytest.param("plan\tmarch.csv", "plan march.csv", id="tab"),
        pytest.param("Café plan.csv", "Café plan.csv", id="accents kept"),
    ],
)
def test_an_upload_is_named_by_the_last_part_of_its_name_on_one_line(raw, expected):
    assert upload_name(raw) == expected


def test_a_long_name_is_shortened_keeping_its_suffix():
    name = upload_name("x" * 300 + ".xlsx", longest=40)
    assert len(name) == 40
    assert name.endswith("….xlsx")
