"""cliq-tui: a keyboard-driven terminal dashboard for Zoho Cliq scheduled messages."""

from cliq_tui.base.version import __version__

__all__ = ["__version__"]
