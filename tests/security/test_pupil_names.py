"""Pupils are never named in public: pages, feeds, the anonymous API and search results.

A public space with every plugin on, where pupils wrote a page revision, a blog post
and comment, forum posts, a wiki article, glossary terms, a photo caption, an embed and
a survey answer. An anonymous visitor then crawls every link the public pages lead to
(feeds included), calls every read operation of the API with real ids, and searches
(web and API) for the pupils' words and names. No answer may contain a pupil's display
name or username; the teachers' names may appear, and do (so the crawl reaches what
names people at all).
"""

from __future__ import annotations

import io
import json
import re
from collections import Counter
from collections.abc import Iterator
from itertools import product
from typing import Any
from urllib.parse import urlsplit

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

import etwincms_blog
import etwincms_embed
import etwincms_forum
import etwincms_gallery
import etwincms_glossary
import etwincms_meetings
import etwincms_partners
import etwincms_survey
import etwincms_wiki
from etwincms.db import commit
from etwincms.models import Visibility
from etwincms.search import engine
from etwincms.services import materials, pages, revisions
from etwincms.testing import SpaceWithMembers
from etwincms_meetings import services as meeting_services
from etwincms_partners import services as partner_services
from etwincms_wiki import moderation
from tests.plugins.blog.conftest import BlogSpace
from tests.plugins.embed.conftest import EmbedSpace
from tests.plugins.forum.conftest import ForumSpace
from tests.plugins.gallery.conftest import GallerySpace, png
from tests.plugins.glossary.conftest import GlossarySpace
from tests.plugins.meetings.conftest import MeetingSpace
from tests.plugins.survey.conftest import SurveySpace
from tests.plugins.wiki.conftest import WikiSpace

PUPILS = {"pupil": "Zoe Quixtant", "pupil_lead": "Marek Vellowby"}
#: A word only the pupils wrote, so searching for it finds their work.
WORD = "windmillcompost"
LINK = re.compile(r'(?:href|src)="([^"#]+)')
HITS = re.compile(r'<ol class="search-hits".*?</ol>|Did you mean.*?</p>', re.S)
MAX_PAGES = 300
#: Variants of one path (``?lang=es``...) crawled: enough to try each query parameter.
MAX_VARIANTS = 2
#: Pages no public link may lead to, tried all the same (a leak needs no link).
UNLINKED = (
    "-/history/our-farm",
    "-/diff/our-farm",
    "-/materials",
    "-/members",
    "-/titles",
    "-/forum/",
    "-/forum/t/1",
    "-/forum/topics",
    "-/survey/",
    "-/survey/1",
    "-/survey/1/results",
    "-/wiki/a/1/history",
    "-/wiki/a/1/talk",
    "-/wiki/changes",
    "-/meetings/",
    "-/meetings/1",
    "-/meetings/1/meeting.ics",
)


@pytest.fixture
def plugins() -> list[Any]:
    return [
        etwincms_blog,
        etwincms_embed,
        etwincms_forum,
        etwincms_gallery,
        etwincms_glossary,
        etwincms_meetings,
        etwincms_partners,
        etwincms_survey,
        etwincms_wiki,
    ]


@pytest.fixture
def public_space(session: Session, space: SpaceWithMembers) -> list[str]:
    """The space, public, where the pupils wrote in every plugin: where to start looking."""
    for role, name in PUPILS.items():
        space.users[role].display_name = name
    space.project.is_public = True
    commit(session)
    for write in (core, blog, forum, wiki, glossary, gallery, embed, meetings):
        write(session, space)
    partners(session, space)
    starts = ["", survey(session, space), *UNLINKED]
    engine.drain(session)
    commit(session)
    return ["/", *(f"/s/{space.project.slug}/{path}" for path in starts)]


def core(session: Session, space: SpaceWithMembers) -> None:
    admin, pupil, project = space.users["admin"], space.users["pupil"], space.project
    page = pages.create_page(
        session, admin, project, title="Our farm", visibility=Visibility.PUBLIC
    )
    revisions.save_revision(
        session, pupil, project, page, body=f"We built a {WORD}.", base_number=1
    )
    materials.attach_material(
        session, pupil, project, io.BytesIO(b"notes"), filename="notes.txt", page=page
    )
    commit(session)


def blog(session: Session, space: SpaceWithMembers) -> None:
    diary = BlogSpace(space, session)
    log = diary.make_blog(visibility="public")
    post = diary.write("pupil", log, f"Day one {WORD}")
    diary.write("teacher", log, "Teacher's day")
    diary.comment("pupil_lead", post, f"Great {WORD}")


def forum(session: Session, space: SpaceWithMembers) -> None:
    board = ForumSpace(space, session)
    board.reply("pupil", board.topic("teacher", f"About {WORD}"), f"Me too {WORD}")


def wiki(session: Session, space: SpaceWithMembers) -> None:
    wiki = WikiSpace(space, session)
    article = wiki.article("pupil", "Windmills", f"A {WORD} turns.", language="en")
    wiki.edit("pupil_lead", article, f"A {WORD} turns slowly.")
    moderation.set_public(session, space.users["admin"], space.project, article, True)
    commit(session)


def glossary(session: Session, space: SpaceWithMembers) -> None:
    terms = GlossarySpace(space, session)
    terms.concept("pupil", en=WORD, es="molino")
    terms.make_public()


def gallery(session: Session, space: SpaceWithMembers) -> None:
    photos = GallerySpace(space, session)
    album = photos.make_album(visibility="public")
    item = photos.upload("pupil", album, png(), "me.png")
    photos.edit("pupil", item, caption=f"Our {WORD}", alt_text="A windmill")


def embed(session: Session, space: SpaceWithMembers) -> None:
    videos = EmbedSpace(space, session)
    videos.item("pupil_lead", title=f"Video {WORD}")
    videos.make_public()


def meetings(session: Session, space: SpaceWithMembers) -> None:
    calls = MeetingSpace(space, session)
    call = calls.meeting(title=f"Call about the {WORD}")
    meeting_services.answer(session, space.users["pupil"], space.project, call, "yes")
    commit(session)


def partners(session: Session, space: SpaceWithMembers) -> None:
    """The space is listed in the partner directory: its public search document."""
    partner_services.set_listing(
        session, space.users["admin"], space.project, {"listed": True}
    )
    commit(session)


def survey(session: Session, space: SpaceWithMembers) -> str:
    answers = SurveySpace(space, session)
    poll = answers.survey(audience="public", title=f"Poll {WORD}")
    answers.answer("pupil", poll, mood=4, comment=f"I like the {WORD}")
    return f"-/survey/p/{poll.public_token}"  # the link a teacher hands out


def forbidden_names(space: SpaceWithMembers) -> list[str]:
    pupils = [space.users[role] for role in PUPILS]
    return [p.display_name for p in pupils] + [p.username for p in pupils]


def crawl(client: FlaskClient, starts: list[str], prefix: str) -> dict[str, str]:
    """Every page reachable from ``starts`` through links under ``prefix``: its text."""
    seen: dict[str, str] = {}
    queue, variants = list(starts), Counter[str]()
    while queue and len(seen) < MAX_PAGES:
        url = queue.pop(0)
        path = url.split("?")[0]
        if url in seen or variants[path] >= MAX_VARIANTS:
            continue
        variants[path] += 1
        answer = client.get(url, buffered=True)
        seen[url] = answer.get_data(as_text=True) if is_text(answer) else ""
        queue.extend(links(seen[url], prefix))
    return seen


def links(html: str, prefix: str) -> Iterator[str]:
    """The site's own links in ``html`` that start with ``prefix``."""
    for link in LINK.findall(html):
        target = urlsplit(link.replace("&amp;", "&"))
        path = target.path + (f"?{target.query}" if target.query else "")
        if not target.netloc and path.startswith(prefix):
            yield path


def is_text(answer: Any) -> bool:
    return answer.mimetype.startswith("text/") or answer.mimetype.endswith(
        ("json", "xml")
    )


def api_reads(client: FlaskClient, slug: str) -> dict[str, str]:
    """Every GET operation of the API, with the ids that exist (1, 2) filled in."""
    document = client.get("/api/v1/openapi.json").get_json()
    found: dict[str, str] = {}
    for template, operations in document["paths"].items():
        if "get" not in operations:
            continue
        for path in filled(template.replace("{slug}", slug)):
            answer = client.get(path, buffered=True)
            found[path] = answer.get_data(as_text=True) if is_text(answer) else ""
    return found


def filled(template: str) -> Iterator[str]:
    """The template with each remaining ``{id}`` parameter set to 1 or 2 (what exists)."""
    names = re.findall(r"\{(\w+)\}", template)
    for values in product(("1", "2"), repeat=len(names)):
        path = template
        for name, value in zip(names, values, strict=True):
            path = path.replace(f"{{{name}}}", value)
        yield path


def searches(client: FlaskClient, space: SpaceWithMembers) -> dict[str, str]:
    """Web and API search for the pupils' word and names: what the results show.

    The typed query itself comes back in the search box (it is the visitor's own text),
    so only the hits and the "did you mean" suggestion are kept.
    """
    found: dict[str, str] = {}
    for term in [WORD, *forbidden_names(space), "Zoe", "Marek"]:
        page = client.get(f"/search?q={term}").get_data(as_text=True)
        found[f"/search?q={term}"] = "".join(HITS.findall(page))
        answer = client.get(f"/api/v1/search?q={term}").get_json()
        found[f"/api/v1/search?q={term}"] = json.dumps(
            [answer["hits"], answer.get("suggestion")]
        )
    return found


def test_no_pupil_is_named_anywhere_a_visitor_can_look(
    client: FlaskClient, space: SpaceWithMembers, public_space: list[str]
) -> None:
    slug = space.project.slug
    answers = crawl(client, public_space, f"/s/{slug}/")
    answers |= api_reads(client, slug) | searches(client, space)
    everything = "\n".join(answers.values())
    assert everything.count(WORD) >= 10  # the crawl reached the pupils' work
    assert "Teacher_User" in everything  # names do appear where they may
    leaks = {
        url: name
        for url, text in answers.items()
        for name in forbidden_names(space)
        if name.lower() in text.lower()
    }
    assert leaks == {}
