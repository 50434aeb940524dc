"""Every first-party plugin can be left out: the core and the other plugins still work.

For each installed plugin, a site is migrated from empty and used with all the *others*
(``PLUGINS`` names them, as an operator uninstalling one would): a space with every other
plugin switched on serves its home, every link of its navigation, the other plugins'
pages, search and the OpenAPI document without an error, and the models agree with the
migrations. Each plugin's own suite (``tests/plugins/<name>/``) runs it alone; together
they are the suite "run with each one excluded".
"""

from __future__ import annotations

import re
from importlib.metadata import entry_points
from pathlib import Path

import pytest

from etwincms import migrate
from etwincms.app import create_app
from etwincms.db import commit, get_session
from etwincms.plugins import ENTRY_POINT_GROUP
from etwincms.services import pages
from etwincms.services import plugins as switches
from etwincms.testing import AuthActions, Factory, make_config

INSTALLED = sorted(ep.name for ep in entry_points(group=ENTRY_POINT_GROUP))
NAV_LINK = re.compile(r'href="(/s/[^"/]+/-/[^"?#]*)"')


def build_site(tmp_path: Path, others: list[str]) -> tuple[object, str]:
    url = f"sqlite:///{tmp_path / 'site.db'}"
    app = create_app(make_config(tmp_path, url, PLUGINS=others, DEFAULT_PLUGINS=[]))
    migrate.upgrade(app)
    with app.test_request_context("/"):
        session = get_session()
        make = Factory(session)
        teacher = make.user("teacher", school=make.school("es"))
        project = make.space(teacher, title="Green Roots", is_public=True)
        pages.create_page(
            session, teacher, project, title="Plan", body="olive **plan**"
        )
        commit(session)
        for name in others:
            switches.enable_plugin(session, teacher, project, name)
        commit(session)
        return app, project.slug


@pytest.mark.parametrize("left_out", INSTALLED)
def test_the_rest_works_without(tmp_path: Path, left_out: str) -> None:
    others = [name for name in INSTALLED if name != left_out]
    app, slug = build_site(tmp_path, others)
    assert migrate.drift(app) == []
    client = app.test_client()
    AuthActions(client).login("teacher")
    home = client.get(f"/s/{slug}/")
    assert home.status_code == 200
    links = set(NAV_LINK.findall(home.get_data(as_text=True)))
    assert f"/s/{slug}/-/{left_out}/" not in links
    loaded = app.extensions["etwincms"].plugins.optional_plugins
    assert set(others) <= set(loaded) and left_out not in loaded
    assert any(f"/-/{name}/" in link for link in links for name in others)
    for link in sorted(links):  # the other plugins' pages, the core's space pages
        assert client.get(link).status_code < 500, link
    assert client.get(f"/s/{slug}/-/{left_out}/").status_code == 404
    assert "Plan" in client.get("/search?q=olive").get_data(as_text=True)
    spec = client.get("/api/v1/openapi.json")
    assert spec.status_code == 200
    assert f"/projects/{{slug}}/{left_out}/" not in spec.get_data(as_text=True)
