"""Checks of single settings that would otherwise fail late and in the wrong words: a server
URL (scheme, host, port, no user name, no path) and an access token (one printable ASCII word)."""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

__all__ = ["check_base_url", "check_token"]

_LOOPBACK_NAMES = {"localhost", "localhost.localdomain"}


def check_base_url(url: str) -> str:
    """An https URL, or http on a loopback host (the fake server); without a trailing slash."""
    if not url.isascii() or not url.isprintable():
        raise ValueError("expected a URL such as https://cliq.zoho.com (plain ASCII, one line)")
    parts = urlsplit(url.strip())
    if "@" in parts.netloc:
        # httpx would send user:password as basic auth in place of the token, and Cliq's
        # "rejected the access token" would then mislead. Never echoed: it may hold a password.
        raise ValueError(
            "expected a URL without a user name or password before the host (user:pw@); "
            "the sign-in comes from the token or the OAuth settings"
        )
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError("expected a URL such as https://cliq.zoho.com")
    try:
        port = parts.port
    except ValueError:
        port = 0
    if port == 0 or parts.netloc.endswith(":"):
        raise ValueError("expected a port from 1 to 65535 after the host, or none")
    if parts.scheme == "http" and not _is_loopback(parts.hostname):
        raise ValueError("expected https (plain http is only allowed for 127.0.0.1/localhost)")
    if parts.query or parts.fragment:
        raise ValueError("expected the server root, without a query")
    if parts.path.strip("/"):
        root = f"{parts.scheme}://{parts.netloc}"
        raise ValueError(f"expected the server root ({root}), without a path ({parts.path})")
    return url.strip().rstrip("/")


def check_token(token: str) -> str:
    """An access token as Zoho issues them: one word of printable ASCII (spaces around it are
    dropped); anything else would fail as a confusing network error, so it is refused here."""
    token = token.strip()
    if not token:
        raise ValueError("is empty")
    if not all("!" <= ch <= "~" for ch in token):
        raise ValueError(
            "is not one word of printable ASCII (it has a space, a line break or another "
            "character no token has)"
        )
    if len(token) > 4096:
        raise ValueError("is longer than any access token (4096 characters)")
    return token


def _is_loopback(host: str) -> bool:
    if host.lower() in _LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
