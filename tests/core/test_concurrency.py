"""Two people save the same page at once: exactly one wins, the other keeps their text.

Each save runs in its own thread with its own session, started together from the same
base revision, against the real database (SQLite file or PostgreSQL).
"""

from __future__ import annotations

import threading
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from etwincms.db import get_session
from etwincms.errors import EditConflict
from etwincms.models import Page, Project, Revision, Role, User
from etwincms.services import pages, revisions
from etwincms.testing import Factory


@pytest.fixture
def shared_page(app: Flask, session: Any, make: Factory) -> dict[str, int]:
    school = make.school("es")
    anna = make.user("anna", school=school)
    ben = make.user("ben", school=school)
    project = make.space(anna)
    make.member(project, ben, Role.TEACHER)
    page = pages.create_page(session, anna, project, title="Planning", body="v1")
    session.commit()
    return {"page": page.id, "project": project.id, "anna": anna.id, "ben": ben.id}


def save_in_thread(
    app: Flask, ids: dict[str, int], who: str, body: str, barrier, results
):
    with app.test_request_context("/"):
        session = get_session()
        page = session.get_one(Page, ids["page"])
        project = session.get_one(Project, ids["project"])
        actor = session.get_one(User, ids[who])
        barrier.wait()
        try:
            revisions.save_revision(
                session, actor, project, page, body=body, base_number=1
            )
            session.commit()
            results[who] = "saved"
        except EditConflict as conflict:
            session.rollback()
            results[who] = conflict


def test_two_saves_from_the_same_revision_one_wins(
    app: Flask, shared_page: dict[str, int]
):
    for _attempt in range(5):  # repeat the race: the outcome must hold every time
        results = race(app, shared_page)
        winner, loser = sorted(results, key=lambda who: results[who] != "saved")
        assert results[winner] == "saved"
        conflict = results[loser]
        assert isinstance(conflict, EditConflict)
        assert conflict.mine == f"text by {loser}"
        assert conflict.theirs == f"text by {winner}"
        reset_to_one_revision(app, shared_page)


def race(app: Flask, ids: dict[str, int]) -> dict[str, Any]:
    barrier = threading.Barrier(2)
    results: dict[str, Any] = {}
    threads = [
        threading.Thread(
            target=save_in_thread,
            args=(app, ids, who, f"text by {who}", barrier, results),
        )
        for who in ("anna", "ben")
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert len(results) == 2, results
    return results


def reset_to_one_revision(app: Flask, ids: dict[str, int]) -> None:
    with app.app_context():
        session = get_session()
        for revision in session.scalars(
            select(Revision).where(Revision.page_id == ids["page"], Revision.number > 1)
        ):
            session.delete(revision)
        session.get_one(Page, ids["page"]).current_number = 1
        session.commit()


def test_nothing_is_lost_after_a_conflict(
    app: Flask, shared_page: dict[str, int]
) -> None:
    results = race(app, shared_page)
    loser = next(who for who, outcome in results.items() if outcome != "saved")
    conflict: EditConflict = results[loser]
    with app.test_request_context("/"):
        session = get_session()
        page = session.get_one(Page, shared_page["page"])
        project = session.get_one(Project, shared_page["project"])
        actor = session.get_one(User, shared_page[loser])
        merged = f"{conflict.theirs}\n\n{conflict.mine}"
        revisions.save_revision(
            session,
            actor,
            project,
            page,
            body=merged,
            base_number=conflict.current_number,
        )
        session.commit()
        bodies = [r.body for r in revisions.history(session, actor, project, page)]
    assert bodies == [merged, conflict.theirs, "v1"]


def test_a_stale_save_never_overwrites(session: Any, make: Factory) -> None:
    anna = make.user("anna")
    project = make.space(anna)
    page = pages.create_page(session, anna, project, title="Diary", body="one")
    revisions.save_revision(session, anna, project, page, body="two", base_number=1)
    session.commit()
    with pytest.raises(EditConflict) as raised:
        revisions.save_revision(
            session, anna, project, page, body="stale", base_number=1
        )
    assert (raised.value.mine, raised.value.theirs) == ("stale", "two")
    assert raised.value.current_number == 2
    session.rollback()
    current = revisions.get_revision(session, page, page.current_number)
    assert current.body == "two"
