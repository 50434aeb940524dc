"""Schemathesis over the gallery's operations, as a teacher and a pupil, with it on.

The core's suite fuzzes the document of an app with no plugins loaded, so it never sees
the gallery's operations. This runs the same checks (no server error; status, content
type, headers and body as documented; invalid input refused) on them, in a space with
the gallery switched on and real albums and items that path parameters point at.
"""

from __future__ import annotations

from typing import Any

import schemathesis
from hypothesis import given
from schemathesis.checks import positive_data_acceptance

from etwincms.db import commit
from etwincms.services import tokens
from tests.api.test_schema_conformance import EXAMPLES, isolated

from .conftest import GallerySpace, mp4, png

PREFIX = "/api/v1/projects/{slug}/gallery/"
OPERATIONS = 12


def seed(gallery: GallerySpace, role: str) -> dict[str, Any]:
    """The caller's token and the ids of real things in the space."""
    shared = gallery.make_album(visibility="public")
    other = gallery.make_album("Team", phase="during")
    items = [
        gallery.upload("pupil", shared),
        gallery.upload("teacher", shared, mp4(), "walk.mp4"),
        gallery.upload("teacher", other, png(colour="red")),
    ]
    spare_albums = [gallery.make_album(f"Spare {n}") for n in range(3)]
    spare_items = [gallery.upload(role, other, png(colour="blue")) for _n in range(3)]
    _token, secret = tokens.create_token(
        gallery.session, gallery.user(role), name="fuzz", scopes=["read", "write"]
    )
    commit(gallery.session)
    return {
        "secret": secret,
        "slug": gallery.project.slug,
        "album_id": [shared.id, other.id],
        "item_id": [item.id for item in items],
        "spare_album_id": [album.id for album in spare_albums],
        "spare_item_id": [item.id for item in spare_items],
    }


def aim(case: Any, seeded: dict[str, Any]) -> None:
    """Most generated cases address the real space and objects; a few keep theirs."""
    params = case.path_parameters or {}
    if "slug" in params and hash(params["slug"]) % 8:
        params["slug"] = seeded["slug"]
    for name in ("album_id", "item_id"):
        value = params.get(name)
        if isinstance(value, int) and value % 8:
            # Deleting takes spare ones, so the others stay for the operations after it.
            pool = f"spare_{name}" if case.method.upper() == "DELETE" else name
            params[name] = seeded[pool][value % len(seeded[pool])]


def served(app: Any) -> Any:
    """Read each answer whole and close it, as a WSGI server does (files are streamed
    from storage and closed only then)."""

    def call(environ: dict[str, Any], start_response: Any) -> Any:
        body = app(environ, start_response)
        try:
            return [b"".join(body)]
        finally:
            if hasattr(body, "close"):
                body.close()

    return call


def failures(app: Any, seeded: dict[str, Any]) -> dict[str, str]:
    schema = schemathesis.openapi.from_wsgi(
        "/api/v1/openapi.json", served(isolated(app))
    )
    failed: dict[str, str] = {}
    fuzzed = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        if not operation.path.startswith(PREFIX):
            continue
        fuzzed += 1

        @EXAMPLES
        @given(case=operation.as_strategy())
        def fuzz(case: Any) -> None:
            aim(case, seeded)
            case.call_and_validate(
                headers={"Authorization": f"Bearer {seeded['secret']}"},
                excluded_checks=[positive_data_acceptance],
            )

        try:
            fuzz()
        except Exception as error:  # every failing operation is reported
            failed[operation.label] = str(error)[:2000]
    assert fuzzed == OPERATIONS
    return failed


def test_the_gallery_operations_answer_as_documented_to_a_teacher(
    app: Any, gallery: GallerySpace
) -> None:
    assert failures(app, seed(gallery, "teacher")) == {}


def test_the_gallery_operations_answer_as_documented_to_a_pupil(
    app: Any, gallery: GallerySpace
) -> None:
    assert failures(app, seed(gallery, "pupil")) == {}
