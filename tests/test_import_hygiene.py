"""The direction of the house (docs/architecture.md): tracker never imports Textual, and screens/ has no
import circle (a screen never imports the app; it reaches it through ``screens.base.Host``)."""

from __future__ import annotations

import ast
import pkgutil
import subprocess
import sys
from pathlib import Path

import tracker

ROOT = Path(__file__).resolve().parent.parent


def test_no_tracker_module_imports_textual():
    names = [m.name for m in pkgutil.walk_packages(tracker.__path__, "tracker.")]
    assert "tracker.cli.main" in names and "tracker.interchange.loop" in names
    code = ("import importlib, sys\n"
            f"for name in {names!r}:\n"
            "    importlib.import_module(name)\n"
            "found = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich', 'screens'))\n"
            "print(found)\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def _imports(path: Path) -> set[str]:
    """Every screens.* module ``path`` imports, at any level (type checking included)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("screens"):
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("screens"))
    return found


def test_screens_have_no_import_circle():
    graph = {f"screens.{p.stem}": _imports(p) for p in (ROOT / "screens").glob("*.py")}
    for module, imported in graph.items():
        assert module == "screens.app" or "screens.app" not in imported, module

    def visit(module: str, path: tuple[str, ...]) -> None:
        for nxt in graph.get(module, ()):
            assert nxt not in path, " → ".join((*path, nxt))
            visit(nxt, (*path, nxt))

    for module in graph:
        visit(module, (module,))


def test_the_command_line_loads_no_web_server_and_no_notifier():
    """aiohttp and textual-serve load only inside `reconnect serve`, desktop-notifier only in
    `remind --now` (docs/serve.md, docs/sync.md): every other command stays quick."""
    code = ("import sys\n"
            "from tracker.cli import main, reflect_commands\n"
            "from tracker.operations import reflecting\n"
            "from tracker.interchange import sync, merge\n"
            "print(sorted({m.split('.')[0] for m in sys.modules} & "
            "{'aiohttp', 'textual_serve', 'jinja2', 'desktop_notifier', 'dbus_fast'}))\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_the_import_linter_contracts_are_kept():
    lint = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(lint), "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "4 kept, 0 broken" in result.stdout


def test_every_page_a_docstring_cites_is_in_the_repository():
    import re

    cited = set()
    for path in [*(ROOT / "tracker").rglob("*.py"), *(ROOT / "screens").glob("*.py")]:
        cited.update(re.findall(r"docs/[a-z_-]+\.md", path.read_text()))
    assert cited and all((ROOT / page).is_file() for page in cited), cited
