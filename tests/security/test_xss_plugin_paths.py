"""The XSS suite over the writing plugins' long-text paths: forum, blog, wiki, embed.

Each path gets the whole corpus (less the NUL payloads, refused at the door) in batches
as long as the field allows, through the plugin's own form, and the served page is read
back and judged by the oracle payload by payload. Titles get a sample (they are escaped
text); see :mod:`tests.security.xss_paths` for how batches are cut and split.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from tests.security import xss_paths
from tests.security.xss_paths import Finding, Site, batches, check, packed, regions

SAMPLE = xss_paths.sendable()[::32]
EVERYTHING = xss_paths.sendable()
EVERYTHING_INDICES = [index for index, _payload in EVERYTHING]
SAMPLE_INDICES = [index for index, _payload in SAMPLE]


@pytest.fixture(scope="module")
def site(
    tmp_path_factory: pytest.TempPathFactory, database_url: str | None
) -> Iterator[Site]:
    with xss_paths.site(tmp_path_factory.mktemp("xss-plugins"), database_url) as built:
        yield built


def created(site: Site, path: str, form: dict[str, str]) -> str:
    """Post a form that creates something; answer where it redirected (its page)."""
    answer = site.post(path, form)
    assert answer.status_code == 302, (path, answer.status_code)
    return answer.location


def number(pattern: str, html: str) -> int:
    found = re.search(pattern, html)
    assert found is not None, pattern
    return int(found.group(1))


# Embeds first: like forum topics, each new one re-indexes, cheaper while it is small.
YOUTUBE = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"


def test_embed_titles_and_descriptions(site: Site) -> None:
    base = f"/s/{site.slug}/-/embed"
    findings: list[Finding] = []
    descriptions = [batch.text for batch in batches(SAMPLE, 5000)]
    for title in packed(SAMPLE, 200):
        text = descriptions.pop() if descriptions else ""
        form = {"title": title.text, "url": YOUTUBE, "description": text}
        item = site.get(created(site, f"{base}/new", form))
        findings += check(
            "embed", regions(item, ["title", "main h1", "main > p"]), title.indices
        )
    served = regions(site.get(f"{base}/"), ["section.embed-item"])
    assert findings + check("embed titles", served, SAMPLE_INDICES) == []


def test_forum_topics_and_replies(site: Site) -> None:
    base = f"/s/{site.slug}/-/forum"
    forum = number(r"/-/forum/f/(\d+)", site.get(f"{base}/"))
    findings: list[Finding] = []
    # Titles first: each new topic re-indexes the forum, cheaper while it is small.
    for batch in packed(SAMPLE, 200):
        page = site.get(
            created(site, f"{base}/f/{forum}/new", {"title": batch.text, "body": "t"})
        )
        findings += check("forum title", regions(page, ["title", "h1"]), batch.indices)
    # The listing shows the newest topics only: no marker is required there.
    findings += check(
        "forum titles", regions(site.get(f"{base}/f/{forum}"), ["main table"]), ()
    )
    first, *others = batches(EVERYTHING, 50_000)
    topic = created(
        site, f"{base}/f/{forum}/new", {"title": "Payloads", "body": first.text}
    )
    for batch in others:
        created(site, f"{topic}/reply", {"body": batch.text})
    served = regions(site.get(topic), ["div.post-body"])
    assert findings + check("forum post", served, EVERYTHING_INDICES) == []


def new_blog(site: Site) -> str:
    form = {
        "title": "Blog",
        "description": "x",
        "visibility": "members",
        "writer_roles": "admin",
    }
    return created(site, f"/s/{site.slug}/-/blog/new", form)


def test_blog_posts_and_comments(site: Site) -> None:
    blog = number(r"/-/blog/b/(\d+)", new_blog(site))
    write = f"/s/{site.slug}/-/blog/b/{blog}/write"
    findings: list[Finding] = []
    for batch in batches(EVERYTHING, 50_000):
        form = {"title": "Payloads", "body": batch.text, "action": "publish"}
        post = created(site, write, form)
        findings += check(
            "blog post", regions(site.get(post), ["div.content"]), batch.indices
        )
    for batch in batches(EVERYTHING, 10_000):
        created(site, f"{post}/comment", {"body": batch.text})
    served = regions(site.get(post), ["div.content"])
    assert findings + check("blog comment", served, EVERYTHING_INDICES) == []


def test_wiki_articles_revisions_and_talk(site: Site) -> None:
    base = f"/s/{site.slug}/-/wiki"
    findings: list[Finding] = []
    first, *others = batches(EVERYTHING, 200_000)
    article = created(site, f"{base}/new", {"title": "Payloads", "body": first.text})
    findings += check(
        "wiki article", regions(site.get(article), ["div.content"]), first.indices
    )
    # The whole corpus fits one article: the same text again makes the new revision.
    for revision, batch in enumerate([*others, first], start=1):
        form = {"title": "Payloads", "body": batch.text, "base": str(revision)}
        created(site, f"{article}/edit", form)
        served = regions(site.get(article), ["div.content"])
        findings += check("wiki revision", served, batch.indices)
    for batch in batches(EVERYTHING, 20_000):
        created(site, f"{article}/talk", {"body": batch.text})
    served = regions(site.get(f"{article}/talk"), ["div.content"])
    assert findings + check("wiki talk", served, EVERYTHING_INDICES) == []
