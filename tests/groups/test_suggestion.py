"""The suggestion: balanced, mixed groups, the same every time for the same space."""

from __future__ import annotations

import random
from collections import Counter

import pytest
from sqlalchemy.orm import Session

from etwincms.errors import ValidationError
from etwincms.groups.suggestion import Person, SuggestedGroup, arrange, suggest_groups
from etwincms.testing import SpaceWithMembers

from .conftest import PUPILS_PER_SCHOOL

#: The ``space`` fixture's own pupil and pupil lead, on top of the classes.
ALL_PUPILS = sum(PUPILS_PER_SCHOOL.values()) + 2


def pupil_sizes(groups: list[SuggestedGroup]) -> list[int]:
    return [len(group.pupils) for group in groups]


@pytest.mark.parametrize("size", [2, 3, 4, 5])
def test_every_group_mixes_schools_and_sizes_differ_by_at_most_one(
    session: Session, classes: SpaceWithMembers, size: int
) -> None:
    groups = suggest_groups(session, classes.project, size=size)
    sizes = pupil_sizes(groups)
    assert sum(sizes) == ALL_PUPILS
    assert max(sizes) - min(sizes) <= 1
    assert max(sizes) <= size
    for group in groups:
        assert len({p.school_id for p in group.pupils}) >= 2, group


def test_schools_and_languages_are_spread_as_evenly_as_they_can_be(
    session: Session, classes: SpaceWithMembers
) -> None:
    groups = suggest_groups(session, classes.project, count=3)
    for attribute in ("school_id", "locale"):
        totals = Counter(getattr(p, attribute) for g in groups for p in g.pupils)
        for value in totals:
            per_group = [g.count(attribute, value) for g in groups]
            assert max(per_group) - min(per_group) <= 1, (attribute, value, per_group)


def test_one_teacher_per_group_where_there_are_enough(
    session: Session, classes: SpaceWithMembers
) -> None:
    users = classes.users
    teachers = {users[r].id for r in ("admin", "teacher", "teacher_pl")}
    groups = suggest_groups(session, classes.project, count=4)
    per_group = [len(set(g.member_ids) & teachers) for g in groups]
    assert sorted(per_group) == [0, 1, 1, 1]
    without = suggest_groups(session, classes.project, count=4, with_teachers=False)
    assert all(not set(g.member_ids) & teachers for g in without)


def test_the_same_space_always_gets_the_same_suggestion(
    session: Session, classes: SpaceWithMembers
) -> None:
    first = suggest_groups(session, classes.project, size=4)
    again = suggest_groups(session, classes.project, size=4)
    assert [g.member_ids for g in first] == [g.member_ids for g in again]
    other = [
        g.member_ids for g in suggest_groups(session, classes.project, size=4, seed=99)
    ]
    assert sorted(map(sorted, other)) != [] and len(other) == len(first)


def test_observers_and_outsiders_are_never_proposed(
    session: Session, classes: SpaceWithMembers
) -> None:
    users = classes.users
    placed = {
        uid
        for g in suggest_groups(session, classes.project, size=3)
        for uid in g.member_ids
    }
    assert users["observer"].id not in placed
    assert users["outsider"].id not in placed
    assert users["pupil_pl_3"].id in placed


def test_a_size_below_two_is_refused_in_words(
    session: Session, classes: SpaceWithMembers
) -> None:
    with pytest.raises(ValidationError, match="at least two"):
        suggest_groups(session, classes.project, size=1)
    with pytest.raises(ValidationError, match="at least one"):
        suggest_groups(session, classes.project, count=0)


def synthetic_people(sizes: list[int], rng: random.Random) -> list[Person]:
    people, uid = [], 0
    for school, size in enumerate(sizes):
        for _n in range(size):
            uid += 1
            people.append(Person(uid, school, rng.choice("abc"), True))
    return people


def test_groups_mix_schools_whenever_that_is_possible(session: Session) -> None:
    """Possible: every group has room for two, and the schools other than the largest
    have a pupil for every group. Checked over 500 seeded classes."""
    rng = random.Random(7)
    checked = 0
    for trial in range(500):
        sizes = [rng.randint(1, 12) for _s in range(rng.randint(2, 5))]
        count = rng.randint(1, max(1, sum(sizes) // 2))
        groups = arrange(synthetic_people(sizes, rng), count, trial)
        capacities = [g.capacity for g in groups]
        assert max(capacities) - min(capacities) <= 1
        if min(capacities) < 2 or sum(sizes) - max(sizes) < count:
            continue
        checked += 1
        assert all(len({p.school_id for p in g.pupils}) >= 2 for g in groups), sizes
    assert checked > 100
