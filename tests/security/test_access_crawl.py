"""Item 5 of issue 9: every route, as every actor, against a hand-written table.

The crawler (:mod:`access_crawler`) visits every rule of ``app.url_map`` (web, API and
plugins) with the real ids of a seeded site (:mod:`crawl_site`), as each actor, and
compares what it meets with :mod:`access_table`: allowed (anything but 401/403/404 and
the sign-in page), asked to sign in, 403, or 404. Writes are sent with a valid CSRF
token (web) or a read-write token (API) and no real content, so nothing needs to
succeed for an allowed actor; each is rolled back. A rule the crawler cannot fill, or
that the table does not know, fails the test until someone adds it.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from .access_crawler import Actor, Case, Crawl, cases, open_crawl
from .access_table import TABLE, expected
from .crawl_site import ACTORS, OFF_IN_B

# Rules with a variable the seeded site cannot fill, and why (none today).
NOT_CRAWLED: dict[str, str] = {}


@pytest.fixture(scope="module")
def crawl(
    tmp_path_factory: pytest.TempPathFactory, database_url: str | None
) -> Iterator[Crawl]:
    with open_crawl(tmp_path_factory.mktemp("crawl"), database_url) as opened:
        yield opened


@pytest.fixture(scope="module")
def crawled(crawl: Crawl) -> list[Case]:
    return [case for _rule, case in cases(crawl.app, crawl.site) if case is not None]


def test_every_rule_is_crawled_or_listed(crawl: Crawl) -> None:
    unfilled = {
        rule.rule for rule, case in cases(crawl.app, crawl.site) if case is None
    }
    assert unfilled == set(NOT_CRAWLED)


def test_every_crawled_route_is_in_the_table(crawled: list[Case]) -> None:
    assert {key(case) for case in crawled} - set(TABLE) == set()


@pytest.mark.parametrize("actor", ACTORS)
def test_each_actor_meets_the_table(
    crawl: Crawl, crawled: list[Case], actor: str
) -> None:
    visitor = Actor(crawl, actor)
    mismatches = [
        f"{case.method} {case.url} ({case.endpoint}): expected {want}, got {got}"
        for case in crawled
        if not matches(
            want := expectation(case, actor), got := outcome(visitor.send(case))
        )
    ]
    assert not mismatches, "\n".join(mismatches)


def key(case: Case) -> str:
    return f"{case.endpoint} {'GET' if case.method == 'HEAD' else case.method}"


def expectation(case: Case, actor: str) -> str:
    plugin = case.endpoint.split(".")[0].removesuffix("_api")
    if actor == "anon" and case.is_api and case.method not in ("GET", "HEAD"):
        return "login"  # the API asks for a token before it looks anything up
    if case.target.startswith("B") and plugin in OFF_IN_B:
        return "404"  # switched off in space B: not there, for anyone
    return expected(TABLE[key(case)], actor, case.target)


def outcome(answer: tuple[int, str]) -> str:
    status, location = answer
    if status >= 500:
        return f"error {status}"
    if status == 401 or (status in (302, 303) and "/login" in location):
        return "login"
    if status in (400, 422):
        return "invalid"
    return str(status) if status in (403, 404) else "ok"


def matches(want: str, got: str) -> bool:
    """Allowed: anything but a refusal (the crawl sends no real content)."""
    return got == want or (want == "ok" and got == "invalid")
