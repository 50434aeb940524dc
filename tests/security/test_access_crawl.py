"""Item 5 of issue 9: every route, as every actor, against a hand-written table.

The crawler (:mod:`access_crawler`) visits every rule of ``app.url_map`` (web, API and
plugins) with the real ids of a seeded site (:mod:`crawl_site`), as each actor, and
compares what it meets with :mod:`access_table`: allowed (anything but 401/403/404 and
the sign-in page), asked to sign in, 403, or 404. Writes are sent with a valid CSRF
token (web) or a read-write token (API) and no real content, so nothing needs to
succeed for an allowed actor; each is rolled back. A rule the crawler cannot fill, or
that the table does not know, fails the test until someone adds it. This file crawls
as the visitors and the site admin; ``test_access_crawl_members`` as space A's members
(two files, so the two test workers share the work).
"""

from __future__ import annotations

import pytest

from .access_check import absent_twins, crawl, crawled, expectation, mismatches, outcome  # noqa: F401  (fixtures)
from .access_crawler import Actor, Case, Crawl, cases
from .access_table import TABLE, key

# Rules with a variable the seeded site cannot fill, and why (none today).
NOT_CRAWLED: dict[str, str] = {}
# Routes where a visitor may still tell an absent id from a real one (none today): an
# entry here must say why it is left open.
KNOWN_LEAKS: set[str] = set()


def test_every_rule_is_crawled_or_listed(crawl: Crawl) -> None:  # noqa: F811
    unfilled = {
        rule.rule for rule, case in cases(crawl.app, crawl.site) if case is None
    }
    assert unfilled == set(NOT_CRAWLED)


def test_every_crawled_route_is_in_the_table(crawled: list[Case]) -> None:  # noqa: F811
    assert {key(case.endpoint, case.method) for case in crawled} - set(TABLE) == set()


@pytest.mark.parametrize("actor", ["anon", "other", "site_admin"])
def test_visitors_meet_the_table(crawl: Crawl, crawled: list[Case], actor: str) -> None:  # noqa: F811
    found = mismatches(crawl, crawled, actor)
    assert not found, "\n".join(found)


@pytest.mark.parametrize("actor", ["anon", "other"])
def test_refusals_do_not_tell_whether_things_exist(crawl: Crawl, actor: str) -> None:  # noqa: F811
    """An absent id or path is refused as the real one is (no existence leak)."""
    visitor = Actor(crawl, actor)
    leaks = [
        f"GET {case.url}: {got}, but {want} for the real one"
        for case in absent_twins(crawl)
        if case.endpoint not in KNOWN_LEAKS
        and (want := expectation(case, actor)) in ("login", "403", "404")
        and (got := outcome(visitor.send(case))) != want
    ]
    assert not leaks, "\n".join(leaks)
