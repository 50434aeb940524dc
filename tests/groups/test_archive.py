"""A space's working groups survive the space archive: export, import, same rows.

The source is a SQLite file; the target is the suite's database, so the PostgreSQL pass
runs the round trip SQLite -> PostgreSQL. The group's page id and its members' ids are
renumbered on import and must still point at the same page and people.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from etwincms.archive.export import export_space
from etwincms.archive.importer import import_space
from etwincms.db import Base, commit
from etwincms.groups import services
from etwincms.groups.models import WorkingGroup
from etwincms.models import Page, Role, User
from etwincms.testing import Factory
from tests.archive.compare import canonical, rows_of, stripped, translated
from tests.archive.sites import app_session, installation

TABLES = ("group_working_group", "group_member")


def build_source(session: Session) -> str:
    make = Factory(session)
    teacher = make.user("maria", school=make.school("es"))
    project = make.space(teacher, title="Green roots", slug="green-roots")
    pupils = []
    for key in ("es", "de"):
        pupil = make.user(f"pupil_{key}", kind="pupil", school=make.school(key))
        make.member(project, pupil, Role.PUPIL, school=make.school(key))
        pupils.append(pupil.id)
    services.create_group(session, teacher, project, "Rivers", pupils)
    commit(session)
    return project.slug


def test_groups_round_trip_through_the_space_archive(
    tmp_path: Path, database_url: str | None
) -> None:
    with installation(
        tmp_path / "source", f"sqlite:///{tmp_path / 'source.db'}"
    ) as app:
        with app_session(app) as session:
            slug = build_source(session)
        archive = tmp_path / "green-roots.tar.gz"
        export_space(app, slug, archive)
        with installation(tmp_path / "target", database_url) as target:
            with app_session(target) as session:
                result = import_space(
                    session, archive, target.extensions["etwincms"].storage
                )
                commit(session)
            for name in TABLES:
                table = Base.metadata.tables[name]
                expected = [
                    translated(table, r, result.mapping) for r in rows_of(app, table)
                ]
                actual = [stripped(table, r) for r in rows_of(target, table)]
                assert expected and canonical(actual) == canonical(expected), name
            with app_session(target) as session:
                group = session.scalar(select(WorkingGroup))
                assert group is not None
                assert session.get(Page, group.root_page_id).title == "Rivers"
                names = {session.get(User, uid).username for uid in group.member_ids}
                assert names == {"pupil_es", "pupil_de"}
