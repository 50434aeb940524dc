"""The retention schedule, with a clock the test moves: pupils of a finished space are
disabled after 30 days and erased after 365, teachers are kept, a pupil still in an
active space is kept, and the finished space's public pages are still served, what the
erased pupil wrote included, attributed to "a former member", and so is its dissemination
export.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from datetime import timedelta

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from etwincms.archive.retention import RetentionReport, Schedule, run_retention
from etwincms.db import commit, utcnow
from etwincms.export.site import build_site
from etwincms.models import AuditEntry, Page, Project, User, Visibility
from etwincms.services import pages, revisions, spaces
from etwincms.testing import AuthActions, Factory

SCHEDULE = Schedule.from_config({})  # the defaults: 30 days, then 365
PUPIL_TEXT = "Our compost heap reached 60 degrees."


@dataclass
class Finished:
    """A public space that has ended, a space still running, and their people."""

    project: Project
    page: Page
    teacher: User
    finished_pupil: User
    busy_pupil: User
    no_space_pupil: User


@pytest.fixture
def finished(session: Session, make: Factory) -> Finished:
    school = make.school("es")
    teacher = make.user("marta", school=school)
    make.user("root", kind="staff", site_admin=True)
    project = make.space(teacher, title="Compost", is_public=True)
    running = make.space(teacher, title="Seeds")
    pupils = [
        make.user(name, kind="pupil", school=school) for name in ("ona", "pau", "rita")
    ]
    make.member(project, pupils[0], "pupil", school=school)
    for space in (project, running):
        make.member(space, pupils[1], "pupil", school=school)
    page = pages.create_page(
        session, teacher, project, title="Compost diary", visibility=Visibility.PUBLIC
    )
    revisions.save_revision(
        session, pupils[0], project, page, body=PUPIL_TEXT, base_number=1
    )
    spaces.archive_space(session, teacher, project)
    commit(session)
    return Finished(project, page, teacher, *pupils)


def run(session: Session, days: int, *, dry_run: bool = False) -> RetentionReport:
    report = run_retention(
        session, None, SCHEDULE, now=utcnow() + timedelta(days=days), dry_run=dry_run
    )
    commit(session)
    return report


def test_pupils_of_finished_spaces_are_disabled_then_erased(
    session: Session, finished: Finished, client: FlaskClient
) -> None:
    assert run(session, 10).disabled == []
    report = run(session, 31)
    assert report.disabled == ["ona", "rita"] and report.erased == []
    assert not finished.finished_pupil.is_active_account
    assert finished.busy_pupil.is_active_account and finished.teacher.is_active_account
    dry = run(session, 366, dry_run=True)
    assert dry.erased == ["ona", "rita"] and finished.finished_pupil.username == "ona"
    erased = run(session, 366)
    assert erased.erased == ["ona", "rita"]
    assert finished.finished_pupil.username.startswith("former-member-")
    assert finished.teacher.username == "marta" and finished.teacher.is_active_account
    assert (
        finished.busy_pupil.username == "pau" and finished.busy_pupil.is_active_account
    )
    assert run(session, 800).erased == []  # erased once, never again
    assert_logged(session, finished)
    assert_public_page_served(client, finished)
    assert_public_export_works(session, finished)


def assert_logged(session: Session, finished: Finished) -> None:
    entries = session.execute(
        select(AuditEntry.action, AuditEntry.object_id).where(
            AuditEntry.action.like("retention.%")
        )
    ).all()
    ona = finished.finished_pupil.id
    assert ("retention.disable", ona) in entries and ("retention.erase", ona) in entries


def assert_public_export_works(session: Session, finished: Finished) -> None:
    """The dissemination export still carries what the erased pupil wrote."""
    target = io.BytesIO()
    build_site(session, finished.project, target)
    with zipfile.ZipFile(target) as site:
        texts = [site.read(name).decode("utf-8", "replace") for name in site.namelist()]
    assert any(PUPIL_TEXT in text for text in texts)
    assert not any("Ona" in text for text in texts)


def assert_public_page_served(client: FlaskClient, finished: Finished) -> None:
    slug, path = finished.project.slug, finished.page.path
    answer = client.get(f"/s/{slug}/{path}")
    html = answer.get_data(as_text=True)
    assert answer.status_code == 200 and PUPIL_TEXT in html
    assert "Ona" not in html
    AuthActions(client).login("marta")  # the history is for members
    history = client.get(f"/s/{slug}/-/history/{path}")
    assert history.status_code == 200
    assert "a former member" in history.get_data(as_text=True)
