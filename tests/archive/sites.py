"""Two installations in one test: a source with the demo space, and a target.

Every installed plugin is loaded (their tables are archived like the core's). The source
is a SQLite file; the target is the suite's database (SQLite, or PostgreSQL in the
PostgreSQL pass: the round trip is then SQLite -> PostgreSQL).
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any

from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from etwincms.app import create_app
from etwincms.db import commit, get_session
from etwincms.demo import load_demo
from etwincms.models import Project, User
from etwincms.plugins import ENTRY_POINT_GROUP
from etwincms.services import materials, pages
from etwincms.testing import create_schema, empty_tables, make_config

#: A text file (stored as it is) and a photo (re-encoded, with a thumbnail: two keys).
NOTES = b"Field notes: drip irrigation trial, week 3.\n" * 20


def photo() -> io.BytesIO:
    from PIL import Image

    stream = io.BytesIO()
    Image.new("RGB", (640, 480), (90, 140, 60)).save(stream, "PNG")
    stream.seek(0)
    return stream


def installed_plugins() -> list[Any]:
    return [ep.load() for ep in entry_points(group=ENTRY_POINT_GROUP)]


def plugin_names() -> str:
    """The names of :func:`installed_plugins`, as ``ETWINCMS_PLUGINS`` lists them."""
    loaded = {plugin.__name__ for plugin in installed_plugins()}
    return ",".join(
        ep.name for ep in entry_points(group=ENTRY_POINT_GROUP) if ep.module in loaded
    )


@contextmanager
def installation(folder: Path, database_url: str | None = None) -> Iterator[Flask]:
    """An application with every plugin, its schema made, emptied afterwards."""
    folder.mkdir(parents=True, exist_ok=True)
    app = create_app(make_config(folder, database_url), plugins=installed_plugins())
    engine = app.extensions["etwincms"].db.engine
    create_schema(engine)
    try:
        yield app
    finally:
        if (database_url or "").startswith("postgresql"):
            empty_tables(engine)
        engine.dispose()


@contextmanager
def app_session(app: Flask) -> Iterator[Session]:
    with app.test_request_context("/"):
        yield get_session()


def build_demo(app: Flask) -> str:
    """The demo space, plus a file, a page embedding it and plugin content."""
    with app_session(app) as session:
        slug = load_demo(session).slug
        commit(session)
        project = session.scalar(select(Project).where(Project.slug == slug))
        teacher = session.scalar(select(User).where(User.username == "maria"))
        add_plugin_content(session, teacher, project)
        commit(session)
    return slug


def add_consent(session: Session, teacher: User, project: Project, item: str) -> None:
    """A pupil's media consent (one row per person) and an item that shows her."""
    from etwincms.moderation import consent_admin
    from etwincms.moderation.models import ConsentLevel

    lucia = session.scalar(select(User).where(User.username == "lucia"))
    consent_admin.set_consent(
        session, teacher, project, lucia, ConsentLevel.PUBLIC, note="Form signed."
    )
    consent_admin.set_shown(session, teacher, project, item, [lucia.id])


def add_plugin_content(
    session: Session, teacher: User, project: Project, *, consent: bool = True
) -> None:
    from etwincms_forum import services as forum
    from etwincms_glossary import services as glossary

    material = materials.attach_material(
        session, teacher, project, io.BytesIO(NOTES), filename="notes.txt"
    )
    materials.attach_material(session, teacher, project, photo(), filename="field.png")
    page = pages.create_page(
        session,
        teacher,
        project,
        title="Field notes",
        body=f"See [the notes](/s/{project.slug}/-/materials/{material.id}/notes.txt).",
    )
    if consent:
        add_consent(session, teacher, project, f"page:{page.id}")
    from etwincms_forum.models import Forum

    forum.ensure_default_forum(session, None, project)
    board = session.scalar(select(Forum).where(Forum.project_id == project.id))
    topic = forum.create_topic(
        session, teacher, project, board, title="Trip plan", body="Bus at 8."
    )
    forum.reply(session, teacher, project, topic, body="Bring boots.")
    glossary.create_concept(
        session,
        teacher,
        project,
        terms={"en": glossary.TermInput("drip irrigation", "Water drop by drop.")},
    )
