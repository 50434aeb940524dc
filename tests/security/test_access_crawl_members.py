"""The authorization crawler as the members of space A (see ``test_access_crawl``)."""

from __future__ import annotations

import pytest

from .access_check import crawl, crawled, mismatches  # noqa: F401  (fixtures)
from .access_crawler import Case, Crawl


@pytest.mark.parametrize(
    "actor", ["admin", "teacher", "pupil_lead", "pupil", "observer"]
)
def test_members_meet_the_table(crawl: Crawl, crawled: list[Case], actor: str) -> None:  # noqa: F811
    found = mismatches(crawl, crawled, actor)
    assert not found, "\n".join(found)
