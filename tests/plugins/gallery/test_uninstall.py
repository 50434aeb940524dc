"""Nothing needs the gallery: a database used with it works without it, and keeps its data.

A SQLite file migrated and used with the gallery is opened by an application that does
not load it (as an operator who uninstalled it would): spaces and pages work, the
gallery's routes, navigation and API are gone, its tables are left alone and ignored by
the drift check. Loading it again brings the photos back, unchanged.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from sqlalchemy import func, select, text

import etwincms_gallery
from etwincms import migrate
from etwincms.app import create_app
from etwincms.db import commit, get_session
from etwincms.services import pages
from etwincms.testing import AuthActions, Factory, make_config
from etwincms_gallery import services
from etwincms_gallery.models import Item

from .conftest import png


def build(app: Any) -> tuple[str, str, int]:
    """A space with a page and a photo, made through the real services."""
    with app.test_request_context("/"):
        session = get_session()
        make = Factory(session)
        teacher = make.user("teacher", school=make.school("es"))
        project = make.space(teacher, title="Green Roots")
        page = pages.create_page(
            session, teacher, project, title="Plan", body="**Plan**"
        )
        album = services.create_album(session, teacher, project, title="Trip")
        items, _notes = services.upload_items(
            session, teacher, project, album, [(io.BytesIO(png()), "square.png")]
        )
        services.update_item(session, teacher, project, items[0], caption="Square")
        commit(session)
        return project.slug, page.path, items[0].id


def test_without_the_gallery_everything_else_works(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'site.db'}"
    with_gallery = create_app(make_config(tmp_path, url), plugins=[etwincms_gallery])
    migrate.upgrade(with_gallery)
    slug, path, item_id = build(with_gallery)

    without = create_app(make_config(tmp_path, url), plugins=[])
    assert migrate.drift(without) == []
    client = without.test_client()
    AuthActions(client).login("teacher")
    home = client.get(f"/s/{slug}/")
    assert home.status_code == 200
    assert "/-/gallery/" not in home.get_data(as_text=True)
    page = client.get(f"/s/{slug}/{path}").get_data(as_text=True)
    assert "<strong>Plan</strong>" in page
    assert client.get(f"/s/{slug}/-/gallery/").status_code == 404
    assert client.get(f"/api/v1/projects/{slug}/gallery/albums").status_code == 404
    with migrate.engine_of(without).connect() as connection:
        count = connection.execute(text("SELECT count(*) FROM gallery_item"))
        assert count.scalar() == 1

    again = create_app(make_config(tmp_path, url), plugins=[etwincms_gallery])
    with again.test_request_context("/"):
        assert get_session().scalar(select(func.count()).select_from(Item)) == 1
    client = again.test_client()
    AuthActions(client).login("teacher")
    shown = client.get(f"/s/{slug}/-/gallery/i/{item_id}").get_data(as_text=True)
    assert "Square" in shown
    for app in (with_gallery, without, again):
        migrate.engine_of(app).dispose()
