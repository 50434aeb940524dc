"""Uninstalling the glossary leaves the rest of etwincms working.

A database migrated and used with the glossary is opened by an application that no
longer loads it: spaces and pages work, the glossary's routes and navigation are gone,
its tables are ignored by the drift check, and its data is kept for a reinstall. A
space that switched the glossary off first has pages without its tooltips.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import func, select, text

from etwincms import migrate
from etwincms.app import create_app
from etwincms.db import commit, get_session
from etwincms.services import pages
from etwincms.services import plugins as space_plugins
from etwincms.testing import AuthActions, Factory, make_config
from etwincms_glossary import services
from etwincms_glossary.models import Concept
from etwincms_glossary.services import TermInput


def build(app: Any) -> tuple[str, str]:
    """A space with a page using a term of its glossary, then the glossary off."""
    with app.test_request_context("/"):
        session = get_session()
        make = Factory(session)
        teacher = make.user("teacher", school=make.school("es"))
        project = make.space(teacher, title="Green Roots", languages=["en", "es"])
        commit(session)
        terms = {"en": TermInput("compost"), "es": TermInput("compostaje")}
        services.create_concept(session, teacher, project, terms=terms)
        page = pages.create_page(
            session, teacher, project, title="Soil", body="Make compost."
        )
        commit(session)
        assert "glossary-tip" in page_html(session, page)
        space_plugins.disable_plugin(session, teacher, project, "glossary")
        commit(session)
        assert "glossary" not in page_html(session, page)
        return project.slug, page.path


def config(tmp_path: Path, url: str, plugins: list[str]) -> dict[str, Any]:
    return make_config(tmp_path, url, SEARCH_BACKEND="whoosh", PLUGINS=plugins)


def page_html(session: Any, page: Any) -> str:
    from etwincms.services.revisions import get_revision

    session.expire_all()
    return get_revision(session, page, page.current_number).rendered_html


def test_without_the_glossary_everything_else_works(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'site.db'}"
    # Installed plugins, as an operator has them; ETWINCMS_PLUGINS chooses what loads.
    with_glossary = create_app(config(tmp_path, url, ["glossary"]))
    migrate.upgrade(with_glossary)
    slug, path = build(with_glossary)

    without = create_app(config(tmp_path, url, []))
    assert "glossary" not in without.extensions["etwincms"].plugins.optional_plugins
    assert migrate.drift(without) == []
    assert not migrate.pending(without)
    client = without.test_client()
    AuthActions(client).login("teacher")
    home = client.get(f"/s/{slug}/")
    assert home.status_code == 200
    assert "Glossary" not in home.get_data(as_text=True)
    assert (
        client.get(f"/s/{slug}/{path}")
        .get_data(as_text=True)
        .count("<p>Make compost.</p>")
        == 1
    )
    assert client.get(f"/s/{slug}/-/glossary/").status_code == 404
    assert client.get(f"/api/v1/projects/{slug}/glossary/concepts").status_code == 404
    with migrate.engine_of(without).connect() as connection:
        count = connection.execute(text("SELECT count(*) FROM glossary_term"))
        assert count.scalar() == 2
    migrate.engine_of(without).dispose()

    again = create_app(config(tmp_path, url, ["glossary"]))
    with again.test_request_context("/"):
        assert get_session().scalar(select(func.count()).select_from(Concept)) == 1
