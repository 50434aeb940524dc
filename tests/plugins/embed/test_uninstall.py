"""Uninstalling the embed plugin leaves the rest of etwincms working and keeps its data."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import func, select, text

from etwincms import migrate
from etwincms.app import create_app
from etwincms.db import commit, get_session
from etwincms.testing import AuthActions, Factory, make_config
from etwincms_embed import services
from etwincms_embed.models import EmbedItem


def build(app: Any) -> str:
    with app.test_request_context("/"):
        session = get_session()
        make = Factory(session)
        teacher = make.user("teacher", school=make.school("es"))
        project = make.space(teacher, title="Green Roots", languages=["en"])
        commit(session)
        url = "https://youtu.be/aqz-KE-bpKQ"
        services.create(session, teacher, project, title="Farm", url=url)
        commit(session)
        return project.slug


def config(tmp_path: Path, url: str, plugins: list[str]) -> dict[str, Any]:
    return make_config(tmp_path, url, SEARCH_BACKEND="whoosh", PLUGINS=plugins)


def test_without_the_embed_plugin_everything_else_works(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'site.db'}"
    with_embed = create_app(config(tmp_path, url, ["embed"]))
    migrate.upgrade(with_embed)
    slug = build(with_embed)

    without = create_app(config(tmp_path, url, []))
    state = without.extensions["etwincms"]
    assert "embed" not in state.plugins.optional_plugins
    assert "www.youtube-nocookie.com" not in state.sanitizer.iframe_hosts
    assert migrate.drift(without) == []
    client = without.test_client()
    AuthActions(client).login("teacher")
    home = client.get(f"/s/{slug}/")
    assert home.status_code == 200 and "Embeds" not in home.get_data(as_text=True)
    assert client.get(f"/s/{slug}/-/embed/").status_code == 404
    assert client.get(f"/api/v1/projects/{slug}/embed/items").status_code == 404
    with migrate.engine_of(without).connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM embed_item")).scalar() == 1
    migrate.engine_of(without).dispose()

    again = create_app(config(tmp_path, url, ["embed"]))
    with again.test_request_context("/"):
        assert get_session().scalar(select(func.count()).select_from(EmbedItem)) == 1
