"""The XSS suite over the short fields, with far more of the corpus than a sample.

Short fields (titles, names, options: under 5,000 characters) hold one packed line of
payloads each, so the corpus needs many objects: they are made in one transaction
through the services (the same the forms and the API call), and the pages listing many
at once are read back, judged by the oracle payload by payload and checked to show each
text whole (:func:`xss_paths.judge`). ``make test`` sends every 8th payload through
each field, ``make fuzz`` all of them. Forum topic titles, survey questions and options
(single choice and matrix), material names and page titles are here; embed, glossary,
gallery and survey titles and descriptions go through their API in
``test_xss_plugin_api_writes`` and page titles (every 8th) through a space template in
``test_xss_space_templates``.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from etwincms.db import commit, get_session
from etwincms.errors import ValidationError
from etwincms.models import Page, Project, User
from etwincms.services import materials, pages
from etwincms_forum import services as forum_services
from etwincms_forum.models import Forum
from etwincms_survey import services as survey_services
from tests.security import xss_paths
from tests.security.xss_paths import (
    Batch,
    Finding,
    Site,
    every,
    indices_of,
    judge,
    marker,
    one_line,
    packed,
)

STEPS = pytest.mark.parametrize("step", xss_paths.steps())


@pytest.fixture(scope="module")
def site(
    tmp_path_factory: pytest.TempPathFactory, database_url: str | None
) -> Iterator[Site]:
    with xss_paths.site(tmp_path_factory.mktemp("xss-short"), database_url) as built:
        # Nothing here reads the search index, and each new topic would re-index the
        # whole forum (quadratic in what this suite writes): a worker's job, as in a
        # deployment with several web processes.
        built.app.config["SEARCH_DRAIN"] = "worker"
        yield built


@contextmanager
def as_admin(site: Site) -> Iterator[tuple[Session, User, Project]]:
    """The services' arguments, in one transaction committed at the end."""
    with site.app.test_request_context("/"):
        session = get_session()
        admin = session.get(User, site.space.users["admin"].id)
        project = session.get(Project, site.space.project.id)
        yield session, admin, project
        commit(session)


def space_path(site: Site, path: str) -> str:
    return f"/s/{site.slug}/-/{path}"


@STEPS
def test_forum_topic_titles(site: Site, step: int) -> None:
    titles = packed(every(step), 200)
    with as_admin(site) as (session, admin, project):
        forum = session.scalars(
            select(Forum).where(Forum.project_id == project.id)
        ).first()
        forum = forum or forum_services.ensure_default_forum(session, admin, project)
        for title in titles:
            forum_services.create_topic(
                session, admin, project, forum, title=title.text, body="xss"
            )
        forum_id = forum.id
    listing = [
        site.get(space_path(site, f"forum/f/{forum_id}?page={n}"))
        for n in range(1, len(titles) // 25 + 2)
    ]
    served = "".join(listing)
    assert (
        judge(
            "forum titles",
            served,
            ["main table a"],
            indices_of(titles),
            [t.text for t in titles],
        )
        == []
    )


def question(key: str, kind: str, text: str, **choices: list[str]) -> dict[str, Any]:
    made = {
        name: [{"key": f"o{n}", "text": {"en": t}} for n, t in enumerate(found)]
        for name, found in choices.items()
    }
    return {"key": key, "type": kind, "text": {"en": text}} | made


def one_each(items: list[tuple[int, str]]) -> list[str]:
    """Each payload alone after its marker, cut to an option's 1,000 characters."""
    return [f"{marker(index)} {one_line(item)}"[:1000] for index, item in items]


@STEPS
def test_survey_questions_and_options(site: Site, step: int) -> None:
    texts, options = packed(every(step), 1000), one_each(every(step))
    asked = [question(f"t{n}", "long", batch.text) for n, batch in enumerate(texts)]
    asked += [
        question(f"s{n}", "single", f"Options {n}", options=options[n : n + 30])
        for n in range(0, len(options), 30)
    ]
    # A matrix shows its rows and options in headers and in every cell's aria-label.
    few = options[:6]
    asked.append(question("m", "matrix", "Matrix", rows=few[:3], options=few[3:]))
    findings: list[Finding] = []
    for part in range(0, len(asked), 100):
        findings += survey_pages(site, asked[part : part + 100], texts, options)
    assert findings == []


def survey_pages(
    site: Site, asked: list[dict[str, Any]], texts: list[Batch], options: list[str]
) -> list[Finding]:
    """A survey with ``asked``: its page (to the manager), its form and its results."""
    with as_admin(site) as (session, admin, project):
        survey = survey_services.create_survey(
            session, admin, project, title="Questions", questions=asked
        )
        survey_services.set_status(session, admin, project, survey, "open")
        survey_id = survey.id
    shown_texts = [q["text"]["en"] for q in asked]
    shown_options = [o["text"]["en"] for q in asked for o in q.get("options", [])]
    expected = [
        int(t[7:11]) for t in shown_texts + shown_options if t.startswith("xssmark")
    ]
    show = site.get(space_path(site, f"survey/{survey_id}"))
    spots = ["ol.survey-questions strong"]
    findings = judge("survey questions", show, spots, [], shown_texts)
    form = site.get(space_path(site, f"survey/{survey_id}/answer"))
    spots = ["main legend", "main label", "main caption", "main th"]
    findings += judge("survey form", form, spots, expected, shown_texts + shown_options)
    cells = ["main td input"]
    findings += judge("survey matrix", form, cells, [], [], outer=True)
    results = site.get(space_path(site, f"survey/{survey_id}/results"))
    return findings + judge("survey results", results, ["main"], [], shown_texts)


@STEPS
def test_material_names(site: Site, step: int) -> None:
    names = packed(every(step), 255)
    kept: list[str] = []
    with as_admin(site) as (session, admin, project):
        for n, name in enumerate(names):
            upload = io.BytesIO(f"notes {n}".encode())
            made = materials.attach_material(
                session, admin, project, upload, filename=f"notes{n}.txt"
            )
            try:
                materials.rename_material(session, admin, project, made, name.text)
            except ValidationError:  # nothing left after the last "/": refused
                continue
            kept.append(made.original_name)
    library = site.get(space_path(site, "materials"))
    # Names are cleaned as file names (the part after the last "/"...), so markers may
    # go: each name must come back as the service stored it, and be judged.
    assert len(kept) > len(names) / 2
    spots = ["main .material-name"]
    assert judge("material names", library, spots, [], kept) == []


@pytest.mark.fuzz
def test_page_titles(site: Site) -> None:
    """Every payload in page titles (``make test`` sends every 8th through a template):
    chains of subpages, read back in the tree and, on each page, ``<title>``, heading
    and breadcrumbs. Each group goes to the trash once read: every page shows the
    whole tree, which would otherwise grow to 851 titles."""
    titles = packed(every(1), 200)
    findings: list[Finding] = []
    for start in range(0, len(titles), 60):
        findings += page_group(site, titles[start : start + 60])
    assert findings == []


def page_group(site: Site, titles: list[Batch]) -> list[Finding]:
    with as_admin(site) as (session, admin, project):
        made, parent = [], None
        for n, title in enumerate(titles):
            page = pages.create_page(
                session, admin, project, title=title.text, body="", parent=parent
            )
            parent = page if n % 6 != 5 else None
            made.append(page.path)
    home = site.get(f"/s/{site.slug}/")
    findings = judge("page tree", home, ["ul.tree a"], indices_of(titles))
    for n, path in enumerate(made):
        page = site.get(f"/s/{site.slug}/{path}")
        findings += judge(
            "page title", page, ["title", "h1"], titles[n].indices, [titles[n].text]
        )
        findings += judge("breadcrumbs", page, ["nav.breadcrumbs"], [])
    with as_admin(site) as (session, admin, project):
        for path in made[::6]:  # each chain's first page: its subpages go with it
            top = session.scalars(
                select(Page).where(Page.project_id == project.id, Page.path == path)
            ).one()
            pages.trash_page(session, admin, project, top)
    return findings
