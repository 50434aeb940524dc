"""A visitor's kept space home follows the glossary being switched off and on at once."""

from __future__ import annotations

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from etwincms.db import commit
from etwincms.services import plugins as space_plugins
from etwincms.services import spaces
from etwincms.testing import SpaceWithMembers


def test_switching_the_glossary_off_and_on_shows_in_a_visitors_menu(
    client: FlaskClient, space: SpaceWithMembers, session: Session
) -> None:
    admin, project = space.users["admin"], space.project
    spaces.update_space(session, admin, project, is_public=True)
    space_plugins.enable_plugin(session, admin, project, "glossary")
    commit(session)
    home = f"/s/{project.slug}/"
    glossary_script = "/static/plugins/glossary/glossary.js"  # its script, on its pages
    assert glossary_script in client.get(home).get_data(as_text=True)
    assert glossary_script in client.get(home).get_data(as_text=True)  # now kept
    space_plugins.disable_plugin(session, admin, project, "glossary")
    commit(session)
    assert glossary_script not in client.get(home).get_data(as_text=True)
    space_plugins.enable_plugin(session, admin, project, "glossary")
    commit(session)
    assert glossary_script in client.get(home).get_data(as_text=True)
