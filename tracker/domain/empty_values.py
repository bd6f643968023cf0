"""Say how a value nobody has recorded is printed on every page, PDF and document."""

NOT_RECORDED = "Not recorded"


def recorded(value: object) -> str:
    """Return a value as text, or "Not recorded" when it is missing or blank."""
    if value is None:
        return NOT_RECORDED
    text = str(value)
    return text if text.strip() else NOT_RECORDED
