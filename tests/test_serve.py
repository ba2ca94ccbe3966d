"""``reconnect serve`` as a person meets it: the installed command, a real browser (Debian's
chromium driven by Playwright), the data file on disk; and the doors it must keep shut."""

from __future__ import annotations

import asyncio
import io
import os
import re
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import orjson
import pytest

from tests.terminal import reconnect_command
from tracker.store.schema import day_docs

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
BROWSER_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run"]
# skipped on a machine without it; never in CI (.ci/run installs it and sets RECONNECT_CI)
needs_chromium = pytest.mark.skipif(not Path(CHROMIUM).exists() and not os.environ.get("RECONNECT_CI"),
                                    reason="Debian's chromium is not installed (.ci/run installs it)")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Served:
    """One ``reconnect serve`` process on a free loopback port."""

    def __init__(self, db: Path, *extra: str):
        self.db, failure = db, ""
        for _ in range(3):  # a free port can be taken by another program before serve binds it
            self.port = free_port()
            self.process = subprocess.Popen(
                [reconnect_command(), "--db", str(db), "serve", "--port", str(self.port), *extra],
                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            line = self.process.stdout.readline()
            found = re.search(r"http://\S+", line)
            if found:
                break
            self.process.wait(timeout=10)  # no address: it ended (or the wait fails the test)
            failure = self.process.stderr.read()
            if "cannot listen" not in failure:
                break
        assert found, (line, failure)
        self.line, self.url = line, found.group()
        self.origin = f"http://127.0.0.1:{self.port}"
        self.token = self.url.rstrip("/").rsplit("/", 1)[1]

    def get(self, path: str, **headers: str) -> tuple[int, str]:
        request = urllib.request.Request(self.origin + path, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def stop(self, signum: int = signal.SIGTERM) -> None:
        """Signal the server and wait for it to end."""
        self.process.send_signal(signum)
        self.process.wait(timeout=30)


@pytest.fixture
def served(db_path):
    subprocess.run([reconnect_command(), "--db", str(db_path), "status"], check=True, capture_output=True)
    server = Served(db_path)
    yield server
    if server.process.poll() is None:
        server.stop()


def app_processes(db: Path) -> list[int]:
    """The app processes for ``db`` still running (``python -m tracker --db DB``)."""
    found = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            argv = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if b"tracker" in argv and str(db).encode() in argv:
            found.append(int(pid))
    return found


def entries(db: Path) -> list[dict]:
    return [e for doc in day_docs(orjson.loads(db.read_bytes())) for e in doc["entries"]]


# -- the doors --------------------------------------------------------------------------------

def test_one_line_with_one_tokenised_url(served):
    assert served.line.count("http") == 1
    assert served.url.startswith(f"http://127.0.0.1:{served.port}/t/")
    assert len(served.token) >= 16


def test_without_the_token_every_route_is_refused_and_the_token_never_shown(served):
    # One character off: the last one swapped for a character it is not (a token ending in
    # "x" once made "…x" the real token).
    near_miss = served.token[:-1] + ("y" if served.token.endswith("x") else "x")
    for path in ("/", "/index.html", "/ws", "/static/js/textual.js", f"/t/{near_miss}/",
                 "/t/wrong/static/js/textual.js", "/download/x", f"/{served.token}/"):
        status, body = served.get(path)
        assert status in (401, 403, 404), path
        assert served.token not in body
    status, body = served.get(f"/t/{served.token}/")
    assert status == 200 and "textual.js" in body
    assert "fonts.googleapis" not in body and "https://" not in body


def test_another_host_name_is_refused_dns_rebinding(served):
    status, body = served.get(f"/t/{served.token}/", Host=f"evil.example:{served.port}")
    assert status == 403 and served.token not in body


def test_a_websocket_needs_the_token_and_this_pages_origin(served):
    import aiohttp

    async def handshake(path: str, origin: str | None) -> int:
        headers = {"Origin": origin} if origin else {}
        async with aiohttp.ClientSession() as session:
            try:
                async with session.ws_connect(served.origin + path, headers=headers) as ws:
                    await ws.close()
                    return 101
            except aiohttp.WSServerHandshakeError as error:
                return error.status

    ws = f"/t/{served.token}/ws?width=80&height=24"
    assert asyncio.run(handshake(ws, "http://evil.example")) == 403
    assert asyncio.run(handshake(ws, f"http://localhost:{served.port}")) == 403
    assert asyncio.run(handshake(ws, None)) == 403
    assert asyncio.run(handshake("/t/wrong/ws", served.origin)) == 403
    assert app_processes(served.db) == []  # none of them started an app


def test_other_machines_only_when_asked(db_path):
    done = subprocess.run([reconnect_command(), "--db", str(db_path), "serve", "--host", "0.0.0.0"],
                          capture_output=True, text=True, timeout=30)
    assert done.returncode == 1 and "--allow-remote" in done.stderr and done.stdout == ""
    server = Served(db_path, "--host", "0.0.0.0", "--allow-remote")
    try:
        assert server.line.count("http") == 1
        warning = server.process.stderr.readline()
        assert warning.startswith("reconnect: warning:") and "the token in it is the only lock" in warning
    finally:
        server.stop()


# -- in a real browser ------------------------------------------------------------------------

@pytest.fixture
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=BROWSER_ARGS)
        yield chromium
        chromium.close()


class Received:
    """What the app sent a page over its websocket: its terminal output, as text."""

    def __init__(self) -> None:
        self.text = ""

    def add(self, payload: str | bytes) -> None:
        self.text += payload if isinstance(payload, str) else payload.decode("utf-8", "replace")


def open_page(browser, url: str, seen: list[str], received: Received | None = None):
    page = browser.new_page(viewport={"width": 1000, "height": 640})
    page.on("request", lambda request: seen.append(request.url))

    def on_websocket(websocket) -> None:
        seen.append(websocket.url)
        if received is not None:
            websocket.on("framereceived", received.add)

    page.on("websocket", on_websocket)
    page.goto(url)
    return page


def wait_until(page, condition, timeout: float = 30) -> None:
    """Let the page run (its events are delivered while it waits) until ``condition()``; the
    bound is for a state that never comes, not a measured time."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "the page never got there"
        page.wait_for_timeout(100)



def not_blank(png: bytes) -> bool:
    """A screenshot with text drawn on it: many colours, and much that is not background."""
    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("RGB")
    colours = image.getcolors(maxcolors=1 << 16) or []
    background = max(colours)[1] if colours else None
    drawn = sum(count for count, colour in colours if colour != background)
    return len(colours) > 20 and drawn > image.width * image.height * 0.02


@needs_chromium
def test_the_app_in_a_browser_logs_to_the_data_file(served, browser, tmp_path):
    seen: list[str] = []
    received = Received()
    page = open_page(browser, served.url, seen, received)
    wait_until(page, lambda: "Heartfelt compliment" in received.text)  # the rows: keys now count
    wait_until(page, lambda: not_blank(page.screenshot(path=str(tmp_path / "today.png"))))  # and fonts
    assert entries(served.db) == []
    page.locator("#terminal").click()
    for key in ("j", "j", " "):  # the third starter: Heartfelt compliment, a count
        page.keyboard.press(key)
        page.wait_for_timeout(300)
    wait_until(page, lambda: entries(served.db))
    [entry] = entries(served.db)
    assert (entry["action"], entry["amount"], entry["source"]) == ("compliment", 1, "app")
    assert seen and all(url.startswith((served.origin + "/", f"ws://127.0.0.1:{served.port}/"))
                        for url in seen), seen
    assert any(url.startswith(f"ws://127.0.0.1:{served.port}/t/{served.token}/ws") for url in seen)


@needs_chromium
def test_a_second_tab_is_told_the_app_is_open_elsewhere(served, browser):
    first = open_page(browser, served.url, [])
    first.wait_for_selector("body.-first-byte", timeout=30_000)
    second = open_page(browser, served.url, [])
    wait_until(second, lambda: "already open in another tab" in second.locator("body").inner_text())
    assert len(app_processes(served.db)) == 1
    first.close()
    wait_until(second, lambda: app_processes(served.db) == [])  # closing the tab stops its app
    third = open_page(browser, served.url, [])
    third.wait_for_selector("body.-first-byte", timeout=30_000)


@needs_chromium
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_stopping_the_server_stops_every_app_even_with_a_tab_open(served, browser, signum):
    page = open_page(browser, served.url, [])
    page.wait_for_selector("body.-first-byte", timeout=30_000)
    assert len(app_processes(served.db)) == 1
    served.stop(signum)  # (it waits for the end, within a bound for a server that never ends)
    assert served.process.returncode == 0
    assert app_processes(served.db) == []


def test_a_port_in_use_is_one_line_and_exit_1(served):
    done = subprocess.run([reconnect_command(), "--db", str(served.db), "serve", "--port", str(served.port)],
                          capture_output=True, text=True, timeout=30)
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr == (f"reconnect: error: cannot listen on 127.0.0.1:{served.port}: "
                           "address already in use (try another --port)\n")


# -- settled 2026-12: the LAN when asked, --open without the token, focus, the closed notice ----

def test_with_allow_remote_the_machines_own_address_is_served_and_other_names_refused(db_path):
    subprocess.run([reconnect_command(), "--db", str(db_path), "status"], check=True, capture_output=True)
    server = Served(db_path, "--host", "0.0.0.0", "--allow-remote")
    try:
        path = f"/t/{server.token}/"
        # the request arrives on 127.0.0.1 here (on a LAN: the machine's own address)
        status, body = server.get(path, Host=f"127.0.0.1:{server.port}")
        assert status == 200 and f"ws://127.0.0.1:{server.port}/t/{server.token}/ws" in body
        assert server.get(path, Host=f"evil.example:{server.port}")[0] == 403  # DNS rebinding
        assert server.get(path, Host=f"0.0.0.0:{server.port}")[0] == 200  # the --host name given
    finally:
        server.stop()


def test_open_gives_the_browser_a_one_time_link_never_the_token(db_path, tmp_path):
    subprocess.run([reconnect_command(), "--db", str(db_path), "status"], check=True, capture_output=True)
    seen = tmp_path / "browser-argv"
    browser = tmp_path / "browser.sh"
    browser.write_text(f'#!/bin/sh\nprintf "%s\\n" "$@" > {seen}\n')
    browser.chmod(0o755)
    os.environ["BROWSER"] = str(browser)
    try:
        server = Served(db_path, "--open")
    finally:
        del os.environ["BROWSER"]
    try:
        deadline = time.monotonic() + 30  # (a bound for a browser never started)
        while not (seen.exists() and seen.read_text().endswith("\n")) and time.monotonic() < deadline:
            time.sleep(0.1)  # polled: the shell script writes its line after it starts
        link = seen.read_text().strip()
        assert link.startswith(f"http://127.0.0.1:{server.port}/o/") and server.token not in link
        request = urllib.request.Request(link)
        opener = urllib.request.build_opener(NoRedirect)
        with pytest.raises(urllib.error.HTTPError) as redirect:
            opener.open(request, timeout=10)
        assert redirect.value.code == 303 and redirect.value.headers["Location"] == f"/t/{server.token}/"
        assert server.get(link.removeprefix(server.origin))[0] == 403  # used once: gone
    finally:
        server.stop()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def test_a_malformed_request_is_one_line_in_the_log_never_a_traceback(served):
    with socket.create_connection(("127.0.0.1", served.port), timeout=5) as s:
        s.sendall(b"GET /\x00\xff HTTP/9.9\r\nHost: \x01\r\n\r\n")
        s.recv(1024)
    assert served.get(f"/t/{served.token}/", Host=f"127.0.0.1:{served.port}")[0] == 200
    served.stop()
    log = served.process.stderr.read()
    assert "Traceback" not in log


@needs_chromium
def test_the_page_takes_the_keys_at_once_and_says_when_the_app_closed(served, browser):
    received = Received()
    page = open_page(browser, served.url, [], received)
    wait_until(page, lambda: "Heartfelt compliment" in received.text)  # the rows: keys now count
    for key in ("j", "j", " "):  # no click first: the page took the focus itself
        page.keyboard.press(key)
        page.wait_for_timeout(300)
    wait_until(page, lambda: entries(served.db))
    assert [e["action"] for e in entries(served.db)] == ["compliment"]
    page.keyboard.press("Control+q")
    page.wait_for_selector("body.-closed", timeout=15_000)
    closed = page.locator("#closed")
    assert closed.is_visible() and "Reconnect has closed" in closed.inner_text()
    # on top: the notice is what a click in the middle of the page reaches
    box = page.viewport_size
    assert page.evaluate(f"document.elementFromPoint({box['width'] // 2}, {box['height'] // 2})"
                         ".closest('#closed') !== null")
