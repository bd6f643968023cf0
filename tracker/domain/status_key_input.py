"""Read a status key entry's label and words as an administrator types them."""

from tracker.domain.text_limits import STATUS_LABEL


def status_words(text: str) -> tuple[str, ...]:
    """Return the words typed one a line, spacing tidied, blank lines and repeats left out."""
    words = (line.strip() for line in text.splitlines())
    return tuple(dict.fromkeys(" ".join(word.split()) for word in words if word))


def new_entry_label(text: str, *, word: str) -> tuple[str | None, str]:
    """Return the label typed for a new entry meaning the word, or None with the message."""
    label = " ".join(text.split())
    if not label:
        return None, f"Enter a label for the new entry meaning '{word}'"
    if len(label) > STATUS_LABEL.maximum:
        return None, f"The label for '{word}' must be {STATUS_LABEL.maximum} characters or fewer"
    return label, ""
