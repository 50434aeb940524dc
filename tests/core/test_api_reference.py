"""The API reference page: every operation and schema of the OpenAPI document, as HTML
that needs no script, no other site and no inline styles, with unique ids and working
in-page links."""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

import pytest
from flask.testing import FlaskClient

from etwincms.web.api_reference import Shape, shape_of

URL = "/api/v1/docs"
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta"}
VOID |= {"source", "track", "wbr"}


class PageAudit(HTMLParser):
    """Ids, in-page links, outside resources, and tags left open or closed twice."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: list[str] = []
        self.fragments: list[str] = []
        self.resources: list[str] = []
        self.open: list[str] = []
        self.mismatched: list[str] = []
        self.inline: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {name: value or "" for name, value in attrs}
        self.ids += [found["id"]] if "id" in found else []
        if found.get("href", "").startswith("#"):
            self.fragments.append(found["href"][1:])
        if tag in {"script", "link", "img", "iframe"}:
            self.resources.append(found.get("src") or found.get("href", ""))
        if (
            "style" in found
            or tag == "style"
            or (tag == "script" and "src" not in found)
        ):
            self.inline.append(tag)
        if tag not in VOID:
            self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.open or self.open[-1] != tag:
            self.mismatched.append(tag)
        else:
            self.open.pop()


@pytest.fixture
def page(client: FlaskClient) -> tuple[str, dict[str, Any]]:
    response = client.get(URL)
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    spec = client.get("/api/v1/openapi.json").get_json()
    return response.get_data(as_text=True), spec


def test_every_operation_is_listed(page: tuple[str, dict[str, Any]]) -> None:
    html, spec = page
    methods = {"get", "post", "put", "patch", "delete"}
    for path, item in spec["paths"].items():
        for method in methods & set(item):
            assert f"<code>{method.upper()} {path}</code>" in html, (method, path)
            summary = item[method].get("summary")
            assert summary is None or summary.split("\n")[0] in html.replace(
                "&#39;", "'"
            )


def test_every_tag_and_schema_has_its_section(page: tuple[str, dict[str, Any]]) -> None:
    html, spec = page
    for tag in spec["tags"]:
        assert f"<code>{tag['name']}</code>" in html
    for name in spec["components"]["schemas"]:
        assert f'<h3 id="schema-{name}">{name}</h3>' in html
    assert 'id="op-put-api-v1-projects-slug-pages-page-id"' in html
    assert "If-Match" in html  # a header parameter
    assert '<a href="#schema-PageUpdate">PageUpdate</a>' in html  # a request body


def test_the_page_is_well_formed_and_self_contained(
    page: tuple[str, dict[str, Any]],
) -> None:
    html, _spec = page
    audit = PageAudit()
    audit.feed(html)
    assert audit.mismatched == []
    assert audit.open == []
    duplicates = {i for i in audit.ids if audit.ids.count(i) > 1}
    assert not duplicates
    assert set(audit.fragments) - set(audit.ids) == set()
    assert all(url.startswith("/") for url in audit.resources), audit.resources
    assert audit.inline == []


def test_signed_in_callers_see_a_link_to_their_tokens(
    client: FlaskClient, auth: Any, space: Any
) -> None:
    space.login(auth, "pupil")
    html = client.get(URL).get_data(as_text=True)
    assert 'href="/account/tokens"' in html


@pytest.mark.parametrize(
    ("schema", "shape"),
    [
        ({"type": "string", "format": "date"}, Shape("string (date)")),
        ({"type": "integer", "nullable": True}, Shape("integer", nullable=True)),
        ({"$ref": "#/components/schemas/Page"}, Shape("", "Page")),
        (
            {"type": "array", "items": {"$ref": "#/components/schemas/Page"}},
            Shape("", "Page", array=True),
        ),
        (
            {"type": "array", "items": {"type": "string", "enum": ["read", "write"]}},
            Shape("string: read, write", array=True),
        ),
        (
            {
                "anyOf": [
                    {"type": "object", "nullable": True},
                    {"$ref": "#/components/schemas/School"},
                ]
            },
            Shape("", "School", nullable=True),
        ),
        ({"readOnly": True}, Shape("any")),
    ],
)
def test_types_read_as_words(schema: dict[str, Any], shape: Shape) -> None:
    assert shape_of(schema) == shape
