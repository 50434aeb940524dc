"""Hostile text through partner finding's write paths, judged by the XSS suite's oracle.

A sample of the adversarial corpus (every 16th payload; the full corpus runs through
the core's paths in ``tests/security``) goes into a post's description (Markdown, the
core's one pipeline), its topic (plain text) and a message (plain text, escaped); the
pages showing them are read back and every payload's rendering is judged.
"""

from __future__ import annotations

from tests.security import xss_paths
from tests.security.xss_paths import batches, check, packed, regions

from .conftest import PartnersSite, text

SAMPLE = xss_paths.sendable()[::16]


def test_descriptions_topics_and_messages_stay_inert(site: PartnersSite, browser):
    site.teacher("ana")
    site.teacher("lena", "de")
    browser.login("lena")
    findings = []
    for batch in batches(SAMPLE, 5000):
        post = site.post("ana", description=batch.text)
        page = text(browser.get(f"/posts/{post.id}"))
        findings += check(
            "post description", regions(page, ["div.content"]), batch.indices
        )
    for batch in packed(SAMPLE, 200):
        site.post("ana", topic=batch.text)
    listing = text(browser.get("/?kind=posts"))
    topics = regions(listing, ["ol.partners-results h2 a"])
    findings += check("post topic", topics, [i for i, _p in SAMPLE])
    for batch in batches(SAMPLE, 5000):
        thread_id = site.message("ana", "lena", batch.text)
        page = text(browser.get(f"/inbox/{thread_id}"))
        findings += check("message", regions(page, ["p.partners-body"]), batch.indices)
    assert findings == []
