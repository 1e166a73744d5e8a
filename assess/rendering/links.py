"""Which addresses a rendered document may link to."""

from __future__ import annotations


def web_url(url: str | None) -> str | None:
    """A link target only for web addresses; anything else stays plain text."""
    if url and url.strip().lower().startswith(("https://", "http://")) and not any(c.isspace() for c in url.strip()):
        return url.strip()
    return None
