"""``python -m tracker``: the ``reconnect`` command (what ``reconnect serve`` starts per tab)."""

from tracker.launch import run

if __name__ == "__main__":
    run()
