"""Content stamps: every committed change to what pages show renews the stamp of the
space it belongs to (or of the site), and nothing else does."""

from __future__ import annotations

import pytest
from sqlalchemy import inspect, select, text, update
from sqlalchemy.orm import Session

from etwincms import stamps
from etwincms.models import Page, Project, Revision, SearchOutbox, User, Visibility
from etwincms.services import audit, pages, revisions
from etwincms.testing import AuthActions, Factory


class TwoSpaces:
    def __init__(self, make: Factory, session: Session) -> None:
        self.session = session
        self.admin = make.user("maria", school=make.school("es"))
        self.one = make.space(self.admin, title="Space One")
        self.two = make.space(self.admin, title="Space Two")
        self.page = pages.create_page(
            session, self.admin, self.one, title="Meadow", body="Flowers."
        )
        session.commit()

    def now(self) -> dict[int, int]:
        scopes = (stamps.SITE, self.one.id, self.two.id)
        return stamps.read(self.session, scopes)

    def renewed_by(self, change: object) -> set[int]:
        """Which of the site, space one and space two a committed change renewed."""
        before = self.now()
        assert len(before) == 3  # each has a stamp before the change
        change()  # type: ignore[operator]
        self.session.commit()
        after = self.now()
        return {scope for scope in before if after[scope] != before[scope]}


@pytest.fixture
def spaces(make: Factory, session: Session) -> TwoSpaces:
    return TwoSpaces(make, session)


def test_a_saved_page_renews_its_space_only(spaces: TwoSpaces) -> None:
    def save() -> None:
        revisions.save_revision(
            spaces.session,
            spaces.admin,
            spaces.one,
            spaces.page,
            body="Bees.",
            base_number=1,
        )

    assert spaces.renewed_by(save) == {spaces.one.id}


def test_a_row_without_a_space_column_is_traced_through_its_foreign_keys(
    spaces: TwoSpaces,
) -> None:
    revision = spaces.session.scalars(
        select(Revision).where(Revision.page_id == spaces.page.id)
    ).one()

    def edit_html() -> None:
        revision.rendered_html = "<p>Changed</p>"

    assert spaces.renewed_by(edit_html) == {spaces.one.id}
    route = stamps.routes_of(inspect(Revision))
    assert [[key for key, _mapper in steps] for steps in route] == [["page_id"]]


def test_a_changed_space_and_a_deleted_page_renew_their_space(
    spaces: TwoSpaces,
) -> None:
    def publish() -> None:
        spaces.two.is_public = True

    assert spaces.renewed_by(publish) == {spaces.two.id}
    assert spaces.renewed_by(lambda: spaces.session.delete(spaces.page)) == {
        spaces.one.id
    }


def test_a_renamed_person_renews_the_site(spaces: TwoSpaces) -> None:
    def rename() -> None:
        spaces.admin.display_name = "María G."

    assert spaces.renewed_by(rename) == {stamps.SITE}


def test_bookkeeping_renews_nothing(spaces: TwoSpaces) -> None:
    """A sign-out everywhere, a new password hash and search outbox rows show on no page."""

    def bookkeeping() -> None:
        spaces.admin.session_version += 1
        spaces.admin.password_hash = "changed"
        spaces.session.add(
            SearchOutbox(action="index", target="page:1", project_id=spaces.one.id)
        )

    assert spaces.renewed_by(bookkeeping) == set()
    assert spaces.renewed_by(lambda: None) == set()


def test_signing_in_and_out_renews_nothing(
    spaces: TwoSpaces, auth: AuthActions
) -> None:
    """Sign-ins happen all day; a stamp they renewed would empty every kept page."""
    assert spaces.renewed_by(lambda: auth.login("maria").status_code) == set()
    assert spaces.renewed_by(lambda: auth.logout().status_code) == set()


def test_a_spaces_activity_renews_its_space(spaces: TwoSpaces) -> None:
    def record() -> None:
        audit.record(spaces.session, spaces.admin, "page.view", spaces.two)

    assert spaces.renewed_by(record) == {spaces.two.id}


def test_a_bulk_statement_renews_the_space_it_names_else_the_site(
    spaces: TwoSpaces,
) -> None:
    statement = update(Page).where(Page.id == spaces.page.id).values(position=5)

    def scoped() -> None:
        spaces.session.execute(
            statement, execution_options={"content_scope": spaces.one.id}
        )

    assert spaces.renewed_by(scoped) == {spaces.one.id}
    assert spaces.renewed_by(lambda: spaces.session.execute(statement)) == {stamps.SITE}
    raw = text("UPDATE page SET position = 6")
    assert spaces.renewed_by(lambda: spaces.session.execute(raw)) == {stamps.SITE}


def test_a_rolled_back_change_renews_nothing(spaces: TwoSpaces) -> None:
    before = spaces.now()
    spaces.page.title = "Not kept"
    spaces.session.flush()
    spaces.session.rollback()
    spaces.session.commit()
    assert spaces.now() == before


def test_a_savepoint_rolled_back_keeps_what_the_transaction_wrote_before_it(
    spaces: TwoSpaces,
) -> None:
    def outer_then_savepoint() -> None:
        spaces.page.visibility = Visibility.PUBLIC
        spaces.session.flush()
        savepoint = spaces.session.begin_nested()
        spaces.two.title = "Renamed, then not"
        spaces.session.flush()
        savepoint.rollback()

    # Space two's note stays (harmless); space one's change must not be forgotten.
    assert spaces.one.id in spaces.renewed_by(outer_then_savepoint)


def test_touch_renews_a_stamp_for_writes_the_session_cannot_see(
    spaces: TwoSpaces,
) -> None:
    assert spaces.renewed_by(lambda: stamps.touch(spaces.session, spaces.two.id)) == {
        spaces.two.id
    }


def test_a_new_space_gets_its_stamp_with_it(
    spaces: TwoSpaces, make: Factory, session: Session
) -> None:
    third = make.space(spaces.admin, title="Space Three")
    session.commit()
    assert third.id in stamps.read(session, [third.id])


def test_every_model_of_the_core_and_plugins_reaches_a_space_or_the_site(
    session: Session,
) -> None:
    """A row either names its space, leads to one by foreign keys, or belongs to the
    whole site; the tables said never to show on a page are the only ones left out."""
    from etwincms.db import Base

    by_table = {m.local_table.name: m for m in Base.registry.mappers}
    assert stamps.routes_of(by_table["page"]) == ((),)
    assert stamps.routes_of(by_table["project"]) == ((),)
    assert stamps.routes_of(by_table["user_account"]) == ()
    assert stamps.hidden(by_table["search_outbox"].local_table)
    assert stamps.scopes_of(session, User(username="x", display_name="X")) == {
        stamps.SITE
    }
    assert stamps.space_key(inspect(Project)) == "id"
