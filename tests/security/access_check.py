"""Comparing the crawl with the table: the shared fixtures, and the checks themselves.

:func:`mismatches` sends every case an actor makes and keeps those whose answer differs
from :mod:`access_table`; :func:`absent_twins` makes the same GETs with ids and paths
that do not exist, for the check that refusals do not tell the two apart.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from .access_crawler import QUERIES, Actor, Case, Crawl, cases, fill, open_crawl
from .access_table import TABLE, expected, key
from .crawl_site import OFF_IN_B

# Trimmed for time (CI): HEAD is answered by the GET view, so visitors send it; and in
# private space B the members of A are all strangers alike, so two of them go there.
HEAD_ACTORS = {"anon", "other"}
STRANGERS_IN_B = {"anon", "site_admin", "admin", "pupil", "other"}


@pytest.fixture(scope="module")
def crawl(
    tmp_path_factory: pytest.TempPathFactory, database_url: str | None
) -> Iterator[Crawl]:
    """The seeded site, once per test file (each file runs in one test worker)."""
    with open_crawl(tmp_path_factory.mktemp("crawl"), database_url) as opened:
        yield opened


@pytest.fixture(scope="module")
def crawled(crawl: Crawl) -> list[Case]:
    return [case for _rule, case in cases(crawl.app, crawl.site) if case is not None]


def visited_by(actor: str, crawled: list[Case]) -> list[Case]:
    return [
        case
        for case in crawled
        if (case.method != "HEAD" or actor in HEAD_ACTORS)
        and (not case.target.startswith("B") or actor in STRANGERS_IN_B)
    ]


def mismatches(crawl: Crawl, crawled: list[Case], actor: str) -> list[str]:
    """Every request ``actor`` makes whose answer differs from the table."""
    visitor = Actor(crawl, actor)
    return [
        f"{case.method} {case.url} ({case.endpoint}): expected {want}, got {got}"
        for case in visited_by(actor, crawled)
        if not matches(
            want := expectation(case, actor), got := outcome(visitor.send(case))
        )
    ]


def expectation(case: Case, actor: str) -> str:
    plugin = case.endpoint.split(".")[0].removesuffix("_api")
    if actor == "anon" and case.is_api and case.method not in ("GET", "HEAD"):
        return "login"  # the API asks for a token before it looks anything up
    if case.target.startswith("B") and plugin in OFF_IN_B:
        return "404"  # switched off in space B: not there, for anyone
    entry = TABLE.get(key(case.endpoint, case.method))
    return "in the table" if entry is None else expected(entry, actor, case.target)


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


ABSENT = 999_999


def absent_twins(crawl: Crawl) -> list[Case]:
    """Every GET case again, with ids and paths of objects that do not exist: what a
    refused visitor meets there must be what they meet at the real object's URL."""
    twins = []
    for rule, case in cases(crawl.app, crawl.site):
        if case is None or case.method != "GET" or case.target == "A/public":
            continue  # (a public page's existence is no secret)
        url = fill(rule, absent(case.values))
        if url is not None and url != case.url:
            twins.append(
                Case(**{**vars(case), "url": url + QUERIES.get(case.endpoint, "")})
            )
    return twins


def absent(values: dict[str, Any]) -> dict[str, Any]:
    ids = [
        key
        for key, value in values.items()
        if key.endswith("_id") and type(value) is int
    ]
    return {**values, **dict.fromkeys(ids, ABSENT), "path": "no-such-page"}
