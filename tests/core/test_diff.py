"""Line diffs and three-way merges of page texts."""

from __future__ import annotations

import pytest

from etwincms.content.diff import line_diff, merge3

BASE = "# Plan\nDay 1: arrival\nDay 2: farm visit\nDay 3: market\n"


def test_line_diff_marks_removed_and_added_lines() -> None:
    lines = line_diff("a\nb\nc", "a\nB\nc\nd")
    assert [(line.kind, line.text) for line in lines] == [
        ("same", "a"),
        ("removed", "b"),
        ("added", "B"),
        ("same", "c"),
        ("added", "d"),
    ]


def test_edits_of_different_lines_merge() -> None:
    mine = BASE.replace("Day 1: arrival", "Day 1: arrival in Valencia")
    theirs = BASE.replace("Day 3: market", "Day 3: Mercado Central")
    merged = merge3(BASE, mine, theirs)
    assert merged == (
        "# Plan\nDay 1: arrival in Valencia\nDay 2: farm visit\nDay 3: Mercado Central\n"
    )


def test_additions_at_both_ends_merge() -> None:
    mine = "Intro\n" + BASE
    theirs = BASE + "Day 4: departure\n"
    assert merge3(BASE, mine, theirs) == "Intro\n" + BASE + "Day 4: departure\n"


@pytest.mark.parametrize(
    ("mine", "theirs"),
    [
        (
            BASE.replace("Day 2: farm visit", "Day 2: rice fields"),
            BASE.replace("Day 2: farm visit", "Day 2: orange farm"),
        ),
        (
            BASE.replace("Day 2: farm visit\n", "Day 2: farm visit\nmine\n"),
            BASE.replace("Day 2: farm visit\n", "Day 2: farm visit\ntheirs\n"),
        ),
    ],
)
def test_edits_of_the_same_place_do_not_merge(mine: str, theirs: str) -> None:
    assert merge3(BASE, mine, theirs) is None


def test_the_same_change_on_both_sides_merges_once() -> None:
    both = BASE.replace("Day 3: market", "Day 3: Mercado Central")
    assert merge3(BASE, both, both) == both
