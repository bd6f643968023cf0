"""Label a priority band and check its date window."""

from datetime import date


def band_label(number: int, wording: str) -> str:
    """Label a band as the papers print it: "Priority 1 Actions to be completed by …"."""
    return f"Priority {number} {wording}".strip()


def band_window_problem(window_start: date | None, window_end: date | None) -> str | None:
    """Return why a band's window is impossible, or None when it is fine or open-ended."""
    if window_start is not None and window_end is not None and window_end < window_start:
        return "The window end must be the same as or after its start"
    return None
