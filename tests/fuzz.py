"""Many hostile copies and imports, with figures: ``python -m tests.fuzz [--runs 1000]``.

Not part of the test run (``test_hostile.py`` runs a fixed few of the same, every time); run it
after changing the merge, the checks or an importer, and put its figures in the change's note.
Each file is followed by the invariants of ``tests/hostile.py``; a failure prints its seed.
"""

from __future__ import annotations

import argparse
import os
import random
import tempfile
import traceback
from collections import Counter
from pathlib import Path

from tests import hostile
from tests.helpers import Clock


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=1000, help="files of each kind (default 1000)")
    parser.add_argument("--seed", type=int, default=0, help="the first seed")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as home:
        os.environ.update(RECONNECT_CACHE=f"{home}/cache", RECONNECT_CONFIG=f"{home}/settings.toml",
                          XDG_STATE_HOME=f"{home}/state")
        for kind in ("copy", "reconnect", *hostile.IMPORTS):
            outcomes: Counter[str] = Counter()
            for seed in range(args.seed, args.seed + args.runs):
                folder = Path(tempfile.mkdtemp(dir=home))
                try:
                    outcomes[one(kind, seed, folder)] += 1
                except AssertionError:
                    outcomes["FAILED"] += 1
                    print(f"{kind} seed {seed} failed:\n{traceback.format_exc(limit=3)}")
            shown = ", ".join(f"{what} {n}" for what, n in outcomes.most_common())
            print(f"{kind:10} {args.runs} files: {shown}")


def one(kind: str, seed: int, folder: Path) -> str:
    """One hostile file against a fresh data file; what became of it."""
    db, clock = folder / "reconnect.json", Clock()
    base = hostile.history(db, clock)
    rng = random.Random(seed)
    before = db.read_bytes()
    if kind == "copy":
        (folder / hostile.SYNCTHING).write_bytes(hostile.hostile_copy(rng, base))
        hostile.every_command_works(db, clock)
        outcome = "left and named" if (folder / hostile.SYNCTHING).exists() else "merged"
    else:
        source = (hostile.hostile_export(rng, folder, base) if kind == "reconnect"
                  else hostile.IMPORTS[kind](rng, folder))
        result = hostile.run(db, clock, "import", str(source))
        hostile.one_line_errors(result)
        assert result.code in (0, 1) and (result.code == 0 or db.read_bytes() == before), result.err
        hostile.every_command_works(db, clock)
        outcome = "imported" if result.code == 0 else "refused in one line"
    hostile.no_entry_without_its_action(db)
    return outcome


if __name__ == "__main__":
    main()
