"""The gallery's JSON API: albums and items with ETags and If-Match, cursor pages in
album order, uploads through the same checks as the web, problem documents for errors,
and the bytes with range requests."""

from __future__ import annotations

import io
from typing import Any

from flask.testing import FlaskClient
from PIL import Image

from etwincms.db import commit
from etwincms.services import tokens

from .conftest import GallerySpace, jpeg_with_gps, mp4, png


def bearer(gallery: GallerySpace, role: str) -> dict[str, str]:
    _token, secret = tokens.create_token(
        gallery.session, gallery.user(role), name="test", scopes=["read", "write"]
    )
    commit(gallery.session)
    return {"Authorization": f"Bearer {secret}"}


def upload(
    client: FlaskClient,
    gallery: GallerySpace,
    album_id: int,
    headers: Any,
    body: bytes,
    name: str,
) -> Any:
    return client.post(
        f"{gallery.api}/albums/{album_id}/items",
        data={"file": (io.BytesIO(body), name)},
        content_type="multipart/form-data",
        headers=headers,
    )


def test_albums_are_created_read_and_changed_with_if_match(
    client: FlaskClient, gallery: GallerySpace
) -> None:
    teacher = bearer(gallery, "teacher")
    made = client.post(
        f"{gallery.api}/albums",
        json={"title": "Workshop", "phase": "before", "visibility": "members"},
        headers=teacher,
    )
    assert made.status_code == 201 and made.headers["ETag"]
    album_url = f"{gallery.api}/albums/{made.json['id']}"
    change = {"title": "Soil workshop"}
    assert client.patch(album_url, json=change, headers=teacher).status_code == 428
    stale = {**teacher, "If-Match": '"stale"'}
    stale_answer = client.patch(album_url, json=change, headers=stale)
    assert stale_answer.status_code == 412
    assert stale_answer.mimetype == "application/problem+json"
    fresh = {**teacher, "If-Match": made.headers["ETag"]}
    changed = client.patch(album_url, json=change, headers=fresh)
    assert changed.status_code == 200 and changed.json["title"] == "Soil workshop"
    assert changed.headers["ETag"] != made.headers["ETag"]
    pupil = bearer(gallery, "pupil")
    refused = client.post(f"{gallery.api}/albums", json={"title": "X"}, headers=pupil)
    assert refused.status_code == 403
    assert refused.mimetype == "application/problem+json"


def test_an_upload_through_the_api_is_cleaned_and_served_with_ranges(
    client: FlaskClient, gallery: GallerySpace
) -> None:
    album = gallery.make_album()
    pupil = bearer(gallery, "pupil")
    answer = upload(client, gallery, album.id, pupil, jpeg_with_gps(), "gps.jpg")
    assert answer.status_code == 201
    item = answer.json["items"][0]
    assert item["kind"] == "photo" and item["public"] is False
    served = client.get(item["content_url"], headers=pupil, buffered=True)
    with Image.open(io.BytesIO(served.get_data())) as image:
        assert not image.getexif() and "xmp" not in image.info
    video = upload(client, gallery, album.id, pupil, mp4(), "walk.mp4").json["items"][0]
    part = client.get(
        video["content_url"], headers={**pupil, "Range": "bytes=0-9"}, buffered=True
    )
    assert part.status_code == 206 and part.get_data() == mp4()[:10]
    bad = upload(client, gallery, album.id, pupil, b"<html></html>", "x.jpg")
    assert bad.status_code == 422 and bad.mimetype == "application/problem+json"
    assert "neither a photo" in bad.get_data(as_text=True)


def test_items_are_listed_in_album_order_with_a_cursor(
    client: FlaskClient, gallery: GallerySpace
) -> None:
    from etwincms_gallery import services

    album = gallery.make_album()
    items = [
        gallery.upload("teacher", album, png(colour=c)) for c in ("red", "blue", "lime")
    ]
    services.reorder(
        gallery.session,
        gallery.user("teacher"),
        gallery.project,
        album,
        [items[2].id, items[0].id, items[1].id],
    )
    commit(gallery.session)
    teacher = bearer(gallery, "teacher")
    url = f"{gallery.api}/albums/{album.id}/items"
    first = client.get(url, query_string={"limit": 2}, headers=teacher).json
    assert [i["id"] for i in first["items"]] == [items[2].id, items[0].id]
    rest = client.get(
        url, query_string={"limit": 2, "cursor": first["next_cursor"]}, headers=teacher
    ).json
    assert [i["id"] for i in rest["items"]] == [items[1].id]
    assert rest["next_cursor"] is None


def test_items_are_changed_by_their_uploader_or_a_moderator(
    client: FlaskClient, gallery: GallerySpace
) -> None:
    album = gallery.make_album()
    item = gallery.upload("pupil", album)
    url = f"{gallery.api}/items/{item.id}"
    pupil, lead = bearer(gallery, "pupil"), bearer(gallery, "pupil_lead")
    etag = client.get(url, headers=pupil).headers["ETag"]
    change = {"alt_text": "A tractor", "identifiable": True}
    refused = client.patch(url, json=change, headers={**lead, "If-Match": etag})
    assert refused.status_code == 403
    changed = client.patch(url, json=change, headers={**pupil, "If-Match": etag})
    assert changed.status_code == 200 and changed.json["alt_text"] == "A tractor"
    consent = {"consent": True}
    etag = changed.headers["ETag"]
    assert (
        client.patch(url, json=consent, headers={**pupil, "If-Match": etag}).status_code
        == 403
    )
    teacher = bearer(gallery, "teacher")
    confirmed = client.patch(url, json=consent, headers={**teacher, "If-Match": etag})
    assert (
        confirmed.json["consent_confirmed"] is True and confirmed.json["public"] is True
    )
    assert client.delete(url, headers=lead).status_code == 403
    assert client.delete(url, headers=pupil).status_code == 204
    assert client.get(url, headers=pupil).status_code == 404
