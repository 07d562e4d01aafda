"""The release of cliq-tui, at the bottom of the layers so that any layer may name it (the
User-Agent of every request, ``cliq-tui --version``)."""

__version__ = "0.1.0"
