"""The page tree's markup: public pages carry a translated "public" badge, others none."""

from __future__ import annotations

import re

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from etwincms.models import Visibility
from etwincms.services import pages
from etwincms.testing import AuthActions, Factory


def test_only_public_pages_are_badged_in_the_tree(
    client: FlaskClient, auth: AuthActions, make: Factory, session: Session
) -> None:
    admin = make.user("maria", school=make.school("es"))
    project = make.space(admin, title="Badges", is_public=True)
    for title, visibility in (("Open Meadow", Visibility.PUBLIC), ("Shed", None)):
        options = {"visibility": visibility} if visibility else {}
        pages.create_page(session, admin, project, title=title, body="", **options)
    session.commit()
    auth.login("maria")
    html = client.get(f"/s/{project.slug}/").get_data(as_text=True)
    items = dict(
        re.findall(r'data-path="([^"]+)"[^>]*>[^<]*</a>\s*(.*?)\s*</li>', html, re.S)
    )
    badge = '<span class="badge badge-public" title="Public">public</span>'
    assert items["open-meadow"].startswith(badge)
    assert "badge" not in items["shed"]
