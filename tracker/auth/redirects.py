"""Keep redirects after sign-in on this site."""

from urllib.parse import urlsplit


def local_path(target: str | None) -> str | None:
    """Return target when it is a path on this site, otherwise None."""
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return None
    if any(ord(character) < 32 or character == "\\" for character in target):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return None
    return target
