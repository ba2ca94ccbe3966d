"""A process for the kill -9 test of merging: merges the conflict copies beside DB once a
line arrives on stdin.

    python tests/syncer.py DB
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tracker.interchange import sync  # noqa: E402
from tracker.store.store import Store  # noqa: E402


def main() -> None:
    store = Store(sys.argv[1], lock_timeout=60)
    store.load()
    print("started", flush=True)
    sys.stdin.readline()  # "go": the test decides when the merge starts, not a clock
    for outcome in sync.merge_copies(store):
        print(outcome.line(), flush=True)


if __name__ == "__main__":
    main()
