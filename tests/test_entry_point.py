"""The installed ``reconnect`` command as a user runs it: real processes, no Textual."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

RECONNECT = shutil.which("reconnect", path=os.path.dirname(sys.executable)) or "reconnect"


def reconnect(*argv, db):
    return subprocess.run([RECONNECT, "--db", str(db), *argv], capture_output=True, text=True,
                          timeout=60)


@pytest.mark.parametrize(
    "argv",
    [["log", "compliment"], ["status", "--json"], ["week"], ["actions"], ["undo"], ["check"]],
)
def test_commands_do_not_import_textual(db_path, argv):
    code = (
        "import sys\n"
        "from tracker.cli.main import main\n"
        f"main(['--db', {str(db_path)!r}, *{argv!r}])\n"
        "assert not [m for m in sys.modules if m.split('.')[0] in ('textual', 'screens', 'rich')], "
        "'the CLI imported the UI'\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_importing_tracker_leaves_textual_out():
    code = "import sys, tracker.cli.main, tracker.views.reports, tracker.store.store; assert 'textual' not in sys.modules"
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0


def test_real_process_exit_codes_and_one_line_errors(db_path):
    assert reconnect("log", "compliment", db=db_path).returncode == 0
    bad = reconnect("log", "nobody", db=db_path)
    assert bad.returncode == 1 and bad.stderr.count("\n") == 1 and "Traceback" not in bad.stderr
    usage = reconnect("log", db=db_path)
    assert usage.returncode == 2 and usage.stderr.startswith("reconnect: error:")
    db_path.write_bytes(b"{ not json")
    broken = reconnect("status", db=db_path)
    assert broken.returncode == 3 and broken.stderr.count("\n") == 1 and "Traceback" not in broken.stderr


def test_a_data_file_that_cannot_be_made_is_one_line(tmp_path):
    (tmp_path / "a-file").write_text("not a folder")
    named = reconnect("log", "compliment", db=tmp_path / "a-file" / "reconnect.json")
    assert named.returncode == 1 and named.stderr.count("\n") == 1
    assert "is a file, not a folder" in named.stderr and "Traceback" not in named.stderr
    # the default place, in a user data folder that cannot be made
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path / "a-file")}
    env.pop("RECONNECT_DB", None)
    default = subprocess.run([RECONNECT, "log", "compliment"], capture_output=True, text=True,
                             timeout=60, env=env)
    assert default.returncode == 3 and default.stderr.count("\n") == 1
    assert "cannot create" in default.stderr and "Traceback" not in default.stderr
