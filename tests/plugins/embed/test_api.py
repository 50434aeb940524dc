"""The embed API: listing with cursors, adding, reading with ETags, If-Match on changes,
problem documents for refused URLs, and pupils unnamed to visitors."""

from __future__ import annotations

from typing import Any

from etwincms.db import commit
from etwincms.services import tokens

from .conftest import Browser, EmbedSpace

PADLET = "https://padlet.com/embed/abc123xyz9"


def bearer(browser: Browser, embeds: EmbedSpace, role: str) -> None:
    """API writes take a token, as programs send them."""
    _token, secret = tokens.create_token(
        embeds.session, embeds.user(role), name="test", scopes=["read", "write"]
    )
    commit(embeds.session)
    browser.client.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {secret}"


def test_a_teacher_adds_reads_changes_and_deletes_an_embed(
    browser: Browser, embeds: EmbedSpace
) -> None:
    bearer(browser, embeds, "teacher")
    client, api = browser.client, embeds.api
    created = client.post(f"{api}/items", json={"title": "Wall", "url": PADLET})
    assert created.status_code == 201
    body: dict[str, Any] = created.get_json()
    assert (body["provider"], body["embed_url"]) == ("padlet", PADLET)
    item = f"{api}/items/{body['id']}"
    etag = client.get(item).headers["ETag"]
    assert client.patch(item, json={"title": "New"}).status_code == 428
    assert (
        client.patch(
            item, json={"title": "New"}, headers={"If-Match": '"x"'}
        ).status_code
        == 412
    )
    changed = client.patch(item, json={"title": "New"}, headers={"If-Match": etag})
    assert changed.status_code == 200 and changed.headers["ETag"] != etag
    assert (
        client.delete(item, headers={"If-Match": changed.headers["ETag"]}).status_code
        == 204
    )
    assert client.get(item).status_code == 404


def test_refused_urls_answer_a_problem_document(
    browser: Browser, embeds: EmbedSpace
) -> None:
    bearer(browser, embeds, "teacher")
    for url in (
        "javascript:alert(1)",
        "https://youtube.com.evil.example/watch?v=aqz-KE-bpKQ",
    ):
        response = browser.client.post(
            f"{embeds.api}/items", json={"title": "x", "url": url}
        )
        assert response.status_code == 422
        assert response.headers["Content-Type"].startswith("application/problem+json")


def test_pages_of_the_list_follow_the_cursor(
    browser: Browser, embeds: EmbedSpace
) -> None:
    ids = [embeds.item("teacher", title=f"Video {n}").id for n in range(3)]
    browser.login("pupil")
    first = browser.client.get(f"{embeds.api}/items?limit=2").get_json()
    assert [i["id"] for i in first["items"]] == ids[:0:-1]
    rest = browser.client.get(
        f"{embeds.api}/items?limit=2&cursor={first['next_cursor']}"
    )
    assert [i["id"] for i in rest.get_json()["items"]] == ids[:1]
    assert rest.get_json()["next_cursor"] is None


def test_pupils_may_not_add_and_visitors_never_see_pupils_names(
    browser: Browser, embeds: EmbedSpace
) -> None:
    bearer(browser, embeds, "pupil")
    response = browser.client.post(
        f"{embeds.api}/items", json={"title": "x", "url": PADLET}
    )
    assert response.status_code == 403
    item = embeds.item("pupil_lead")
    embeds.make_public()
    embeds.approve(item)  # a pupil lead's embed reaches visitors once approved
    browser.client.environ_base.pop("HTTP_AUTHORIZATION")
    author = browser.client.get(f"{embeds.api}/items/{item.id}").get_json()["author"]
    assert author != embeds.user("pupil_lead").display_name


def test_the_providers_the_space_allows(browser: Browser, embeds: EmbedSpace) -> None:
    embeds.settings(providers="padlet")
    browser.login("observer")
    listing = browser.client.get(f"{embeds.api}/providers").get_json()
    assert listing["items"] == [
        {"name": "padlet", "label": "Padlet", "embed_host": "padlet.com"}
    ]
