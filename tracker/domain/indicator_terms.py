"""Name the fixed vocabularies of performance indicators, with the papers' wording."""

from __future__ import annotations

from enum import StrEnum


class Unit(StrEnum):
    """Say what an indicator's readings count."""

    PERCENTAGE = "percentage"
    NUMBER = "number"
    RATE_PER_10000 = "rate_per_10000"
    DAYS = "days"
    MONEY = "money"

    @property
    def label(self) -> str:
        """Return the wording a scorecard uses."""
        return _UNIT_LABELS[self]


_UNIT_LABELS = {
    Unit.PERCENTAGE: "%",
    Unit.NUMBER: "Number",
    Unit.RATE_PER_10000: "Rate per 10,000",
    Unit.DAYS: "Days",
    Unit.MONEY: "£",
}


class Polarity(StrEnum):
    """Say what good performance is for an indicator ("good perf is" on the scorecard)."""

    HIGH = "high"
    LOW = "low"
    WITHIN_LIMITS = "within_limits"
    INFO = "info"

    @property
    def label(self) -> str:
        """Return the wording a scorecard uses."""
        return _POLARITY_LABELS[self]


_POLARITY_LABELS = {
    Polarity.HIGH: "High",
    Polarity.LOW: "Low",
    Polarity.WITHIN_LIMITS: "Within limits",
    Polarity.INFO: "Info",
}


class Frequency(StrEnum):
    """Say how often an indicator is read."""

    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    TERMLY = "termly"
    ANNUAL = "annual"
    ROLLING_YEAR = "rolling_year"

    @property
    def label(self) -> str:
        """Return the wording a scorecard uses."""
        return _FREQUENCY_LABELS[self]


_FREQUENCY_LABELS = {
    Frequency.MONTHLY: "Monthly",
    Frequency.QUARTERLY: "Quarterly",
    Frequency.TERMLY: "Termly",
    Frequency.ANNUAL: "Annual",
    Frequency.ROLLING_YEAR: "Rolling year",
}


class YearBasis(StrEnum):
    """Say which year an indicator's year to date and targets run over."""

    FINANCIAL = "financial"
    ACADEMIC = "academic"
    CALENDAR = "calendar"

    @property
    def label(self) -> str:
        """Return the wording a scorecard uses."""
        return _YEAR_BASIS_LABELS[self]


_YEAR_BASIS_LABELS = {
    YearBasis.FINANCIAL: "Financial year (April to March)",
    YearBasis.ACADEMIC: "Academic year (September to August)",
    YearBasis.CALENDAR: "Calendar year",
}


class YtdMethod(StrEnum):
    """Say how an indicator's year to date is formed from its readings."""

    CUMULATIVE_SUM = "cumulative_sum"
    LATEST_VALUE = "latest_value"
    AVERAGE = "average"

    @property
    def label(self) -> str:
        """Return the wording a scorecard uses."""
        return _YTD_METHOD_LABELS[self]


_YTD_METHOD_LABELS = {
    YtdMethod.CUMULATIVE_SUM: "Cumulative",
    YtdMethod.LATEST_VALUE: "Latest value",
    YtdMethod.AVERAGE: "Average",
}


class RagMethod(StrEnum):
    """Say how an indicator's RAG is decided: by its tolerances, or by target and comparators."""

    TOLERANCE = "tolerance"
    COMPARISON = "comparison"

    @property
    def label(self) -> str:
        """Return the wording a scorecard uses."""
        return _RAG_METHOD_LABELS[self]


_RAG_METHOD_LABELS = {
    RagMethod.TOLERANCE: "By tolerance",
    RagMethod.COMPARISON: "By target and comparators",
}


# The most months late a paper reports a figure: a scorecard loads a year of readings before its
# month, enough for the figure so late, the one before it and its year to date.
MAX_MONTHS_IN_ARREARS = 6


class RagOn(StrEnum):
    """Say which figure an indicator's RAG rates: the period's reading, or the year to date."""

    PERIOD = "period"
    YEAR_TO_DATE = "year_to_date"

    @property
    def label(self) -> str:
        """Return the wording a scorecard uses."""
        return _RAG_ON_LABELS[self]


_RAG_ON_LABELS = {
    RagOn.PERIOD: "The period's reading",
    RagOn.YEAR_TO_DATE: "The year to date",
}


class BenchmarkKind(StrEnum):
    """Say which comparator a benchmark figure is."""

    STAT_NEIGHBOUR_AVERAGE = "stat_neighbour_average"
    BEST_STAT_NEIGHBOUR = "best_stat_neighbour"
    NATIONAL_AVERAGE = "national_average"
    NATIONAL_TOP_QUARTILE = "national_top_quartile"
    REGIONAL = "regional"

    @property
    def label(self) -> str:
        """Return the wording a scorecard uses."""
        return _BENCHMARK_LABELS[self]


_BENCHMARK_LABELS = {
    BenchmarkKind.STAT_NEIGHBOUR_AVERAGE: "Statistical neighbour average",
    BenchmarkKind.BEST_STAT_NEIGHBOUR: "Best statistical neighbour",
    BenchmarkKind.NATIONAL_AVERAGE: "National average",
    BenchmarkKind.NATIONAL_TOP_QUARTILE: "National top quartile threshold",
    BenchmarkKind.REGIONAL: "Regional average",
}
