"""What crosses machines and programs: the one merge, conflict copies and sync, the checks a
file from outside must pass, and import and export (Loop Habit Tracker, harsh, Reconnect JSON,
CSV). See docs/architecture.md."""
