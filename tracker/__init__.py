"""Reconnect's core: the domain rules, the durable store and the command line.

Nothing in this package imports Textual; the full-screen app lives in ``screens``.
"""

__version__ = "0.1.0"
