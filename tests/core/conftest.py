"""Fixtures shared by the core's test modules (the rest come from etwincms.testing)."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from etwincms.models import Membership, Page, Role, Visibility
from etwincms.services import pages
from etwincms.testing import Factory


class Public:
    """A public space with one public page, committed; its addresses for a visitor."""

    def __init__(self, make: Factory, session: Session) -> None:
        self.make, self.session = make, session
        self.admin = make.user("maria", school=make.school("es"))
        self.project = make.space(self.admin, title="Open Space", is_public=True)
        self.page: Page = pages.create_page(
            session,
            self.admin,
            self.project,
            title="Open Meadow",
            body="Wild flowers.",
            visibility=Visibility.PUBLIC,
        )
        session.commit()
        self.url = f"/s/{self.project.slug}/{self.page.path}"
        self.home = f"/s/{self.project.slug}/"

    def add_member(
        self, username: str, role: Role, kind: str = "teacher"
    ) -> Membership:
        """A new member of the space, committed."""
        user = self.make.user(username, kind=kind, school=self.make.school("es"))
        membership = self.make.member(self.project, user, role)
        self.session.commit()
        return membership


@pytest.fixture
def public(make: Factory, session: Session) -> Public:
    return Public(make, session)
