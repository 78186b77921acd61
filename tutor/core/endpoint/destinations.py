"""Where an API key may go: only to the base URL it was configured for, compared as servers are.

A URL is compared by scheme, host (any case), port (the scheme's default filled in), path
(without a trailing slash) and query; user info and fragments never match anything. So
``HTTPS://API.openai.com:443/v1/`` is ``https://api.openai.com/v1``, but ``http://`` is not
``https://``, another port is another server, and ``/v1`` is not ``/api/v1``.
"""

from __future__ import annotations

from urllib.parse import urlsplit

DEFAULT_PORTS = {"http": 80, "https": 443}

Place = tuple[str, str, int, str, str]


def place_of(url: str) -> Place | None:
    """``(scheme, host, port, path, query)`` of an http(s) URL; None if it names no such place."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    if scheme not in DEFAULT_PORTS or not host or parts.username or parts.password:
        return None
    if parts.fragment:
        return None
    return scheme, host, port or DEFAULT_PORTS[scheme], parts.path.rstrip("/"), parts.query


def same_place(a: str, b: str) -> bool:
    """True when both URLs name the same server and path (see the module's rules)."""
    here = place_of(a)
    return here is not None and here == place_of(b)
