"""Mutation testing of one module with its own tests, in minutes (README, "Mutation testing").

    python -m tests.mutation tracker/domain/streaks.py tests/test_streaks.py tests/test_carry.py

A copy of the working tree is made in a temporary folder, its ``[tool.mutmut]`` narrowed to
the module and the tests named, and mutmut run there on every core; the working tree is never
touched. Prints the kill rate and every survivor's name (``--diffs`` also prints each
survivor's diff), and keeps the copy (its path is printed) so that ``mutmut show NAME`` can be
run in it.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SECTION = re.compile(r"^\[tool\.mutmut\]\n(?:(?!^\[).*\n)*", re.MULTILINE)


def narrowed_config(pyproject: str, module: str, tests: list[str]) -> str:
    """``pyproject`` with its ``[tool.mutmut]`` section mutating only ``module``, and running
    only ``tests``."""
    section = "\n".join([
        "[tool.mutmut]",
        'source_paths = ["tracker/"]',
        f"only_mutate = [{module!r}]".replace("'", '"'),
        'also_copy = ["screens/", "docs/"]',
        "pytest_add_cli_args_test_selection = [" + ", ".join(f'"{t}"' for t in tests) + "]",
        'pytest_add_cli_args = ["-q", "-x", "-p", "no:cacheprovider"]',
        "",
    ])
    narrowed, found = SECTION.subn(section + "\n", pyproject)
    if not found:
        raise SystemExit("pyproject.toml has no [tool.mutmut] section")
    return narrowed


def working_copy(folder: Path) -> None:
    """The files git knows of (committed or not), as they are in the working tree."""
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                            cwd=ROOT, capture_output=True, check=True).stdout
    for name in filter(None, listed.decode().split("\0")):
        source = ROOT / name
        if source.is_file() and not name.startswith("mutants/"):
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, folder / name)


def results(folder: Path) -> dict[str, str]:
    """Each mutant's name and outcome ("killed", "survived", "timeout", "no tests", …)."""
    shown = subprocess.run([sys.executable, "-m", "mutmut", "results", "--all", "true"], cwd=folder,
                           capture_output=True, text=True, check=True).stdout
    found = {}
    for line in shown.splitlines():
        name, colon, outcome = line.strip().rpartition(": ")
        if colon and name:
            found[name] = outcome
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("module", help="the file to mutate, e.g. tracker/store/lock.py")
    parser.add_argument("tests", nargs="+", help="the test files that guard it")
    parser.add_argument("--diffs", action="store_true", help="print each survivor's diff")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="reconnect-mutation-"))
    working_copy(folder)
    pyproject = folder / "pyproject.toml"
    pyproject.write_text(narrowed_config(pyproject.read_text(), args.module, args.tests))
    env = {**os.environ, "HYPOTHESIS_PROFILE": "mutation"}
    run = subprocess.run([sys.executable, "-m", "mutmut", "run", "--max-children", str(os.cpu_count() or 2)],
                         cwd=folder, env=env, stdout=subprocess.DEVNULL)
    if run.returncode:
        print(f"mutmut stopped (exit {run.returncode}); see {folder}", file=sys.stderr)
        return run.returncode
    outcomes = results(folder)
    counts = Counter(outcomes.values())
    decided = counts["killed"] + counts["survived"] + counts["timeout"]
    killed = counts["killed"] + counts["timeout"]  # a mutant that hangs the tests is caught too
    rate = f"{100 * killed / decided:.0f}%" if decided else "n/a"
    print(f"{args.module}: {len(outcomes)} mutants, {killed} killed ({rate}), "
          f"{counts['survived']} survived, {counts['no tests']} not reached by these tests "
          f"({', '.join(f'{k} {v}' for k, v in sorted(counts.items()))})")
    for name, outcome in outcomes.items():
        if outcome in ("survived", "no tests"):
            print(f"  {outcome}: {name}")
            if args.diffs:
                shown = subprocess.run([sys.executable, "-m", "mutmut", "show", name], cwd=folder,
                                       capture_output=True, text=True)
                print(shown.stdout)
    print(f"the copy: {folder}  (mutmut show NAME, in it)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
