"""Operations the CLI and the app share, beyond logging (tested once, here)."""

from __future__ import annotations

from tracker import operations


def test_toggle_rest_sets_then_lifts_and_undo_steps_back_each(store):
    today = store.today()
    assert operations.toggle_rest(store, "compliment") is True
    assert [r.action for r in store.day(today).rests] == ["compliment"]
    assert operations.toggle_rest(store, "compliment") is False
    assert store.day(today).rests == []
    assert operations.toggle_rest(store, None) is True
    assert [r.action for r in store.day(today).rests] == [None]
    assert "lifting" not in operations.undo(store).describe()
    assert store.day(today).rests == []


def test_built_ins_available_leaves_out_what_is_enabled_even_archived(store):
    before = {a.id for a in operations.built_ins_available(store)}
    assert "thanks" in before and "compliment" not in before
    operations.enable_built_in(store, "thanks")
    operations.set_archived(store, "thanks", True)
    after = {a.id for a in operations.built_ins_available(store)}
    assert after == before - {"thanks"}
