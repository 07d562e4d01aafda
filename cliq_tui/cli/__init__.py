"""The command line: ``cliq-tui`` and its subcommands (entry point: ``cli.main.main``)."""
