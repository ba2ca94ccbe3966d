"""Reconnect's full-screen Textual app: a thin layer over ``tracker``."""
