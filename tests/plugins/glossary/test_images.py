"""A concept's image comes from the space's materials library, re-encoded by the core:
only an image of the same space is accepted, and only readers of the materials see it."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from etwincms.db import commit
from etwincms.errors import ValidationError
from etwincms.services import materials
from etwincms_glossary import services
from etwincms_glossary.services import TermInput

from .conftest import Browser, GlossarySpace, text


def upload(glossary: GlossarySpace, name: str, data: bytes) -> int:
    material = materials.attach_material(
        glossary.session,
        glossary.user("teacher"),
        glossary.project,
        io.BytesIO(data),
        filename=name,
    )
    commit(glossary.session)
    return material.id


def png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (20, 20), "olive").save(out, "PNG")
    return out.getvalue()


def test_a_concept_shows_an_image_of_the_library_to_members_only(
    browser: Browser, glossary: GlossarySpace
) -> None:
    image_id = upload(glossary, "hoe.png", png())
    browser.login("pupil")
    form = browser.get("/new").get_data(as_text=True)
    assert f'<option value="{image_id}">hoe.png</option>' in form
    created = browser.post("/new", {"term-en": "hoe", "image_id": str(image_id)})
    assert created.status_code == 302
    thumbnail = f"/materials/{image_id}/-/thumbnail"
    assert thumbnail in text(browser.client.get(created.headers["Location"]))
    glossary.make_public()
    browser.login(None)
    assert thumbnail not in text(browser.client.get(created.headers["Location"]))


def test_only_images_of_the_space_are_accepted(glossary: GlossarySpace) -> None:
    document = upload(glossary, "notes.txt", b"plain text")
    for image_id in (document, 999_999):
        with pytest.raises(ValidationError):
            services.create_concept(
                glossary.session,
                glossary.user("teacher"),
                glossary.project,
                terms={"en": TermInput("hoe")},
                image_id=image_id,
            )
        glossary.session.rollback()
