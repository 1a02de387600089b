"""``python -m bench [NAME …]``: run every benchmark (or the named ones) and print the results."""

from __future__ import annotations

import sys
from collections.abc import Callable
from importlib import import_module

# Name → module with ``main(argv) -> int``. Each benchmark reads its own environment variables
# (for example ``BENCH_POSTGRES_URL``) and writes ``bench/results/<name>-<database>.json``.
BENCHMARKS: dict[str, str] = {
    "regions_load": "bench.regions_load",
    "registry_import": "bench.registry_import",
    "rules_run": "bench.rules_run",
    "grid_coverage": "bench.grid_coverage",
    "ledger_clearance": "bench.ledger_clearance",
}


def main(argv: list[str]) -> int:
    unknown = [name for name in argv if name not in BENCHMARKS]
    if unknown:
        print(f"unknown benchmark: {', '.join(unknown)}; known: {', '.join(BENCHMARKS)}")
        return 2
    failed = []
    for name in argv or list(BENCHMARKS):
        print(f"==== {name} ====")
        run: Callable[[list[str]], int] = import_module(BENCHMARKS[name]).main
        if run([]) != 0:
            failed.append(name)
    if failed:
        print(f"failed: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
