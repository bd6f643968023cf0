"""The paper's rows, as the importer reads them, are judged as the paper judged them."""

from datetime import UTC, date, datetime

import pytest

from tests.indicators.test_import import ROWS
from tracker.domain.enums import Rag
from tracker.domain.indicator_layout import (
    IndicatorRow,
    ScorecardLayout,
    find_layout,
    parse_scorecard_rows,
)
from tracker.domain.indicator_rules import (
    Assessment,
    BenchmarkFacts,
    IndicatorFacts,
    ReadingFacts,
    TargetFacts,
    ToleranceFacts,
    Travel,
    assess,
)
from tracker.domain.indicator_values import month_period


def judged(row: IndicatorRow, period_month: tuple[int, int]) -> Assessment:
    facts = IndicatorFacts(
        id=row.row_number,
        ref=row.ref,
        title=row.title,
        theme=row.theme,
        unit=row.unit,
        polarity=row.polarity,
        frequency=row.frequency,
        year_basis=row.year_basis,
        ytd_method=row.ytd_method,
        rag_method=row.rag_method,
    )
    recorded = datetime(2017, 2, 10, 9, tzinfo=UTC)
    return assess(
        facts,
        [ReadingFacts(r.period, r.value, r.commentary, recorded, False) for r in row.readings],
        [TargetFacts(t.value, t.applies_from, t.applies_until, t.text) for t in row.targets],
        [ToleranceFacts(row.tolerance_year_start, *row.tolerances)] if row.tolerances else [],
        [BenchmarkFacts(b.kind, b.value, b.period_label) for b in row.benchmarks],
        month_period(*period_month),
    )


@pytest.fixture(scope="module")
def paper() -> dict[str, IndicatorRow]:
    layout = find_layout(ROWS, None)
    assert isinstance(layout, ScorecardLayout)
    parsed = parse_scorecard_rows(ROWS, layout, today=date(2017, 3, 1))
    assert parsed.problems == []
    return {row.ref: row for row in parsed.indicators}


@pytest.mark.parametrize(
    ("ref", "rag", "travel"),
    [
        ("1.2", Rag.AMBER, Travel.IMPROVING),
        ("2.2", Rag.RED, Travel.IMPROVING),
        ("3.2", Rag.RED, Travel.DECLINING),
        ("8.2", Rag.AMBER, Travel.IMPROVING),
        ("4.1", None, Travel.UP),
    ],
)
def test_january_2017_rows_get_the_papers_rag_and_direction(paper, ref, rag, travel):
    assessment = judged(paper[ref], (2017, 1))
    assert (assessment.rag, assessment.travel) == (rag, travel)
