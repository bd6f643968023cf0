"""The filters of the API's lists of plans, their parts and people, read from the address."""

import pytest

from tracker.domain.listing_filters import Archived, ListingFilters, parse_listing_filters
from tracker.domain.risk_dates import RiskStatus


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        pytest.param({}, ListingFilters(), id="nothing asked: live records, every risk"),
        pytest.param({"archived": "yes"}, ListingFilters(archived=Archived.YES), id="archived"),
        pytest.param({"archived": " all "}, ListingFilters(archived=Archived.ALL), id="all"),
        pytest.param({"archived": "no"}, ListingFilters(), id="live"),
        pytest.param(
            {"status": "open"}, ListingFilters(risk_status=RiskStatus.OPEN), id="open risks"
        ),
        pytest.param(
            {"status": "closed"}, ListingFilters(risk_status=RiskStatus.CLOSED), id="closed"
        ),
        pytest.param({"status": "all"}, ListingFilters(), id="every risk"),
        pytest.param({"q": "  Jul "}, ListingFilters(text="Jul"), id="search trimmed"),
        pytest.param({"archived": "", "status": ""}, ListingFilters(), id="left empty"),
    ],
)
def test_the_filters_asked_for_are_read(args: dict[str, str], expected: ListingFilters) -> None:
    assert parse_listing_filters(args) == (expected, {})


@pytest.mark.parametrize(
    ("args", "name", "message"),
    [
        pytest.param(
            {"archived": "true"},
            "archived",
            "Archived is 'no', 'yes' or 'all'; 'true' is none of them.",
            id="archived not a choice",
        ),
        pytest.param(
            {"status": "Open"},
            "status",
            "The status is 'open', 'closed' or 'all'; 'Open' is none of them.",
            id="status not a choice",
        ),
        pytest.param(
            {"q": "x" * 201}, "q", "Search for at most 200 characters.", id="search too long"
        ),
        pytest.param(
            {"q": "a\x00b"},
            "q",
            "Search for text without control characters such as tabs or line breaks.",
            id="search with a NUL",
        ),
    ],
)
def test_a_wrong_filter_is_named_with_what_to_write(
    args: dict[str, str], name: str, message: str
) -> None:
    filters, problems = parse_listing_filters(args)

    assert problems == {name: message}
    assert filters == ListingFilters()
