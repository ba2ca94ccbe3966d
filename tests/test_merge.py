"""The one merge (tracker/interchange/merge.py): order-free, idempotent, and it loses no entry — proved over
many generated pairs of copies — plus its rules case by case."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from tracker.interchange.merge import later, merge
from tracker.store.schema import (
    ACTIONS,
    DELETED,
    JOURNAL,
    META,
    REFLECTIONS,
    SETTINGS,
    TIMER,
    day_table,
)
from tracker.store.undo_log import CHANGES

STAMPS = ["2026-11-24T20:00:00.000+01:00", "2026-11-24T19:00:00.000+00:00",  # the same moment
          "2026-11-25T08:00:00.000+01:00", "2026-11-25T21:30:00.000+01:00"]
DAYS = [date(2025, 12, 31), date(2026, 1, 1), date(2026, 11, 25)]
LOCAL = (SETTINGS, META, CHANGES, TIMER)  # the data file's own: not part of the order-free rule


def action(id: str, **fields) -> dict:
    return {"id": id, "name": id.title(), "kind": "check", "goal": None, "prompt": None,
            "meaning": None, "languages": [], "archived": False, "position": 0,
            "updated_at": STAMPS[0], **fields}


def tables(entries=(), rests=(), markers=(), actions=(), reflections=(), pages=(), settings=None):
    data = {META: {"1": {"schema": 5}}, SETTINGS: {"1": settings or {"day_start": 4}},
            ACTIONS: {str(n): a for n, a in enumerate(actions or [action("a"), action("b")], 1)}}
    for kind, items in (("entries", entries), ("rests", rests)):
        for day, item in items:
            doc = data.setdefault(day_table(day.year), {}).setdefault(
                str(day.toordinal()), {"day": day.isoformat(), "entries": [], "rests": []})
            doc[kind].append(item)
    if markers:
        data[DELETED] = {str(n): m for n, m in enumerate(markers, 1)}
    if reflections:
        data[REFLECTIONS] = {str(date.fromisoformat(r["id"]).toordinal()): r for r in reflections}
    if pages:
        data[JOURNAL] = {str(n): p for n, p in enumerate(pages, 1)}
    return data


entry = st.builds(
    lambda id, day, act, amount, note, stamp: (day, {
        "id": id, "action": act, "amount": amount, "at": STAMPS[0], "source": "cli",
        **({"note": note} if note else {}), "updated_at": stamp}),
    st.sampled_from([f"e{n}" for n in range(6)]), st.sampled_from(DAYS), st.sampled_from(["a", "b"]),
    st.integers(1, 3), st.sampled_from([None, "walk", "talk"]), st.sampled_from(STAMPS))
rest = st.builds(
    lambda id, day, stamp: (day, {"id": id, "action": None, "at": STAMPS[0], "source": "cli",
                                  "updated_at": stamp}),
    st.sampled_from(["r1", "r2"]), st.sampled_from(DAYS), st.sampled_from(STAMPS))
# typed markers, some naming an id of another table (which they must never touch)
marker = st.builds(lambda table, id, stamp: {"table": table, "id": id, "deleted_at": stamp},
                   st.sampled_from(["entries", "rests", "reflections", "journal", "actions"]),
                   st.sampled_from(["e0", "e1", "e2", "r1", "2026-11-23", "p1", "a", "c"]),
                   st.sampled_from(STAMPS))
reflection = st.builds(lambda rating, stamp: {"id": "2026-11-23", "rating": rating, "went_well": None,
                                               "appreciated": None, "need": None, "talk": None,
                                               "updated_at": stamp},
                       st.integers(1, 5), st.sampled_from(STAMPS))
page = st.builds(lambda id, text, stamp: {"id": id, "day": "2026-11-25", "at": STAMPS[0], "text": text,
                                          "feeling": None, "updated_at": stamp},
                 st.sampled_from(["p1", "p2"]), st.sampled_from(["one", "two"]), st.sampled_from(STAMPS))
some_actions = st.lists(st.builds(
    lambda id, archived, stamp, origin, kind: action(id, archived=archived, updated_at=stamp, kind=kind,
                                                     **({"origin": origin} if origin else {})),
    st.sampled_from(["a", "b", "c", "a-2"]), st.booleans(), st.sampled_from(STAMPS),
    st.sampled_from([None, "loop:1"]), st.sampled_from(["check", "check", "minutes"])), max_size=3)


def unique(items, key=lambda item: item[1]["id"]):
    return list({key(item): item for item in items}.values())


copy = st.builds(
    lambda e, r, m, a, refl, p: tables(
        unique(e), unique(r), unique(m, key=lambda m: (m["table"], m["id"])),
        unique(a, key=lambda a: a["id"]) or None, refl[:1], unique(p, key=lambda p: p["id"])),
    st.lists(entry, max_size=6), st.lists(rest, max_size=2), st.lists(marker, max_size=3),
    some_actions, st.lists(reflection, max_size=1), st.lists(page, max_size=2))


def shared(data):
    return {name: table for name, table in data.items() if name not in LOCAL}


def ids(data, kind="entries"):
    return [item["id"] for name, table in data.items() if name.startswith("days-")
            for doc in table.values() for item in doc[kind]]


@given(copy, copy)
def test_merge_is_order_free(a, b):
    assert shared(merge(a, b).data) == shared(merge(b, a).data)


@given(copy, copy)
def test_merging_the_same_copy_twice_changes_nothing(a, b):
    once = merge(a, b).data
    assert merge(once, b).data == once
    assert merge(once, once).data == once


@given(copy, copy)
def test_no_entry_is_lost_and_none_arrives_twice(a, b):
    merged = merge(a, b).data
    for kind in ("entries", "rests"):
        kept = ids(merged, kind)
        assert len(kept) == len(set(kept))
        versions: dict[str, dict | None] = {}
        for side in (a, b):
            for name, table in side.items():
                if name.startswith("days-"):
                    for doc in table.values():
                        for item in doc[kind]:
                            versions[item["id"]] = later(versions.get(item["id"]), item)
        removals: dict[str, dict | None] = {}
        for side in (a, b):
            for m in side.get(DELETED, {}).values():
                if m["table"] == kind:
                    removals[m["id"]] = later(removals.get(m["id"]), m)
        for item_id, best in versions.items():
            removal = removals.get(item_id)
            removed = removal is not None and later(best, removal) is removal
            # only a removal of its own table, later than every version of it, takes it away
            assert (item_id not in kept) == removed, item_id


@given(copy, copy)
def test_no_entry_is_left_without_its_action(a, b):
    merged = merge(a, b).data
    actions = {doc["id"] for doc in merged[ACTIONS].values()}
    for kind in ("entries", "rests"):
        for name, table in merged.items():
            if name.startswith("days-"):
                for doc in table.values():
                    assert all(item["action"] in actions for item in doc[kind] if item["action"]), doc


# -- the rules, case by case ------------------------------------------------------------------

def test_the_later_change_wins_across_utc_offsets():
    old = {"id": "e1", "action": "a", "amount": 1, "at": STAMPS[0], "updated_at": "2026-11-25T09:00:00.000+01:00"}
    new = {**old, "amount": 2, "updated_at": "2026-11-25T08:30:00.000+00:00"}  # 09:30 at +01:00
    merged = merge(tables([(DAYS[2], old)]), tables([(DAYS[2], new)])).data
    assert ids(merged) == ["e1"]
    assert next(iter(merged[day_table(2026)].values()))["entries"][0]["amount"] == 2


def test_a_tie_is_decided_by_the_larger_canonical_json():
    one = {"id": "e1", "action": "a", "amount": 1, "at": STAMPS[0], "updated_at": STAMPS[2]}
    two = {**one, "amount": 2}
    for first, second in ((one, two), (two, one)):
        merged = merge(tables([(DAYS[2], first)]), tables([(DAYS[2], second)])).data
        assert next(iter(merged[day_table(2026)].values()))["entries"][0]["amount"] == 2


def test_a_removal_wins_over_an_earlier_change_and_loses_to_a_later_one():
    item = {"id": "e1", "action": "a", "amount": 1, "at": STAMPS[0], "updated_at": STAMPS[2]}
    removed = tables(markers=[{"table": "entries", "id": "e1", "deleted_at": STAMPS[3]}])
    assert ids(merge(tables([(DAYS[2], item)]), removed).data) == []
    restored = {**item, "updated_at": "2026-11-26T10:00:00.000+01:00"}
    merged = merge(tables([(DAYS[2], restored)]), removed).data
    assert ids(merged) == ["e1"] and DELETED not in merged


def test_actions_of_one_origin_are_one_and_their_entries_follow():
    laptop = tables([(DAYS[2], {"id": "x", "action": "vegan-2", "amount": 1, "at": STAMPS[0],
                                "updated_at": STAMPS[0]})],
                    actions=[action("vegan"), action("vegan-2", origin="loop:uuid:1")])
    desktop = tables([(DAYS[1], {"id": "y", "action": "vegan", "amount": 1, "at": STAMPS[0],
                                 "updated_at": STAMPS[0]})],
                     actions=[action("vegan", origin="loop:uuid:1", archived=True)])
    merged = merge(desktop, laptop).data
    # "vegan" is the loop habit on the desktop and the user's own action on the laptop: one id,
    # so they are one action (by id); the laptop's loop habit (by origin) joins it
    assert [a["id"] for a in merged[ACTIONS].values()] == ["vegan"]
    assert merged[ACTIONS]["1"]["archived"] is True
    actions = [item["action"] for t in merged if t.startswith("days-") for d in merged[t].values()
               for item in d["entries"]]
    assert actions == ["vegan", "vegan"]


def test_the_data_files_settings_are_kept_and_only_new_ones_added():
    here = tables(settings={"day_start": 4, "week_start": "monday"})
    there = tables(settings={"day_start": 6, "week_start": "sunday", "partner_languages": ["touch"]})
    assert merge(here, there).data[SETTINGS]["1"] == {
        "day_start": 4, "week_start": "monday", "partner_languages": ["touch"]}


def test_what_the_merge_brought_is_counted():
    item = {"id": "e1", "action": "a", "amount": 1, "at": STAMPS[0], "updated_at": STAMPS[2]}
    merged = merge(tables(), tables([(DAYS[2], item)], rests=[(DAYS[1], {
        "id": "r1", "action": None, "at": STAMPS[0], "updated_at": STAMPS[0]})]))
    assert merged.summary() == "1 entry added, 1 rest day added"
    assert merge(merged.data, merged.data).summary() == "nothing new"


@given(copy, copy)
def test_a_reflection_or_journal_page_is_the_later_of_its_versions_unless_a_later_removal_names_it(a, b):
    from functools import reduce

    merged = merge(a, b).data
    for table in (REFLECTIONS, JOURNAL):
        kept = {doc["id"]: doc for doc in (merged.get(table) or {}).values()}
        versions: dict[str, list[dict]] = {}
        for side in (a, b):
            for doc in (side.get(table) or {}).values():
                versions.setdefault(doc["id"], []).append(doc)
        for record_id, docs in versions.items():
            newest = reduce(later, docs)
            removals = [m for side in (a, b) for m in (side.get(DELETED) or {}).values()
                        if (m["table"], m["id"]) == (table, record_id)]
            if reduce(later, removals, newest) is newest:
                assert {k: v for k, v in kept[record_id].items()} == newest, (table, record_id)
            else:
                assert record_id not in kept, (table, record_id)
        assert set(kept) <= set(versions)


def _entry(entry_id: str, stamp: str = STAMPS[2]) -> dict:
    return {"id": entry_id, "action": "a", "amount": 1, "at": STAMPS[0], "updated_at": stamp}


def test_the_merge_line_says_every_kind_of_change_and_the_data_agrees():
    here = tables([(DAYS[2], _entry("e1")), (DAYS[2], _entry("e2"))], actions=[action("a"), action("b"), action("c")])
    there = tables(
        [(DAYS[2], _entry("e3")), (DAYS[2], _entry("e4")), (DAYS[1], _entry("e5"))],
        markers=[{"table": "entries", "id": "e1", "deleted_at": STAMPS[3]},
                 {"table": "actions", "id": "c", "deleted_at": STAMPS[3]}],
        actions=[action("a", name="Renamed", updated_at=STAMPS[3]), action("b", archived=True, updated_at=STAMPS[3]),
                 action("d", position=1)],
        reflections=[{"id": "2026-11-23", "rating": 4, "went_well": None, "appreciated": None, "need": None,
                      "talk": None, "updated_at": STAMPS[2]}],
        pages=[{"id": "p1", "day": "2026-11-25", "at": STAMPS[0], "text": "calm", "feeling": None,
                "updated_at": STAMPS[2]}])
    merged = merge(here, there)
    assert merged.summary() == ("1 action added, 1 changed, 1 archived, 1 removed, 3 entries added and 1 "
                                "removed, 1 weekly reflection brought in, 1 journal page brought in")
    assert [(a["id"], a["name"], a["archived"]) for a in merged.data[ACTIONS].values()] == [
        ("a", "Renamed", False), ("b", "B", True), ("d", "D", False)]  # by position, then id
    assert sorted(ids(merged.data)) == ["e2", "e3", "e4", "e5"]
    assert [doc["id"] for doc in merged.data[REFLECTIONS].values()] == ["2026-11-23"]
    assert [doc["text"] for doc in merged.data[JOURNAL].values()] == ["calm"]
    assert merge(there, here).summary() == "1 entry added"


def test_two_of_one_kind_are_said_in_the_plural():
    there = tables([(DAYS[2], _entry("e1")), (DAYS[1], _entry("e2"))],
                   rests=[(DAYS[0], {"id": "r1", "action": None, "at": STAMPS[0], "updated_at": STAMPS[0]}),
                          (DAYS[1], {"id": "r2", "action": None, "at": STAMPS[0], "updated_at": STAMPS[0]})],
                   actions=[action("a"), action("b"), action("c"), action("d")])
    assert merge(tables(), there).summary() == "2 actions added, 2 entries added, 2 rest days added"


def test_the_data_files_own_version_is_kept_and_a_copys_only_when_it_has_none():
    here, there = tables(), tables()
    there[META] = {"1": {"schema": 5, "from": "there"}}
    assert merge(here, there).data[META] == {"1": {"schema": 5}}
    del here[META]
    assert merge(here, there).data[META] == {"1": {"schema": 5, "from": "there"}}


def test_one_id_of_another_kind_becomes_two_actions_and_only_its_own_records_follow_it():
    """"walk" as minutes on one side and as a check on the other: the larger canonical JSON
    keeps the id, the other becomes walk-3 here (walk-2 is taken on its own side, by a third
    action), its own entries follow it and an entry both sides hold stays; either order gives
    the same; a 40-character id is shortened to make room for its suffix."""
    minutes = action("walk", kind="minutes", name="Walk", updated_at=STAMPS[2])
    check = action("walk", kind="check", name="Walk")
    both = _entry("both") | {"action": "walk"}
    here = tables([(DAYS[2], _entry("m1") | {"action": "walk", "amount": 45}), (DAYS[1], both)],
                  actions=[minutes, action("a")])
    there = tables([(DAYS[2], _entry("c1") | {"action": "walk"}), (DAYS[1], both)],
                   actions=[check, action("walk-2", kind="count"), action("a")])
    merged = merge(here, there)
    assert merged.renamed == [("walk", "walk-3")] and merged.summary().endswith(
        "walk of another kind kept as walk-3")
    kinds = {a["id"]: a["kind"] for a in merged.data[ACTIONS].values()}
    assert kinds == {"walk": "minutes", "walk-3": "check", "walk-2": "count", "a": "check"}
    owner = {item["id"]: item["action"] for name, table in merged.data.items() if name.startswith("days-")
             for doc in table.values() for item in doc["entries"]}
    assert owner == {"m1": "walk", "c1": "walk-3", "both": "walk"}
    assert shared(merge(there, here).data) == shared(merged.data)
    long_id = "w" * 40
    long_here = tables(actions=[action(long_id, kind="minutes", updated_at=STAMPS[2])])
    long_there = tables(actions=[action(long_id, kind="check")])
    assert merge(long_here, long_there).renamed == [(long_id, "w" * 38 + "-2")]


# -- what a mutation run found untested, class by class (docs/testing.md) ------------------------

def test_a_change_time_without_an_offset_is_utc_and_one_that_is_no_time_is_older_than_any():
    from tracker.interchange.merge import stamp
    from tracker.store.schema import EPOCH

    naive = {"id": "e1", "updated_at": "2026-11-25T08:00:00"}  # 08:00 UTC
    aware = {"id": "e1", "updated_at": "2026-11-25T08:30:00+01:00"}  # 07:30 UTC
    assert later(naive, aware) is naive and later(aware, naive) is naive
    garbage = {"id": "e1", "updated_at": "yesterday"}
    oldest = {"id": "e1", "updated_at": EPOCH}
    assert later(garbage, oldest) is oldest and later(oldest, garbage) is oldest
    assert later(naive, None) is naive and later(None, naive) is naive and later(None, None) is None
    # the change time is the removal's, else the update's, else when it was logged, else 1970
    assert stamp({"deleted_at": STAMPS[3], "updated_at": STAMPS[2], "at": STAMPS[0]}) == STAMPS[3]
    assert stamp({"updated_at": STAMPS[2], "at": STAMPS[0]}) == STAMPS[2]
    assert stamp({"at": STAMPS[0]}) == STAMPS[0]
    assert stamp({}) == EPOCH


def test_a_tie_does_not_depend_on_the_order_a_copy_wrote_its_fields_in():
    one = {"id": "e1", "action": "a", "amount": 2, "at": STAMPS[0], "updated_at": STAMPS[2]}
    two = dict(reversed(list({**one, "amount": 1}.items())))  # "updated_at" first: larger unsorted
    for first, second in ((one, two), (two, one)):
        merged = merge(tables([(DAYS[2], first)]), tables([(DAYS[2], second)])).data
        assert next(iter(merged[day_table(2026)].values()))["entries"][0]["amount"] == 2


def test_the_merged_file_is_written_in_one_order_whatever_order_the_copies_hold():
    """sync.md: day lists by (logged at, id); actions by (position, id), one without a position
    first among equals (as position 0); reflections by week; journal pages by (day, at, id);
    markers by (table, id); every table's documents numbered from 1."""
    def page(id, day, at):
        return {"id": id, "day": day, "at": at, "text": id, "feeling": None, "updated_at": STAMPS[0]}

    def reflection(week):
        return {"id": week, "rating": 3, "went_well": None, "appreciated": None, "need": None,
                "talk": None, "updated_at": STAMPS[0]}

    unpositioned = {k: v for k, v in action("b").items() if k != "position"}
    there = tables(
        [(DAYS[2], _entry(n) | {"action": "c", "at": STAMPS[3] if n == "e2" else STAMPS[0]})
         for n in ("e2", "e9", "e1")],
        markers=[{"table": "rests", "id": "r9", "deleted_at": STAMPS[0]},
                 {"table": "entries", "id": "x2", "deleted_at": STAMPS[0]},
                 {"table": "entries", "id": "x1", "deleted_at": STAMPS[0]}],
        actions=[action("c", position=1), action("z", position=0), unpositioned],
        reflections=[reflection("2026-11-23"), reflection("2026-11-16")],
        pages=[page("p3", "2026-11-25", STAMPS[3]), page("p2", "2026-11-25", STAMPS[0]),
               page("p1", "2026-11-24", STAMPS[3])])
    empty = tables()
    empty[ACTIONS] = {}
    for merged in (merge(empty, there).data, merge(there, empty).data):
        day = merged[day_table(2026)][str(DAYS[2].toordinal())]
        assert [e["id"] for e in day["entries"]] == ["e1", "e9", "e2"]
        assert [(n, a["id"]) for n, a in merged[ACTIONS].items()] == [("1", "b"), ("2", "z"), ("3", "c")]
        assert [(n, r["id"]) for n, r in merged[REFLECTIONS].items()] == [
            (str(date(2026, 11, 16).toordinal()), "2026-11-16"), (str(date(2026, 11, 23).toordinal()), "2026-11-23")]
        assert [(n, p["id"]) for n, p in merged[JOURNAL].items()] == [("1", "p1"), ("2", "p2"), ("3", "p3")]
        assert [(n, m["table"], m["id"]) for n, m in merged[DELETED].items()] == [
            ("1", "entries", "x1"), ("2", "entries", "x2"), ("3", "rests", "r9")]


def test_a_merged_record_is_the_record_itself_with_no_field_added():
    item = _entry("e1") | {"note": "walk"}
    rest = {"id": "r1", "action": None, "at": STAMPS[0], "source": "cli", "updated_at": STAMPS[0]}
    merged = merge(tables(), tables([(DAYS[2], item)], rests=[(DAYS[2], rest)])).data
    assert merged[day_table(2026)] == {str(DAYS[2].toordinal()): {
        "day": DAYS[2].isoformat(), "entries": [item], "rests": [rest]}}


def test_a_day_without_a_rest_list_or_a_side_without_tables_still_merges():
    here = tables([(DAYS[2], _entry("e1"))])
    del here[day_table(2026)][str(DAYS[2].toordinal())]["rests"]  # the file check allows it
    bare = {META: {"1": {"schema": 5}}}  # no settings, no actions
    for a, b in ((here, bare), (bare, here)):
        merged = merge(a, b)
        assert ids(merged.data) == ["e1"] and ids(merged.data, "rests") == []
        assert [doc["id"] for doc in merged.data[ACTIONS].values()] == ["a", "b"]
    assert [doc["id"] for doc in merge(bare, here).actions_added] == ["a", "b"]
    assert merge(here, bare).actions_added == []
    assert merge(bare, bare).data[SETTINGS] == {}


def test_settings_come_from_whichever_side_has_them():
    mine, theirs = tables(settings={"day_start": 4}), tables(settings={"day_start": 6})
    del theirs[SETTINGS]
    assert merge(mine, theirs).data[SETTINGS] == {"1": {"day_start": 4}}
    assert merge(theirs, mine).data[SETTINGS] == {"1": {"day_start": 4}}
    theirs[SETTINGS] = {}  # an empty table: no settings either
    assert merge(mine, theirs).data[SETTINGS] == {"1": {"day_start": 4}}
    assert merge(theirs, mine).data[SETTINGS] == {"1": {"day_start": 4}}


def test_an_action_restored_after_its_removal_stays_even_without_history():
    removed = tables(markers=[{"table": "actions", "id": "c", "deleted_at": STAMPS[2]}], actions=[action("a")])
    restored = tables(actions=[action("a"), action("c", updated_at=STAMPS[3])])
    for a, b in ((removed, restored), (restored, removed)):
        merged = merge(a, b).data
        assert [doc["id"] for doc in merged[ACTIONS].values()] == ["a", "c"]
        assert DELETED not in merged  # the marker is let go once the action is newer


def test_the_later_of_two_removals_of_one_record_is_the_one_that_counts():
    item = _entry("e1", stamp=STAMPS[2])  # changed between the two removals
    early = tables(markers=[{"table": "entries", "id": "e1", "deleted_at": STAMPS[0]}])
    late = tables([(DAYS[2], item)], markers=[{"table": "entries", "id": "e1", "deleted_at": STAMPS[3]}])
    for a, b in ((early, late), (late, early)):
        merged = merge(a, b).data
        assert ids(merged) == []
        assert [m["deleted_at"] for m in merged[DELETED].values()] == [STAMPS[3]]


def test_a_new_id_joins_the_other_sides_action_of_the_same_kind_and_skips_one_of_another():
    minutes = action("walk", kind="minutes", updated_at=STAMPS[2])  # wins: larger canonical JSON
    check = action("walk", kind="check")
    same = tables(actions=[minutes, action("walk-2", kind="check")])
    loser = tables([(DAYS[2], _entry("c1") | {"action": "walk"})], actions=[check])
    del loser[day_table(2026)][str(DAYS[2].toordinal())]["rests"]  # the file check allows it
    merged = merge(same, loser)
    assert merged.renamed == [("walk", "walk-2")]
    assert [(a["id"], a["kind"], a["name"], a["archived"]) for a in merged.data[ACTIONS].values()] == [
        ("walk", "minutes", "Walk", False), ("walk-2", "check", "Walk-2", False)]
    assert [(e["id"], e["action"]) for e in next(iter(merged.data[day_table(2026)].values()))["entries"]] == [
        ("c1", "walk-2")]
    other = tables(actions=[minutes, action("walk-2", kind="count")])
    merged = merge(other, tables(actions=[check]))
    assert merged.renamed == [("walk", "walk-3")]
    assert [(a["id"], a["kind"], a["name"]) for a in merged.data[ACTIONS].values()] == [
        ("walk", "minutes", "Walk"), ("walk-2", "count", "Walk-2"), ("walk-3", "check", "Walk")]
    # a 40-character id cut before a hyphen loses the hyphen, not its first letters
    long_id = "w" * 37 + "-ww"
    renamed = merge(tables(actions=[action(long_id, kind="minutes", updated_at=STAMPS[2])]),
                    tables(actions=[action(long_id, kind="check")])).renamed
    assert renamed == [(long_id, "w" * 37 + "-2")]


def test_an_archive_of_either_action_of_one_origin_archives_the_one_kept():
    for archived in ("vegan", "vegan-2"):
        here = tables(actions=[action("vegan", origin="loop:1", archived=archived == "vegan")])
        there = tables(actions=[action("vegan-2", origin="loop:1", archived=archived == "vegan-2")])
        merged = merge(here, there).data
        assert [(a["id"], a["archived"]) for a in merged[ACTIONS].values()] == [("vegan", True)]
    here = tables(actions=[action("vegan", origin="loop:1")])
    there = tables(actions=[action("vegan-2", origin="loop:1")])
    assert [(a["id"], a["archived"]) for a in merge(here, there).data[ACTIONS].values()] == [("vegan", False)]


def test_the_merge_line_counts_two_or_more_of_every_kind():
    def reflection(week, rating, stamp):
        return {"id": week, "rating": rating, "went_well": None, "appreciated": None, "need": None,
                "talk": None, "updated_at": stamp}

    def page(id, text, stamp):
        return {"id": id, "day": "2026-11-25", "at": STAMPS[0], "text": text, "feeling": None, "updated_at": stamp}

    here = tables([(DAYS[2], _entry(f"e{n}")) for n in range(3)],
                  actions=[action(x) for x in "abcdefg"] + [action("h", archived=True)],
                  reflections=[reflection("2026-11-16", 3, STAMPS[0]), reflection("2026-11-23", 3, STAMPS[0])],
                  pages=[page("p1", "one", STAMPS[0]), page("p2", "two", STAMPS[0])])
    there = tables(
        [(DAYS[2], _entry(f"e{n}", STAMPS[0]) | {"amount": 2}) for n in range(3)],
        markers=[{"table": "entries", "id": f"e{n}", "deleted_at": STAMPS[3]} for n in range(3)]
        + [{"table": "actions", "id": x, "deleted_at": STAMPS[3]} for x in "fg"],
        actions=[action("a", name="A2", updated_at=STAMPS[3]), action("b", name="B2", updated_at=STAMPS[3]),
                 action("c", archived=True, updated_at=STAMPS[3]), action("d", archived=True, updated_at=STAMPS[3]),
                 action("h", archived=True, name="H2", updated_at=STAMPS[3])],
        reflections=[reflection("2026-11-16", 5, STAMPS[3]), reflection("2026-11-23", 5, STAMPS[3])],
        pages=[page("p1", "uno", STAMPS[3]), page("p2", "dos", STAMPS[3])])
    merged = merge(here, there)
    assert merged.summary() == ("3 actions changed, 2 archived, 2 removed, 3 entries removed, "
                                "2 weekly reflections brought in, 2 journal pages brought in")
    assert merge(merged.data, there).summary() == "nothing new"
