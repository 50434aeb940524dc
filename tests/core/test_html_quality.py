"""The served HTML is fit for a strict CSP and for assistive technology.

No template holds an inline script, an inline event handler or a ``style`` attribute (so
a Content-Security-Policy without ``unsafe-inline`` can be set); the main screens have no
duplicate ids and a label for every form field.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from etwincms.db import commit
from etwincms.services import pages
from etwincms.testing import SpaceWithMembers

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = [
    *sorted((ROOT / "themes").rglob("*.html")),
    *sorted((ROOT / "plugins").rglob("templates/**/*.html")),
]
INLINE = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>|\son[a-z]+\s*=|\sstyle\s*=", re.I)


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: str(p.relative_to(ROOT)))
def test_templates_have_no_inline_scripts_or_styles(template: Path) -> None:
    found = INLINE.findall(template.read_text(encoding="utf-8"))
    assert found == [], f"{template}: {found}"


class FormAudit(HTMLParser):
    """Collects ids, labelled ids and form fields of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: list[str] = []
        self.label_for: set[str] = set()
        self.fields: list[dict[str, Any]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if attributes.get("id"):
            self.ids.append(attributes["id"] or "")
        if tag == "label" and attributes.get("for"):
            self.label_for.add(attributes["for"] or "")
        if tag in {"input", "select", "textarea"} and attributes.get("type") not in {
            "hidden",
            "submit",
            "button",
        }:
            self.fields.append(attributes)


def unlabelled(audit: FormAudit) -> list[dict[str, Any]]:
    return [
        field
        for field in audit.fields
        if field.get("id") not in audit.label_for and not field.get("aria-label")
    ]


@pytest.fixture
def screens(session: Any, space: SpaceWithMembers) -> list[str]:
    page = pages.create_page(
        session,
        space.users["admin"],
        space.project,
        title="Plan",
        body="| a | b |\n|---|---|\n| 1 | 2 |\n",
    )
    commit(session)
    slug = space.project.slug
    return [
        "/spaces",
        "/spaces/new",
        f"/s/{slug}/",
        f"/s/{slug}/{page.path}",
        f"/s/{slug}/-/edit/{page.path}",
        f"/s/{slug}/-/history/{page.path}",
        f"/s/{slug}/-/settings/{page.path}",
        f"/s/{slug}/-/new",
        f"/s/{slug}/-/people",
        f"/s/{slug}/-/people/pupils",
        f"/s/{slug}/-/settings",
        f"/s/{slug}/-/settings/roles",
        f"/s/{slug}/-/plugins",
        f"/s/{slug}/-/trash",
        "/account/password",
        "/account/profile",
    ]


def test_main_screens_have_unique_ids_and_labelled_fields(
    client: Any, auth: Any, space: SpaceWithMembers, screens: list[str]
) -> None:
    space.login(auth, "admin")
    for url in screens:
        response = client.get(url)
        assert response.status_code == 200, url
        audit = FormAudit()
        audit.feed(response.get_data(as_text=True))
        duplicates = {i for i in audit.ids if audit.ids.count(i) > 1}
        assert not duplicates, (url, duplicates)
        assert unlabelled(audit) == [], url
