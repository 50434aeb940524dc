"""The XSS suite over the core's write paths: every payload, served back, judged by the oracle.

Every payload of ``xss_vectors.txt`` and ``md_vectors.txt`` goes once through
``render_markdown`` on its own, then in batches (see :mod:`tests.security.xss_paths`)
through the page editor (new page, new revision), the preview and the JSON API, and a
sample of them through page titles, which land in ``<title>``, ``<h1>``, the page tree,
breadcrumbs and search results. Payloads holding NUL are refused at the door (400).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from etwincms.content.render import render_markdown
from tests.security import xss_paths
from tests.security.xss_paths import (
    Finding,
    Site,
    batches,
    check,
    packed,
    regions,
)

CONTENT = ["div.content"]
TITLE_SPOTS = ["title", "h1", "nav.breadcrumbs"]
# Titles are escaped text: a sample covering every shape of payload is enough.
TITLE_SAMPLE = xss_paths.sendable()[::32]


@pytest.fixture(scope="module")
def site(
    tmp_path_factory: pytest.TempPathFactory, database_url: str | None
) -> Iterator[Site]:
    with xss_paths.site(tmp_path_factory.mktemp("xss-core"), database_url) as built:
        yield built


def test_the_pipeline_makes_every_payload_safe(site: Site) -> None:
    with site.app.test_request_context("/"):
        project = site.space.project
        findings = [
            Finding("render_markdown", index, found)
            for index, payload in enumerate(xss_paths.corpus())
            if (found := xss_paths.verdict(render_markdown(payload, project=project)))
        ]
    assert findings == []


def indices(items: list[tuple[int, str]]) -> list[int]:
    return [index for index, _payload in items]


def new_page(site: Site, title: str, body: str, parent: int | None = None) -> str:
    """Create a page through the editor; answer its address."""
    query = f"?parent={parent}" if parent else ""
    answer = site.post(f"/s/{site.slug}/-/new{query}", {"title": title, "body": body})
    assert answer.status_code == 302, answer.status_code
    return answer.location


def test_page_titles_are_served_escaped(site: Site) -> None:
    findings: list[Finding] = []
    parent = None
    for n, batch in enumerate(packed(TITLE_SAMPLE, 200)):
        # Chains of subpages, so the breadcrumbs show titles too (short enough to fit).
        url = new_page(site, batch.text, "xsstitle", parent if n % 8 else None)
        page = site.get(url)
        parent = int(re.search(r"parent=(\d+)", page).group(1))
        findings += check("page title", regions(page, TITLE_SPOTS), batch.indices)
    findings += check(
        "page tree", regions(page, ["nav.sidebar"]), indices(TITLE_SAMPLE)
    )
    hits = site.get("/search?q=xsstitle")
    findings += check("search titles", regions(hits, ["ol.search-hits"]), [])
    assert findings == []


def test_pages_nested_too_deeply_are_refused_not_crashed(site: Site) -> None:
    parent = None
    for depth in range(20):
        fields = {"title": f"{depth:02d} " + "deep" * 40} | (
            {"parent_id": parent} if parent else {}
        )
        answer = site.api("POST", "/pages", json=fields)
        if answer.status_code != 201:
            break
        parent = answer.get_json()["id"]
    assert (depth, answer.status_code) == (12, 422)  # 12 slugs of 80 fill 971 of 1000


def test_page_bodies_and_revisions_are_served_safe(site: Site) -> None:
    first, *others = batches(xss_paths.sendable(), 400_000)
    findings: list[Finding] = []
    url = new_page(site, "Payloads", first.text)
    findings += check("page", regions(site.get(url), CONTENT), first.indices, True)
    path = url.removeprefix(f"/s/{site.slug}/")
    for number, batch in enumerate([*others, first], start=2):
        # The same text again as a new revision: the editor's save path, then the view.
        form = {"title": "Payloads", "body": batch.text, "base": str(number - 1)}
        answer = site.post(f"/s/{site.slug}/-/edit/{path}", form)
        assert answer.status_code == 302, answer.status_code
        served = regions(site.get(url), CONTENT)
        findings += check("revision", served, batch.indices)
    assert findings == []


def test_the_preview_serves_every_payload_safe(site: Site) -> None:
    findings: list[Finding] = []
    for batch in batches(xss_paths.sendable(), 400_000):
        answer = site.post(f"/s/{site.slug}/-/preview", {"body": batch.text})
        findings += check("preview", [answer.get_json()["html"]], batch.indices)
    assert findings == []


def test_the_api_serves_every_payload_safe(site: Site) -> None:
    findings: list[Finding] = []
    for batch in batches(xss_paths.sendable(), 400_000):
        created = site.api(
            "POST", "/pages", json={"title": "API payloads", "body": batch.text}
        )
        assert created.status_code == 201, created.get_json()
        findings += check("api page", [created.get_json()["html"]], batch.indices)
        page = created.get_json()["id"]
        headers = {"If-Match": created.headers["ETag"]}
        updated = site.api(
            "PUT", f"/pages/{page}", json={"body": batch.text}, headers=headers
        )
        findings += check("api revision", [updated.get_json()["html"]], batch.indices)
        preview = site.api("POST", "/preview", json={"body": batch.text})
        findings += check("api preview", [preview.get_json()["html"]], batch.indices)
    assert findings == []


def test_payloads_with_nul_are_refused(site: Site) -> None:
    body = "\n\n".join(payload for _index, payload in xss_paths.with_nul())
    answer = site.post(f"/s/{site.slug}/-/new", {"title": "NUL", "body": body})
    assert answer.status_code == 400
    answer = site.api("POST", "/pages", json={"title": "NUL", "body": body})
    assert answer.status_code in (400, 422)
    assert "NUL" not in site.get(f"/s/{site.slug}/")


def test_the_check_would_catch_a_dangerous_or_lost_payload() -> None:
    served = [
        "<p>xssmark0001x</p>\n<p>fine</p><p>xssmark0002x</p>\n<img src=x onerror=alert(1)>"
    ]
    findings = check("self-test", served, [1, 2, 3])
    assert [finding.index for finding in findings] == [2, None]
    assert "3" in findings[-1].problems[0]


def test_known_good_content_keeps_its_text_links_and_images(site: Site) -> None:
    (batch,) = batches(xss_paths.known_good(), 400_000)
    url = new_page(site, "Known good", batch.text)
    served = regions(site.get(url), CONTENT)
    assert xss_paths.lost(served) == []
    assert check("known good", served, batch.indices) == []
