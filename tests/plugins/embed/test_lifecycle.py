"""Embeds in the project lifecycle: contributions, the moderation queue for pupil leads'
embeds in a public library, and the static export (plain links, never an iframe)."""

from __future__ import annotations

import io
import zipfile

import pytest

from etwincms.db import commit
from etwincms.errors import ValidationError
from etwincms.export.site import build_site
from etwincms.moderation import queue
from etwincms.moderation.consent import record_shown
from etwincms.plugins import project_hooks
from etwincms_embed import services

from .conftest import Browser, EmbedSpace, text


def contributions(embeds: EmbedSpace) -> dict:
    batches = project_hooks(embeds.project).space_contributions(project=embeds.project)
    return {c.id: c for b in batches for c in b or () if c.plugin == "embed"}


def waiting_ids(embeds: EmbedSpace) -> list[str]:
    entries = queue.waiting(embeds.session, embeds.user("admin"), embeds.project)
    return [entry.item_id for entry in entries]


def exported(embeds: EmbedSpace) -> list:
    batches = project_hooks(embeds.project).public_export(project=embeds.project)
    return [page for b in batches for page in b or ()]


def test_every_embed_is_a_contribution(embeds: EmbedSpace) -> None:
    video = embeds.item("teacher", "Farm visit")
    tool = embeds.item("pupil_lead", "Our board")
    found = contributions(embeds)
    assert set(found) == {f"embed_item:{video.id}", f"embed_item:{tool.id}"}
    assert found[f"embed_item:{tool.id}"].author_id == embeds.user("pupil_lead").id
    assert not any(c.public or c.output for c in found.values())
    embeds.make_public()
    found = contributions(embeds)
    assert found[f"embed_item:{video.id}"].public
    assert not found[f"embed_item:{tool.id}"].public  # waits for a teacher


def test_a_pupil_leads_embed_waits_until_a_teacher_approves(
    embeds: EmbedSpace, browser: Browser
) -> None:
    embeds.make_public()
    embeds.item("teacher", "Farm visit")
    tool = embeds.item("pupil_lead", "Our board")
    assert waiting_ids(embeds) == [f"embed_item:{tool.id}"]
    browser.login(None)
    assert "Our board" not in text(browser.get("/"))
    assert browser.get(f"/e/{tool.id}").status_code == 404
    assert "Farm visit" in text(browser.get("/"))
    embeds.approve(tool)
    assert waiting_ids(embeds) == []
    assert "Our board" in text(browser.get("/"))
    services.update(
        embeds.session, embeds.user("pupil_lead"), embeds.project, tool, title="Board 2"
    )
    commit(embeds.session)
    assert waiting_ids(embeds) == [f"embed_item:{tool.id}"]  # changed: waits again
    embeds.approve(tool, yes=False)
    assert waiting_ids(embeds) == []
    assert "Board 2" not in text(browser.get("/"))
    browser.login("observer")
    assert "Board 2" in text(browser.get("/"))  # members still see it
    assert "kept this embed for members only" in text(browser.get(f"/e/{tool.id}"))


def test_refused_when_it_shows_a_pupil_without_consent(embeds: EmbedSpace) -> None:
    tool = embeds.item("pupil_lead", "Our class video")
    item = f"embed_item:{tool.id}"
    record_shown(embeds.session, embeds.project, item, [embeds.user("pupil").id])
    commit(embeds.session)
    with pytest.raises(ValidationError, match="without consent for public use"):
        embeds.approve(tool)
    assert waiting_ids(embeds) == [item]
    decide = project_hooks(embeds.project).decide_publication
    answer = decide(
        project=embeds.project,
        item_id="page:1",
        approve=True,
        actor=embeds.user("admin"),
    )
    assert answer is None


def test_the_export_lists_public_embeds_as_plain_links(embeds: EmbedSpace) -> None:
    embeds.item("teacher", "Farm visit")
    assert exported(embeds) == []  # the library is not public
    embeds.make_public()
    embeds.item("pupil_lead", "Waiting board")
    [page] = exported(embeds)
    assert page.path == "embed/index.html"
    assert "Farm visit" in page.html and "Waiting board" not in page.html
    assert '<a href="https://www.youtube.com/watch?v=aqz-KE-bpKQ">' in page.html
    assert "<iframe" not in page.html and "<script" not in page.html
    assert "src=" not in page.html  # nothing loaded from elsewhere
    for user in embeds.users.values():
        assert user.display_name not in page.html and user.username not in page.html


def test_the_static_export_loads_nothing_from_the_providers(embeds: EmbedSpace) -> None:
    embeds.make_public()
    embeds.item("teacher", "Farm visit")
    embeds.approve(embeds.item("pupil_lead", "Our board"))
    target = io.BytesIO()
    build_site(embeds.session, embeds.project, target)
    with zipfile.ZipFile(target) as archive:
        files = {name: archive.read(name) for name in archive.namelist()}
    page = files["embed/index.html"].decode()
    assert "Farm visit" in page and "Our board" in page
    for name, data in files.items():
        assert b"<iframe" not in data and b"youtube-nocookie" not in data, name
        assert embeds.user("pupil_lead").display_name.encode() not in data, name
