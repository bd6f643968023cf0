"""Count working days: weekdays that are not England and Wales bank holidays."""

from datetime import date, timedelta

_ONE_DAY = timedelta(days=1)
_SATURDAY = 5


def _weekdays_up_to(day: date) -> int:
    """Return how many Mondays to Fridays there are from 1 January of year 1 up to day."""
    # Ordinal 1 (1 January of year 1) is a Monday, so each block of 7 ordinals is one ISO week.
    full_weeks, days_into_week = divmod(day.toordinal(), 7)
    return full_weeks * 5 + min(days_into_week, 5)


class WorkingCalendar:
    """Answer working-day questions, loading each year's bank holidays the first time it is used."""

    def __init__(self) -> None:
        """Start with no years loaded."""
        self._weekday_bank_holidays: dict[int, frozenset[date]] = {}

    def _bank_holidays_on_weekdays(self, year: int) -> frozenset[date]:
        """Return the year's bank holidays that fall Monday to Friday."""
        loaded = self._weekday_bank_holidays.get(year)
        if loaded is None:
            # Imported at first use, so that a command that counts no working days never loads it.
            import holidays

            # England and Wales share one list of bank holidays; "ENG" is that list.
            source = holidays.country_holidays("GB", subdiv="ENG", years=year)
            loaded = frozenset(d for d in source if d.year == year and d.weekday() < _SATURDAY)
            self._weekday_bank_holidays[year] = loaded
        return loaded

    def is_working_day(self, day: date) -> bool:
        """Say whether day is a weekday that is not a bank holiday."""
        return day.weekday() < _SATURDAY and day not in self._bank_holidays_on_weekdays(day.year)

    def add_working_days(self, day: date, count: int) -> date:
        """Return the count-th working day after day, or day itself when count is 0."""
        if count < 0:
            raise ValueError(f"count must not be negative, got {count}")
        result = day
        remaining = count
        while remaining:
            result += _ONE_DAY
            if self.is_working_day(result):
                remaining -= 1
        return result

    def working_days_between(self, start: date, end: date) -> int:
        """Return how many working days fall after start, up to and including end."""
        if end <= start:
            return 0
        weekdays = _weekdays_up_to(end) - _weekdays_up_to(start)
        bank_holidays = sum(
            1
            for year in range(start.year, end.year + 1)
            for holiday in self._bank_holidays_on_weekdays(year)
            if start < holiday <= end
        )
        return weekdays - bank_holidays

    def first_working_day_of_week(self, day: date) -> date:
        """Return the first working day on or after the Monday of day's ISO week."""
        monday = day - timedelta(days=day.weekday())
        return monday if self.is_working_day(monday) else self.add_working_days(monday, 1)
