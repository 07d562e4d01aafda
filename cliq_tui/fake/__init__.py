"""A faithful fake Cliq server: the demo backend and the test bed."""
