"""The benchmark of issue 5: start-up, table updates, traffic, locks, freshness and memory.

Run ``python -m benchmarks`` (``--json`` for one JSON object, ``--quick`` for a small smoke
run). It only talks to fake servers on 127.0.0.1 or in-process, and stops every process it starts.
See ``docs/benchmark.md`` for the figures on the reference machine.
"""
