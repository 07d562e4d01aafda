"""A faithful fake Cliq server: the demo backend and the test bed.

Independent of :mod:`cliq_tui.api` on purpose, so drift between the client's and the server's
idea of the API shows up in tests.
"""

from cliq_tui.fake.app import create_app
from cliq_tui.fake.config import FakeConfig
from cliq_tui.fake.server import FakeServer
from cliq_tui.fake.state import FakeState

__all__ = ["FakeConfig", "FakeServer", "FakeState", "create_app"]
