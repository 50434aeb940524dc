"""The XSS suite over the plugins' JSON API writes: forum, blog and wiki answer ``html``.

Each write gets the whole corpus (less the NUL payloads) in batches as long as the field
allows; the ``html`` of each answer is judged by the oracle payload by payload. Ordinary
rich text written through the wiki's API keeps its words, links and images.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from tests.security import xss_paths
from tests.security.xss_paths import Finding, Site, batches, check, regions

EVERYTHING = xss_paths.sendable()


@pytest.fixture(scope="module")
def site(
    tmp_path_factory: pytest.TempPathFactory, database_url: str | None
) -> Iterator[Site]:
    with xss_paths.site(tmp_path_factory.mktemp("xss-api"), database_url) as built:
        yield built


def redirected(site: Site, path: str, form: dict) -> str:
    answer = site.post(path, form)
    assert answer.status_code == 302, (path, answer.status_code)
    return answer.location


def api_html(site: Site, path: str, data: dict) -> dict:
    """POST to the space's API as the admin; the created thing as JSON."""
    answer = site.api("POST", path, json=data)
    assert answer.status_code == 201, (path, answer.status_code, answer.get_json())
    return answer.get_json()


def test_wiki_api(site: Site) -> None:
    findings: list[Finding] = []
    for batch in batches(EVERYTHING, 200_000):
        article = api_html(
            site, "/wiki/articles", {"title": "API payloads", "body": batch.text}
        )
        findings += check("wiki api", [article["html"]], batch.indices)
    for batch in batches(EVERYTHING, 20_000):
        comment = api_html(
            site, f"/wiki/articles/{article['id']}/comments", {"body": batch.text}
        )
        findings += check("wiki api talk", [comment["html"]], batch.indices)
    assert findings == []


def test_forum_api(site: Site) -> None:
    forum = int(
        re.search(r"/-/forum/f/(\d+)", site.get(f"/s/{site.slug}/-/forum/")).group(1)
    )
    first, *others = batches(EVERYTHING, 50_000)
    topic = api_html(
        site, "/forum/topics", {"forum_id": forum, "title": "t", "body": first.text}
    )
    findings = check("forum api", [topic["posts"][0]["html"]], first.indices)
    for batch in others:
        post = api_html(
            site, f"/forum/topics/{topic['id']}/posts", {"body": batch.text}
        )
        findings += check("forum api reply", [post["html"]], batch.indices)
    assert findings == []


def test_blog_api(site: Site) -> None:
    form = {"title": "Blog", "visibility": "members", "writer_roles": "admin"}
    blog = redirected(site, f"/s/{site.slug}/-/blog/new", form).rsplit("/", 1)[-1]
    findings: list[Finding] = []
    for batch in batches(EVERYTHING, 50_000):
        fields = {"title": "API payloads", "body": batch.text, "status": "published"}
        post = api_html(site, f"/blog/blogs/{blog}/posts", fields)
        findings += check("blog api", [post["html"]], batch.indices)
    for batch in batches(EVERYTHING, 10_000):
        comment = api_html(
            site, f"/blog/posts/{post['id']}/comments", {"body": batch.text}
        )
        findings += check("blog api comment", [comment["html"]], batch.indices)
    assert findings == []


def test_known_good_content_survives_the_wiki(site: Site) -> None:
    (batch,) = batches(xss_paths.known_good(), 200_000)
    article = api_html(
        site, "/wiki/articles", {"title": "Known good", "body": batch.text}
    )
    page = site.get(f"/s/{site.slug}/-/wiki/a/{article['id']}")
    served = regions(page, ["div.content"])
    assert xss_paths.lost(served) == []
    assert check("known good wiki", served, batch.indices) == []
