"""``python -m cliq_tui.fake``: run the fake Cliq server in the foreground."""

import sys

from cliq_tui.fake.cli import main

if __name__ == "__main__":
    sys.exit(main())
