"""cliq-tui: a keyboard-driven terminal dashboard for Zoho Cliq scheduled messages."""

__version__ = "0.1.0"
