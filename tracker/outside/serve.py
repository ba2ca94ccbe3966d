"""``reconnect serve``: the app in a browser, as private as in the terminal (docs/serve.md).

textual-serve runs the app as a process on this machine and the page draws it with Textual's
bundled JavaScript. It has no authentication and no Origin check, and its page fetches a web
font from the internet; this server adds what it lacks:

* every route lives under ``/t/<token>/`` (a random ``secrets.token_urlsafe``): without the
  token a request gets 403 or 404 and never the token. The token is in the path, not the
  query: textual.js appends ``?width=…&height=…`` to the websocket's address;
* every request must name the served address as its ``Host`` (a DNS-rebinding page cannot),
  and the websocket's ``Origin`` must be that address too (another site's page cannot);
* loopback only, unless ``--allow-remote``; our own page with the bundled fonts and a
  Content-Security-Policy of ``'self'``: nothing is fetched from elsewhere;
* one app at a time per data file (``<file>.app.lock``); a second tab is told it is open
  elsewhere; Ctrl+C and SIGTERM stop every app process it started.

aiohttp and textual-serve are imported only here, only by ``serve``.
"""

from __future__ import annotations

import asyncio
import ipaddress
import os
import secrets
import signal
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import textual_serve
from aiohttp import web
from textual_serve.app_service import AppService
from textual_serve.download_manager import DownloadManager

from tracker.errors import BadInput
from tracker.store.lock import HeldLock

STATIC = Path(textual_serve.__file__).parent / "static"
STOP_WITHIN = 4.0  # seconds an app has to quit by itself before it is killed (docs/serve.md: 5)
CODE_LIFETIME = 60.0  # seconds a one-time link from --open stays good (docs/serve.md)


def is_loopback(host: str) -> bool:
    """Whether ``host`` names this machine only (127.0.0.0/8, ::1, localhost)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


class AppProcess(AppService):
    """textual-serve's app service, started without a shell and in a session of its own (so
    that Ctrl+C in the server's terminal reaches the server, which then stops each app)."""

    def __init__(self, argv: list[str], **kwargs: Any):
        super().__init__(" ".join(argv), **kwargs)
        self.argv = argv

    async def _open_app_process(self, width: int = 80, height: int = 24) -> asyncio.subprocess.Process:
        self._process = process = await asyncio.create_subprocess_exec(
            *self.argv, stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE, env=self._build_environment(width, height),
            start_new_session=True,
        )
        assert process.stdin is not None
        self._stdin = process.stdin
        return process

    async def finish(self) -> None:
        """Ask the app to quit; kill it if it has not within a few seconds."""
        process = self._process
        try:
            await asyncio.wait_for(self.stop(), STOP_WITHIN)
        except (asyncio.TimeoutError, Exception):
            pass
        if process is not None and process.returncode is None:
            try:
                os.killpg(process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            await process.wait()


class PrivateServer:
    """The web server for one data file."""

    def __init__(self, data_file: Path, host: str, port: int, app_argv: list[str], remote: bool = False):
        self.data_file = data_file
        self.host, self.port, self.remote = host, port, remote
        self.token = secrets.token_urlsafe(24)
        self.address = _address(host, port)
        self.origin = f"http://{self.address}"
        self.url = f"{self.origin}/t/{self.token}/"
        self._codes: dict[str, float] = {}  # single-use codes for --open, and when each expires
        self.app_argv = app_argv
        self.app_lock = HeldLock(data_file.with_name(data_file.name + ".app.lock"))
        self.apps: set[AppProcess] = set()
        self.downloads = DownloadManager()

    # -- the gate ------------------------------------------------------------------------

    def _token_ok(self, request: web.Request) -> bool:
        return secrets.compare_digest(request.match_info.get("token", ""), self.token)

    def host_of(self, request: web.Request) -> str | None:
        """The ``Host`` the request names, when it is the served address: the ``--host``
        given, or (with ``--allow-remote``) the address the request arrived on, so that a
        server on 0.0.0.0 is reached by the machine's own address. Any other name (a
        DNS-rebinding page's) is None."""
        host = request.headers.get("Host")
        if host == self.address:
            return host
        if self.remote and request.transport is not None:
            sockname = request.transport.get_extra_info("sockname")
            if sockname and host == _address(sockname[0], sockname[1]):
                return host
        return None

    def one_time_link(self, lifetime: float = CODE_LIFETIME) -> str:
        """A link that opens the page once, within ``lifetime`` seconds: what ``--open`` gives
        the browser, whose command line every local user can read (the token never is)."""
        code = secrets.token_urlsafe(12)
        self._codes[code] = time.monotonic() + lifetime
        return f"{self.origin}/o/{code}"

    @web.middleware
    async def gate(self, request: web.Request, handler: Callable[..., Any]) -> web.StreamResponse:
        """Every request: the served address as Host (no DNS rebinding), the token in the
        path; headers that keep the page private."""
        if self.host_of(request) is None:
            return web.Response(status=403, text="Forbidden: open the address reconnect serve printed.\n")
        if "code" in request.match_info:
            opened: web.StreamResponse = await handler(request)
            return opened
        if "token" not in request.match_info or not self._token_ok(request):
            status = 403 if request.path in ("/", "/index.html") or request.path.startswith("/t/") else 404
            return web.Response(status=status, text="Forbidden: open the address reconnect serve printed.\n"
                                if status == 403 else "Not found.\n")
        response: web.StreamResponse = await handler(request)
        if response.prepared:
            return response  # a websocket: its handshake has been answered
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["Cache-Control"] = "no-store"
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Content-Security-Policy"] = (
            f"default-src 'self'; connect-src 'self' ws://{self.host_of(request)}; img-src 'self' data:; "
            "style-src 'self' 'unsafe-inline'; script-src 'self' 'unsafe-inline'; "
            "font-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'")
        return response

    # -- routes --------------------------------------------------------------------------

    def make_app(self) -> web.Application:
        app = web.Application(middlewares=[self.gate])
        app.add_routes([
            web.get("/t/{token}/", self.page),
            web.get("/t/{token}/ws", self.websocket),
            web.get("/t/{token}/static/{name:.+}", self.static),
            web.get("/o/{code}", self.opened),
            web.get("/{tail:.*}", self.nothing),
        ])
        app.on_shutdown.append(self.stop_apps)
        return app

    async def nothing(self, request: web.Request) -> web.Response:
        raise AssertionError("the gate answers every request without the token")

    async def opened(self, request: web.Request) -> web.Response:
        """A one-time link from ``--open``: to the page, once, while it is fresh."""
        expires = self._codes.pop(request.match_info["code"], None)
        if expires is None or time.monotonic() > expires:
            return web.Response(status=403, text="This link has been used or has expired: open the "
                                "address reconnect serve printed.\n")
        raise web.HTTPSeeOther(f"/t/{self.token}/", headers={"Referrer-Policy": "no-referrer",
                                                             "Cache-Control": "no-store"})

    async def page(self, request: web.Request) -> web.Response:
        if self.app_lock.held_elsewhere:
            return web.Response(text=ELSEWHERE, content_type="text/html")
        font_size = request.query.get("fontsize", "16")
        html = PAGE.replace("{{font_size}}", font_size if font_size.isdigit() else "16")
        html = html.replace("{{websocket}}", f"ws://{self.host_of(request)}/t/{self.token}/ws")
        return web.Response(text=html, content_type="text/html")

    async def static(self, request: web.Request) -> web.StreamResponse:
        name = request.match_info["name"]
        path = (STATIC / name).resolve()
        if STATIC.resolve() not in path.parents or not path.is_file():
            raise web.HTTPNotFound()
        return web.FileResponse(path)

    async def websocket(self, request: web.Request) -> web.StreamResponse:
        if request.headers.get("Origin") != f"http://{self.host_of(request)}":
            return web.Response(status=403, text="Forbidden: not from this page.\n")
        websocket = web.WebSocketResponse(heartbeat=15)
        await websocket.prepare(request)
        if not self.app_lock.take():
            await websocket.send_str('["open_elsewhere", null]')
            await websocket.close(code=4000, message=b"open elsewhere")
            return websocket
        width = _int(request.query.get("width"), 80)
        height = _int(request.query.get("height"), 24)
        app = AppProcess(self.app_argv, write_bytes=websocket.send_bytes, write_str=websocket.send_str,
                         close=websocket.close, download_manager=self.downloads)
        self.apps.add(app)
        try:
            await app.start(width, height)
            await self._relay(websocket, app)
        finally:
            await app.finish()
            self.apps.discard(app)
            self.app_lock.release()
        return websocket

    async def _relay(self, websocket: web.WebSocketResponse, app: AppProcess) -> None:
        """The page's keys and sizes to the app (textual-serve's protocol)."""
        from aiohttp import WSMsgType

        async for message in websocket:
            if message.type != WSMsgType.TEXT:
                continue
            try:
                kind, data = message.json()
            except (ValueError, TypeError):
                continue
            if kind == "stdin" and isinstance(data, str):
                await app.send_bytes(data.encode("utf-8"))
            elif kind == "resize" and isinstance(data, dict):
                await app.set_terminal_size(_int(data.get("width"), 80), _int(data.get("height"), 24))
            elif kind == "ping":
                await websocket.send_json(["pong", data])
            elif kind == "blur":
                await app.blur()
            elif kind == "focus":
                await app.focus()

    async def stop_apps(self, _: web.Application) -> None:
        await asyncio.gather(*(app.finish() for app in list(self.apps)))

    # -- running -------------------------------------------------------------------------

    def run(self, on_ready: Callable[[], None]) -> None:
        """Serve until Ctrl+C or SIGTERM; ``on_ready`` once the port is open."""
        _one_line_logs()
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        stop = asyncio.Event()
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signum, stop.set)

        async def main() -> None:
            runner = web.AppRunner(self.make_app(), access_log=None, handle_signals=False)
            await runner.setup()
            site = web.TCPSite(runner, self.host, self.port)
            try:
                await site.start()
            except OSError as error:
                await runner.cleanup()
                reason = os.strerror(error.errno).lower() if error.errno else str(error)
                raise BadInput(f"cannot listen on {self.address}: {reason} (try another --port)") from None
            on_ready()
            await stop.wait()
            await runner.cleanup()  # closes the websockets and stops every app

        try:
            loop.run_until_complete(main())
        finally:
            loop.close()


def _one_line_logs() -> None:
    """aiohttp logs a malformed request with its traceback; here it is one line on stderr."""
    import logging

    class OneLine(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            error = record.exc_info[1] if record.exc_info else None
            why = f" ({type(error).__name__})" if error is not None else ""
            from tracker.views.text import printable

            sys.stderr.write(f"reconnect: serve: {printable(record.getMessage(), one_line=True)}{why}\n")

    for name in ("aiohttp.server", "aiohttp.web", "aiohttp.websocket", "asyncio"):
        logger = logging.getLogger(name)
        logger.handlers[:] = [OneLine(logging.WARNING)]
        logger.propagate = False


def _address(host: str, port: int) -> str:
    """``host:port`` as a Host header names it (an IPv6 address in brackets)."""
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def _int(value: Any, default: int) -> int:
    try:
        return max(10, min(1000, int(value)))
    except (TypeError, ValueError):
        return default


def serve(data_file: Path, host: str, port: int, allow_remote: bool, open_browser: bool,
          say: Callable[[str], None], warn: Callable[[str], None]) -> int:
    """Run ``reconnect serve``; the exit code."""
    if not is_loopback(host) and not allow_remote:
        raise BadInput(f"--host {host} would let other machines reach the app; add "
                       "--allow-remote if you mean it (the token is then the only lock)")
    if not 0 < port < 65536:
        raise BadInput("--port is a number from 1 to 65535")
    argv = [sys.executable, "-m", "tracker", "--db", str(data_file)]
    server = PrivateServer(data_file, host, port, argv, remote=allow_remote)

    def ready() -> None:
        if not is_loopback(host):
            warn(f"listening on {host}, beyond this machine: anyone who can reach it and has "
                 "the address below can use the app; the token in it is the only lock")
        say(f"Reconnect is open at {server.url} (Ctrl+C stops it)")
        if open_browser:
            import webbrowser

            webbrowser.open(server.one_time_link())

    server.run(ready)
    return 0


ELSEWHERE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Reconnect</title>
<style>body{background:#0c181f;color:#e0e0e0;font-family:sans-serif;display:flex;
align-items:center;justify-content:center;height:100vh;margin:0}</style></head>
<body><p id="elsewhere">Reconnect is already open in another tab or window for this data file.
Close it there, then reload this page.</p></body></html>
"""

# textual-serve's page, without the web font it fetched from the internet: the fonts it
# bundles, served from here.
PAGE = """<!DOCTYPE html>
<html>
  <head>
    <meta charset="utf-8">
    <title>Reconnect</title>
    <link rel="icon" href="data:," />
    <link rel="stylesheet" href="static/css/xterm.css" />
    <script src="static/js/textual.js"></script>
    <style>
      @font-face { font-family: "Roboto Mono"; font-style: normal;
                   src: url("static/fonts/RobotoMono-VariableFont_wght.ttf") format("truetype"); }
      @font-face { font-family: "Roboto Mono"; font-style: italic;
                   src: url("static/fonts/RobotoMono-Italic-VariableFont_wght.ttf") format("truetype"); }
      html, body { margin: 0; height: 100%; background: #0c181f; }
      body .textual-terminal { opacity: 0; height: 100vh; }
      body.-first-byte .textual-terminal { opacity: 1; transition: opacity 0.3s ease-out; }
      .closed-dialog { display: none; color: #e0e0e0; font-family: "Roboto Mono", monospace;
                       position: fixed; inset: 0; z-index: 10000; background: #0c181f;
                       align-items: center; justify-content: center; text-align: center; }
      body.-closed .closed-dialog { display: flex; }
    </style>
    <script>
      // keys reach the app without a click: focus the terminal as soon as it exists
      window.addEventListener("load", () => {
        const started = Date.now();
        const focus = () => {
          const input = document.querySelector(".xterm-helper-textarea");
          if (input) { input.focus(); } else if (Date.now() - started < 30000) { setTimeout(focus, 50); }
        };
        focus();
      });
    </script>
  </head>
  <body>
    <div class="closed-dialog" id="closed"><p>Reconnect has closed.<br><br>Reload this page to open it
      again; if the server was stopped, run <code>reconnect serve</code> and open the address it prints.</p></div>
    <div id="terminal" class="textual-terminal"
         data-session-websocket-url="{{websocket}}" data-font-size="{{font_size}}"></div>
  </body>
</html>
"""
