"""The command line as a person meets it: help everywhere, forgiving names, clear refusals
(issue 8, item 10)."""

from __future__ import annotations

import pytest

from tests.test_cli import entries
from tracker.cli.parser import COMMANDS, Parser, build_parser, commands_of


def test_every_option_and_argument_has_help():
    """The parser refuses an option without help as it is built, so building every command
    (as `reconnect --help` does) proves they all have it."""
    with pytest.raises(TypeError, match="needs its help"):
        Parser(prog="reconnect").add_argument("--quiet", action="store_true")
    listed = build_parser().format_help()
    for name in COMMANDS:
        assert name in listed
        build_parser([name]).format_help()


def test_only_the_command_run_is_built_and_any_other_word_gets_every_command(run):
    parser = build_parser(["--db", "some.json", "log", "compliment"])
    assert parser.parse_args(["log", "compliment"]).action == "compliment"
    with pytest.raises(SystemExit):
        parser.parse_args(["status"])  # not built: the words named log
    for argv in (["--db=x.json", "week", "--json"], ["week"]):
        assert commands_of(argv) == ["week"]
    for argv in ([], ["--db", "x.json"], ["--db=x.json"]):
        assert commands_of(argv) == []  # the app: no command at all
    for argv in (["--help"], ["--d", "x", "log"], ["lgo"], ["--version"], ["--db", "x", "-h"]):
        assert commands_of(argv) == list(COMMANDS)
    assert "invalid choice: 'lgo'" in run("lgo").err
    assert "status" in run("--help").out and "--json" in run("--db", "x.json", "status", "--help").out


def test_the_actions_usage_names_every_subcommand(run):
    usage = run("actions", "--help").out
    for verb in ("add", "edit", "archive", "unarchive", "catalogue", "enable"):
        assert verb in usage.split("positional arguments")[0], verb


def test_a_unique_word_of_a_name_finds_the_action(run, db_path):
    assert run("log", "how").code == 0
    assert run("log", "Heartfelt").code == 0
    assert [e["action"] for e in entries(db_path)] == ["really-feeling", "compliment"]


def test_a_word_in_two_names_lists_both(run, db_path):
    run("actions", "add", "Real walk", "--kind", "minutes", "--per", "none")
    r = run("log", "real")
    assert r.code == 1 and "could be any of" in r.err and "conversation" in r.err


def test_a_typo_gets_did_you_mean(run, db_path):
    r = run("log", "complment")
    assert r.code == 1 and "did you mean compliment?" in r.err
    r = run("log", "xyzzy")
    assert r.code == 1 and "the actions are:" in r.err


def test_tomorrow_is_the_future_not_unreadable(run, db_path):
    r = run("log", "compliment", "--day", "tomorrow")
    assert r.code == 1 and "is in the future" in r.err and "cannot read" not in r.err
    assert not db_path.exists() or entries(db_path) == []


def test_week_of_a_later_day_this_week_is_this_week_and_a_later_week_has_not_started(run):
    assert run("week", "--day", "tomorrow", "--json").json()["week"]["start"] == "2026-11-23"
    r = run("week", "--day", "2026-11-30")
    assert r.code == 1 and "that week has not started yet" in r.err
    assert "log what has happened" not in r.err


def test_logging_an_archived_action_says_how_to_bring_it_back(run, db_path):
    run("actions", "archive", "check-in")
    before = db_path.read_bytes()
    r = run("log", "check-in")
    assert r.code == 1 and "reconnect actions unarchive check-in" in r.err
    assert db_path.read_bytes() == before
    run("actions", "unarchive", "check-in")
    assert run("log", "check-in").code == 0


@pytest.mark.parametrize("via_env", [False, True])
def test_a_named_data_file_in_a_missing_folder_is_an_error(run, tmp_path, monkeypatch, via_env):
    missing = tmp_path / "no" / "such" / "reconnect.json"
    if via_env:
        monkeypatch.setenv("RECONNECT_DB", str(missing))
        from io import StringIO

        from tracker.cli.main import main

        err = StringIO()
        code = main(["status"], out=StringIO(), err=err)
        message = err.getvalue()
    else:
        r = run("status", db=missing)
        code, message = r.code, r.err
    assert code == 1 and "does not exist" in message
    assert not (tmp_path / "no").exists()


def test_a_name_ending_in_a_question_mark_gets_no_extra_full_stop(run):
    run("log", "really-feeling")
    out = run("undo").out
    assert "?." not in out and out.strip().endswith("2026.")
    run("actions", "add", "Did I listen?", "--kind", "check")
    assert run("undo").out.strip() == "Undid adding Did I listen?"


def test_settings_without_options_shows_both_places_and_every_binding_id(run, tmp_path, monkeypatch):
    monkeypatch.setenv("RECONNECT_CONFIG", str(tmp_path / "settings.toml"))
    (tmp_path / "settings.toml").write_text('[keys]\n"today.log" = "l"\n')
    out = run("settings").out
    assert "day_start" in out and "week_start" in out and str(tmp_path / "settings.toml") in out
    assert "today.log" in out and "nav.down" in out
    assert [line.split()[1] for line in out.splitlines() if "today.log" in line] == ["l"]


def test_status_mentions_a_running_timer(run, db_path, clock):
    from datetime import timedelta

    from tracker.operations import timer
    from tracker.store.store import Store

    run("status")
    timer.start(Store(db_path, now=clock), "phone-down")
    clock.value += timedelta(minutes=12, seconds=5)
    out = run("status").out
    assert "The timer for Phone-down time has run 0:12:05" in out
    assert "timer" not in run("status", "--json").out  # the documented JSON is unchanged


def test_status_shows_the_days_notes(run):
    run("log", "compliment", "--note", "her laugh at dinner")
    run("log", "compliment", "--day", "yesterday", "--note", "not today's")
    out = run("status").out
    assert "Notes today:\n  Heartfelt compliment: her laugh at dinner" in out
    assert "not today's" not in out


@pytest.mark.parametrize(("argv", "flag_words"), [
    (["actions", "add", "Walk", "--kind", "minutes", "--per", "week"], "--amount is needed for a goal per week"),
    (["actions", "add", "Walk", "--kind", "minutes", "--per", "week", "--amount", "60", "--days", "3"],
     "--days only applies to a goal per day"),
    (["actions", "add", "Walk", "--kind", "minutes", "--days", "9"], "--days must be between 1 and 7"),
    (["actions", "add", "Walk", "--kind", "check", "--per", "none", "--amount", "2"],
     "--per none takes no --amount and no --days"),
])
def test_errors_about_fields_name_the_cli_flags(run, argv, flag_words):
    r = run(*argv)
    assert r.code == 1 and flag_words in r.err


def test_the_domain_names_fields_in_its_own_words():
    from tracker.errors import BadInput
    from tracker.operations.typed_input import make_goal

    with pytest.raises(BadInput) as raised:
        make_goal("minutes", None, "week", None)
    assert str(raised.value) == "the amount is needed for a goal per week"
    assert raised.value.worded({"amount": "Amount"}) == "Amount is needed for a goal per week"
    assert "--" not in str(raised.value)
