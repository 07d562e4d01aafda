"""The operating system's keychain (macOS Keychain, Windows Credential Locker, the Secret Service
on Linux desktops), through the ``keyring`` package, when one is available.

Every failure means "no keychain here": keyring's fail backend (a machine without one), a locked
or broken backend, a backend that drops what it is given. The caller then keeps the secret in a
0600 file instead, as ``gh`` does. Nothing here logs or raises a secret: only the type of what
went wrong is logged.
"""

from __future__ import annotations

import logging
from typing import Any

__all__ = ["SERVICE", "backend_name", "get", "put"]

log = logging.getLogger(__name__)

# The keychain entries' service name; the account is named by the credentials file.
SERVICE = "cliq-tui"


def _backend() -> Any | None:
    """keyring's backend when it is a real keychain, else None."""
    try:
        import keyring
        from keyring.backends import fail
    except ImportError:  # pragma: no cover - keyring is a dependency
        return None
    try:
        backend = keyring.get_keyring()
    except Exception as exc:  # a broken keyring configuration: no keychain
        log.info("no keychain: %s", type(exc).__name__)
        return None
    if isinstance(backend, fail.Keyring) or getattr(backend, "priority", 1) <= 0:
        return None
    return backend


def backend_name() -> str | None:
    """The keychain in use, in words ("macOS Keychain", the backend's class), or None."""
    backend = _backend()
    if backend is None:
        return None
    name = getattr(backend, "name", None)
    return str(name) if name else type(backend).__name__


def put(account: str, value: str) -> bool:
    """Store ``value`` under ``account``; True only when the keychain gives it back unchanged."""
    backend = _backend()
    if backend is None:
        return False
    try:
        backend.set_password(SERVICE, account, value)
        return bool(backend.get_password(SERVICE, account) == value)
    except Exception as exc:
        log.info("the keychain refused to store a secret: %s", type(exc).__name__)
        return False


def get(account: str) -> str | None:
    """What the keychain holds under ``account``, or None (no keychain, nothing, an error)."""
    backend = _backend()
    if backend is None:
        return None
    try:
        value = backend.get_password(SERVICE, account)
    except Exception as exc:
        log.info("the keychain could not be read: %s", type(exc).__name__)
        return None
    return value if isinstance(value, str) else None
