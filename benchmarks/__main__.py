"""``python -m benchmarks [--json] [--quick]``: every figure of issue 5 beside its target."""

from __future__ import annotations

import sys

from benchmarks.runner import main

if __name__ == "__main__":
    sys.exit(main())
