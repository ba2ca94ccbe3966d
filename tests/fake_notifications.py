"""A stand-in for the desktop's notification service on a private D-Bus session bus: it
answers org.freedesktop.Notifications and writes each notification it is sent to a file.

    dbus-run-session -- python tests/fake_notifications.py OUT READY
"""

# no "from __future__ import annotations": dbus-fast reads the D-Bus signatures from them

import asyncio
import sys
from pathlib import Path

from dbus_fast.aio import MessageBus
from dbus_fast.service import ServiceInterface, method


class Notifications(ServiceInterface):
    def __init__(self, out: Path):
        super().__init__("org.freedesktop.Notifications")
        self.out = out
        self.count = 0

    @method()
    def Notify(self, app_name: "s", replaces_id: "u", app_icon: "s", summary: "s", body: "s",  # noqa: F821
               actions: "as", hints: "a{sv}", expire_timeout: "i") -> "u":  # noqa: F821
        self.count += 1
        with self.out.open("a") as out:
            out.write(f"{app_name}\t{summary}\t{body}\n")
        return self.count

    @method()
    def GetCapabilities(self) -> "as":  # noqa: F821
        return ["body"]

    @method()
    def GetServerInformation(self) -> "ssss":  # noqa: F821
        return ["fake", "reconnect-tests", "1", "1.2"]

    @method()
    def CloseNotification(self, id: "u"):  # noqa: F821
        pass


async def main(out: Path, ready: Path) -> None:
    bus = await MessageBus().connect()
    bus.export("/org/freedesktop/Notifications", Notifications(out))
    await bus.request_name("org.freedesktop.Notifications")
    ready.write_text("ready")
    await asyncio.Event().wait()


if __name__ == "__main__":
    asyncio.run(main(Path(sys.argv[1]), Path(sys.argv[2])))
