"""An archive holds one space: nothing of another space of the same installation, even
rows that reach their space only through a parent (a forum post through its topic)."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

from sqlalchemy import select

from etwincms.archive.export import export_space
from etwincms.db import commit
from etwincms.models import Project, User
from etwincms.services import pages, spaces

from .sites import add_plugin_content, app_session, build_demo, installation

SECRET_WORD = "quinoa-elsewhere"


def test_another_space_stays_out_of_the_archive(tmp_path: Path) -> None:
    with installation(tmp_path) as app:
        slug = build_demo(app)
        with app_session(app) as session:
            maria = session.scalar(select(User).where(User.username == "maria"))
            other = spaces.create_space(session, maria, title="Quinoa", slug="quinoa")
            add_plugin_content(session, maria, other, consent=False)
            pages.create_page(
                session, maria, other, title=SECRET_WORD, body=SECRET_WORD
            )
            commit(session)
            demo_id = session.scalar(select(Project.id).where(Project.slug == slug))
        export_space(app, slug, tmp_path / "space.zip")
    with zipfile.ZipFile(tmp_path / "space.zip") as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    assert not any(SECRET_WORD.encode() in data for data in members.values())
    for name, data in members.items():
        if name.startswith("tables/"):
            rows = json.loads(data)
            assert {row.get("project_id", demo_id) for row in rows} <= {demo_id}, name
    manifest = json.loads(members["manifest.json"])
    assert (
        manifest["tables"]["forum_post"] == 2
        and manifest["tables"]["glossary_term"] == 1
    )
