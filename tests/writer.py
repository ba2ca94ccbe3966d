"""A writer process for the durability tests: logs COUNT entries, printing each entry's id
only after its write was committed (the acknowledgement the tests hold the store to).

    python tests/writer.py DB COUNT TAG [default]

With ``default`` the store waits for the lock as long as any command would (the default
timeout), not a minute.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tracker.operations import everyday as operations  # noqa: E402
from tracker.store.store import Store  # noqa: E402


def main() -> None:
    db, count, tag = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    store = Store(db) if sys.argv[4:] == ["default"] else Store(db, lock_timeout=60)
    for i in range(count):
        logged = operations.log(store, "compliment", note=f"{tag}-{i}", source="test")
        assert logged.entry is not None
        print(logged.entry.id, flush=True)


if __name__ == "__main__":
    main()
