"""The helpers every test folder shares, one module per concern; fixtures stay in conftest.py.

- :mod:`.clock`: the one fake clock (:class:`~.clock.FakeClock`) and the fixed start time.
- :mod:`.servers`: fake servers (configs, starting them) and readers of what they hold or saw.
- :mod:`.client`: our client on a fake server, recording its requests.
- :mod:`.engines`: sync engines on fake servers, and the fault-matrix rig on one clock.
- :mod:`.memory_client`: an in-memory client, for an hour of polling in a moment.
- :mod:`.cli`: running ``cliq-tui`` in-process or as its own process.
- :mod:`.pilot`: waiting on the dashboard under Pilot; reading what it shows.
- :mod:`.app`: the app on the demo server, and the key sequences the dashboard tests share.
- :mod:`.dialogs`: chats, messages, a clock and a host app for the dialog tests.
- :mod:`.hostile_http`, :mod:`.spec_shapes`, :mod:`.toml_writer`, :mod:`.tokens`: a hostile
  HTTP server, the spec's response shapes, a TOML writer and credentials that must not leak.

Import them by their full name (``from tests.support.servers import pending``) everywhere.
"""
