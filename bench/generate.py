"""Generate a benchmark instance: N spaces x M pages with members, forums, blogs, glossaries.

Spaces, their plugins, forum topics, blog posts, glossary concepts and materials go through
the real services (so every side table a space needs exists); users, memberships, pages,
revisions and the page-link table are bulk-inserted (executemany) with the same columns the
services write. Page text is multilingual Markdown (``bench/corpus.py``'s vocabularies) with
headings, wiki links to other pages of the space, an image, an external link, a table and
glossary terms; each distinct text is rendered once by the real renderer and sanitizer, and
pages reuse it with their own space's addresses substituted. The search index is then built
by ``etwincms search rebuild`` (the backend's bulk path). Writes ``bench.json`` into the
instance with what the load benchmark needs (slugs, paths, ids, accounts).

Sizes: ``small`` 100 x 100 (10k pages), ``large`` 1,000 x 100 (100k pages), ``xl``
1,000 x 1,000 (1M pages).
"""

from __future__ import annotations

import argparse
import html as html_escape
import io
import itertools
import json
import os
import random
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from flask import Flask
from PIL import Image
from sqlalchemy import create_engine, func, insert, make_url, select, text
from sqlalchemy.orm import Session

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from corpus import HEADS, vocabulary  # noqa: E402

from etwincms import migrate  # noqa: E402
from etwincms.app import create_app  # noqa: E402
from etwincms.content.links import find_references  # noqa: E402
from etwincms.content.render import render_markdown  # noqa: E402
from etwincms.db import commit, get_session  # noqa: E402
from etwincms.hooktypes import LinkTarget  # noqa: E402
from etwincms.models import (  # noqa: E402
    MaterialUse,
    Membership,
    Page,
    PageLink,
    Project,
    Revision,
    Role,
    School,
    User,
    UserKind,
    Visibility,
)
from etwincms.services import materials, spaces  # noqa: E402
from etwincms.services.validation import slugify  # noqa: E402
from etwincms.state import get_state  # noqa: E402

SIZES = {"small": (100, 100), "large": (1000, 100), "xl": (1000, 1000)}
PASSWORD = "bench-password-2026"  # noqa: S105 (generated accounts only)
DEPTH = 8
PUPILS_PER_SPACE = 8
TEXTS_PER_LANGUAGE = 40
#: Placeholders in the texts rendered once: replaced by each page's own space and targets.
SLUG_MARK, LINK_MARK, IMAGE_MARK = "zzslugzz", 9_000_000_000, 8_000_000_000
LINKS_PER_TEXT = 3
SPACES_PER_COMMIT = 50
COUNTRIES = ["ES", "DE", "FR", "IT", "NL", "PT", "IE", "PL", "FI", "EL"]


@dataclass
class Text:
    body: str
    html: str
    title: str


@dataclass
class SpaceInfo:
    id: int
    slug: str
    language: str
    is_public: bool
    image_id: int
    page_ids: list[int] = field(default_factory=list)


# -- the instance ------------------------------------------------------------------------


def write_instance(instance: Path, database_url: str | None, backend: str) -> None:
    instance.mkdir(parents=True, exist_ok=True)
    lines = [
        f'secret_key = "{os.urandom(24).hex()}"',
        f'search_backend = "{backend}"',
        'extract_mode = "off"',
    ]
    if database_url:
        lines.append(f'database_url = "{database_url}"')
    (instance / "etwincms.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def reset_database(database_url: str) -> None:
    """Empty the benchmark's PostgreSQL database (only one whose name says "bench")."""
    url = make_url(database_url)
    if "bench" not in (url.database or ""):
        raise SystemExit(
            f"refusing to empty {url.database!r}: its name must contain 'bench'"
        )
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()


def generation_app(instance: Path) -> Flask:
    """The app used to write the data: the outbox is left for the rebuild at the end."""
    return create_app(
        {
            "INSTANCE_PATH": str(instance),
            "SEARCH_DRAIN": "worker",
            "EXTRACT_MODE": "off",
            "MAX_MATERIAL_BYTES": 10 * 1024 * 1024,
        }
    )


# -- accounts ----------------------------------------------------------------------------


def bulk(session: Session, model: Any, rows: list[dict[str, Any]]) -> None:
    if rows:
        session.execute(insert(model.__table__), rows)


def make_schools(session: Session, count: int) -> list[int]:
    bulk(
        session,
        School,
        [
            {
                "name": f"Bench school {n}",
                "country": COUNTRIES[n % len(COUNTRIES)],
                "city": f"City {n}",
                "type": "VET" if n % 2 else "general",
            }
            for n in range(count)
        ],
    )
    return list(session.scalars(select(School.id).order_by(School.id)))


def make_users(session: Session, space_count: int, schools: list[int]) -> None:
    """Teacher ``t<n>`` (admin of space n) and pupils ``p<n>_<k>``, one password hash."""
    password_hash = get_state().hasher.hash(PASSWORD)
    rows = []
    for n in range(space_count):
        school = schools[n % len(schools)]
        rows.append(
            user_row(f"t{n}", f"Teacher {n}", UserKind.TEACHER, school, password_hash)
        )
        rows.extend(
            user_row(
                f"p{n}_{k}", f"Pupil {n}.{k}", UserKind.PUPIL, school, password_hash
            )
            for k in range(PUPILS_PER_SPACE)
        )
    for start in range(0, len(rows), 5000):
        bulk(session, User, rows[start : start + 5000])


def user_row(
    username: str, name: str, kind: UserKind, school: int, hashed: str
) -> dict:
    return {
        "username": username,
        "display_name": name,
        "kind": kind,
        "school_id": school,
        "password_hash": hashed,
        "email": f"{username}@bench.example" if kind is UserKind.TEACHER else None,
        "locale": "en",
        "is_site_admin": False,
        "is_active_account": True,
        "must_change_password": False,
        "session_version": 1,
    }


# -- spaces through the services -------------------------------------------------------


def image_bytes(rng: random.Random) -> bytes:
    image = Image.new("RGB", (320, 240), tuple(rng.randrange(256) for _ in range(3)))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def make_space(
    session: Session, n: int, language: str, rng: random.Random
) -> SpaceInfo:
    teacher = session.scalar(select(User).where(User.username == f"t{n}"))
    school = session.get(School, teacher.school_id)
    project = spaces.create_space(
        session,
        teacher,
        title=f"Bench space {n}: {' '.join(rng.sample(HEADS[language].split(), 3))}",
        slug=f"space-{n}",
        school=school,
        languages=[language, "en"] if language != "en" else ["en"],
        is_public=n % 3 == 0,
    )
    image = materials.attach_material(
        session, teacher, project, io.BytesIO(image_bytes(rng)), filename="workshop.png"
    )
    return SpaceInfo(project.id, project.slug, language, project.is_public, image.id)


def add_memberships(session: Session, space: SpaceInfo, n: int, count: int) -> None:
    """Pupils of the space's school, and the next space's teacher as a partner teacher."""
    names = [f"p{n}_{k}" for k in range(PUPILS_PER_SPACE)] + [f"t{(n + 1) % count}"]
    users = session.execute(
        select(User.id, User.school_id, User.kind).where(User.username.in_(names))
    )
    bulk(
        session,
        Membership,
        [
            {
                "project_id": space.id,
                "user_id": uid,
                "role": Role.TEACHER if kind is UserKind.TEACHER else Role.PUPIL,
                "school_id": school,
            }
            for uid, school, kind in users
            if not (kind is UserKind.TEACHER and count == 1)
        ],
    )


def add_plugin_content(
    session: Session, space: SpaceInfo, n: int, words: Words, rng: random.Random
) -> dict[str, int]:
    """Forum topics with replies, published blog posts and glossary concepts, via the
    plugins' own services (plugins a space has not switched on are skipped)."""
    found: dict[str, int] = {}
    project = session.get(Project, space.id)
    teacher = session.scalar(select(User).where(User.username == f"t{n}"))
    enabled = spaces.enabled_plugins(project)
    if "forum" in enabled:
        found["topic_id"] = forum_content(session, teacher, project, words, rng)
    if "blog" in enabled:
        blog_content(session, teacher, project, words, rng)
    if "glossary" in enabled:
        glossary_content(session, teacher, project, space.language, words, rng)
    return found


class Words(list):
    """A language's vocabulary, frequent words first, drawn with Zipf weights."""

    def __init__(self, language: str) -> None:
        rng = random.Random(language)
        words = vocabulary(language, rng)
        head = len(HEADS[language].split())
        tail = words[head:]
        rng.shuffle(tail)  # vocabulary() sorts it: spread the letters over the ranks
        super().__init__(words[:head] + tail)
        self.cumulative = list(
            itertools.accumulate(1 / (rank + 1) for rank in range(len(self)))
        )

    def draw(self, rng: random.Random, count: int) -> list[str]:
        return rng.choices(self, cum_weights=self.cumulative, k=count)


def sentence(words: Words, rng: random.Random, count: int) -> str:
    return " ".join(words.draw(rng, count)).capitalize() + "."


def forum_content(
    session: Session, teacher: User, project: Project, words: Words, rng: random.Random
) -> int:
    from etwincms_forum import services as forum
    from etwincms_forum.models import Forum

    forum.ensure_default_forum(session, teacher, project)
    board = session.scalar(select(Forum).where(Forum.project_id == project.id).limit(1))
    topic_id = 0
    for _ in range(2):
        topic = forum.create_topic(
            session,
            teacher,
            project,
            board,
            title=sentence(words, rng, 5)[:-1],
            body="\n\n".join(sentence(words, rng, 25) for _ in range(3)),
        )
        for _ in range(2):
            forum.reply(session, teacher, project, topic, body=sentence(words, rng, 30))
        topic_id = topic.id
    return topic_id


def blog_content(
    session: Session, teacher: User, project: Project, words: Words, rng: random.Random
) -> None:
    from etwincms_blog import services as blog_services
    from etwincms_blog.models import Blog

    blog = session.scalar(select(Blog).where(Blog.project_id == project.id))
    if blog is None:
        blog = blog_services.create_blog(
            session, teacher, project, title="Mobility diary"
        )
    for _ in range(2):
        blog_services.create_post(
            session,
            teacher,
            project,
            blog,
            title=sentence(words, rng, 6)[:-1],
            body="\n\n".join(sentence(words, rng, 30) for _ in range(4)),
            tags=rng.sample(words[40:80], 2),
            status="published",
        )


def glossary_content(
    session: Session,
    teacher: User,
    project: Project,
    language: str,
    words: Words,
    rng: random.Random,
) -> None:
    from etwincms_glossary import services as glossary
    from etwincms_glossary.services import TermInput

    for index in range(3):
        term = words[30 + index]
        given = {language: TermInput(text=term, definition=sentence(words, rng, 15))}
        if language != "en":
            given["en"] = TermInput(
                text=f"{term} (en)", definition=sentence(words, rng, 12)
            )
        glossary.create_concept(
            session, teacher, project, terms=given, category="workshop"
        )


# -- page texts, rendered once each --------------------------------------------------------


def markdown_text(words: Words, rng: random.Random) -> tuple[str, str]:
    title = " ".join(words.draw(rng, rng.randint(2, 5))).capitalize()
    para = [sentence(words, rng, rng.randint(20, 45)) for _ in range(5)]
    links = " ".join(f"[[Link {k}]]" for k in range(1, LINKS_PER_TEXT + 1))
    terms = rng.sample(words[30:35], 3)
    body = "\n\n".join(
        [
            f"# {title}",
            f"{para[0]} See {links}.",
            f"![{words[20]}](/s/{SLUG_MARK}/-/materials/{IMAGE_MARK}/workshop.png)",
            f"## {sentence(words, rng, 3)[:-1]}",
            para[1]
            + f" *{words[25]}* **{words[26]}** [{words[27]}](https://example.org/{words[27]}).",
            "\n".join(
                f"- **[[glossary:{term}]]**: {sentence(words, rng, 8)}"
                for term in terms
            ),
            f"## {sentence(words, rng, 2)[:-1]}",
            para[2],
            "| "
            + " | ".join(words[40:43])
            + " |\n|---|---|---|\n"
            + "\n".join("| " + " | ".join(words.draw(rng, 3)) + " |" for _ in range(4)),
            para[3],
            f"1. {sentence(words, rng, 6)}\n2. {sentence(words, rng, 6)}\n3. {para[4]}",
        ]
    )
    return title, body


def resolve_placeholder(title: str) -> LinkTarget:
    if title.startswith("Link "):
        number = LINK_MARK + int(title.split()[1])
        return LinkTarget(f"/s/{SLUG_MARK}/-/id/{number}", True)
    if title.startswith("glossary:"):
        return LinkTarget(f"/s/{SLUG_MARK}/glossary/?q={title[9:]}", True, title[9:])
    return LinkTarget("#", False)


def make_texts(rng: random.Random) -> dict[str, list[Text]]:
    texts: dict[str, list[Text]] = {}
    for language in HEADS:
        words = Words(language)
        texts[language] = []
        for _ in range(TEXTS_PER_LANGUAGE):
            title, body = markdown_text(words, rng)
            html = render_markdown(body, resolve_placeholder)
            texts[language].append(Text(body, html, title))
    return texts


# -- pages in bulk -------------------------------------------------------------------------


@dataclass
class PagePlan:
    id: int
    parent: PagePlan | None
    slug: str
    title: str
    path: str
    depth: int
    position: int
    text: Text


def plan_tree(
    start_id: int, count: int, texts: list[Text], rng: random.Random
) -> list[PagePlan]:
    """``count`` pages up to DEPTH levels deep; the first DEPTH form one deep chain."""
    levels: list[list[PagePlan]] = [[] for _ in range(DEPTH)]
    children: dict[int | None, int] = {}
    plans = []
    for index in range(count):
        depth = index if index < DEPTH else min(int(rng.expovariate(0.6)), DEPTH - 1)
        parent = rng.choice(levels[depth - 1]) if depth else None
        text = rng.choice(texts)
        title = f"{text.title} {index}"
        slug = f"{slugify(text.title)[:60]}-{index}"
        key = parent.id if parent else None
        children[key] = children.get(key, 0) + 1
        plan = PagePlan(
            start_id + index,
            parent,
            slug,
            title,
            f"{parent.path}/{slug}" if parent else slug,
            depth,
            children[key],
            text,
        )
        levels[depth].append(plan)
        plans.append(plan)
    return plans


def page_rows(
    space: SpaceInfo, plans: list[PagePlan], authors: list[int], rng: random.Random
) -> tuple[list[dict], list[dict], list[dict], list[dict]]:
    pages, revisions, links, uses = [], [], [], []
    for plan in plans:
        targets = rng.sample(plans, LINKS_PER_TEXT)
        body, html = plan.text.body, plan.text.html
        for k, target in enumerate(targets, start=1):
            body = body.replace(f"[[Link {k}]]", f"[[{target.title}]]")
            html = html.replace(str(LINK_MARK + k), str(target.id)).replace(
                f">Link {k}<", f">{html_escape.escape(target.title)}<"
            )
        html = html.replace(SLUG_MARK, space.slug).replace(
            str(IMAGE_MARK), str(space.image_id)
        )
        body = body.replace(SLUG_MARK, space.slug).replace(
            str(IMAGE_MARK), str(space.image_id)
        )
        public = space.is_public and rng.random() < 0.7
        pages.append(page_row(space, plan, public))
        revisions.append(
            {
                "page_id": plan.id,
                "number": 1,
                "base_number": 0,
                "title": plan.title,
                "body": body,
                "rendered_html": html,
                "summary": "",
                "author_id": rng.choice(authors),
            }
        )
        refs = find_references(html, space.slug)
        links += [
            {"source_page_id": plan.id, "target_page_id": t}
            for t in refs.page_ids - {plan.id}
        ]
        uses += [{"page_id": plan.id, "material_id": m} for m in refs.material_ids]
    return pages, revisions, links, uses


def page_row(space: SpaceInfo, plan: PagePlan, public: bool) -> dict[str, Any]:
    return {
        "id": plan.id,
        "project_id": space.id,
        "parent_id": plan.parent.id if plan.parent else None,
        "slug": plan.slug,
        "path": plan.path,
        "depth": plan.depth,
        "title": plan.title,
        "position": plan.position,
        "visibility": Visibility.PUBLIC if public else Visibility.MEMBERS,
        "current_number": 1,
    }


def insert_pages(
    session: Session,
    spaces_: list[SpaceInfo],
    per_space: int,
    texts: dict[str, list[Text]],
) -> None:
    rng = random.Random(3)
    next_id = (session.scalar(select(func.max(Page.id))) or 0) + 1
    for space in spaces_:
        authors = list(
            session.scalars(
                select(Membership.user_id).where(Membership.project_id == space.id)
            )
        )
        plans = plan_tree(next_id, per_space, texts[space.language], rng)
        next_id += per_space
        space.page_ids = [plan.id for plan in plans]
        pages, revisions, links, uses = page_rows(space, plans, authors, rng)
        for model, rows in ((Page, pages), (Revision, revisions), (PageLink, links)):
            bulk(session, model, rows)
        bulk(session, MaterialUse, uses)
        if space.id % SPACES_PER_COMMIT == 0:
            session.commit()
    session.commit()
    if session.bind.dialect.name == "postgresql":
        session.execute(
            text(
                "SELECT setval(pg_get_serial_sequence('page', 'id'), max(id)) FROM page"
            )
        )
        session.commit()


# -- the whole run ---------------------------------------------------------------------------


def progress(message: str, started: float) -> None:
    print(
        f"[{time.perf_counter() - started:7.1f} s] {message}",
        file=sys.stderr,
        flush=True,
    )


def make_spaces(
    session: Session, count: int, started: float
) -> tuple[list[SpaceInfo], dict]:
    rng = random.Random(5)
    languages = list(HEADS)
    vocab = {lang: Words(lang) for lang in languages}
    made, extra = [], {}
    for n in range(count):
        language = languages[n % len(languages)]
        space = make_space(session, n, language, rng)
        add_memberships(session, space, n, count)
        found = add_plugin_content(session, space, n, vocab[language], rng)
        extra.setdefault(space.slug, found)
        made.append(space)
        if (n + 1) % SPACES_PER_COMMIT == 0:
            commit(session)
            session.expunge_all()
            progress(f"{n + 1} spaces", started)
    commit(session)
    return made, extra


def generate(instance: Path, spaces_count: int, pages_per_space: int) -> dict[str, Any]:
    started = time.perf_counter()
    app = generation_app(instance)
    migrate.upgrade(app)
    progress("schema ready", started)
    with app.test_request_context("/"):
        session = get_session()
        schools = make_schools(session, max(spaces_count // 2, 2))
        make_users(session, spaces_count, schools)
        session.commit()
        progress("users ready", started)
        made, extra = make_spaces(session, spaces_count, started)
        texts = make_texts(random.Random(9))
        progress("texts rendered", started)
        insert_pages(session, made, pages_per_space, texts)
        progress(f"{spaces_count * pages_per_space} pages inserted", started)
        manifest = describe(made, extra, pages_per_space, session)
    app.extensions["etwincms"].db.dispose()
    rebuild_index(instance)
    progress("search index built", started)
    manifest["generate_seconds"] = round(time.perf_counter() - started, 1)
    return manifest


def describe(
    made: list[SpaceInfo], extra: dict, per_space: int, session: Session
) -> dict:
    """What the load benchmark needs: a public and a members-only space of the data set."""
    public = next(s for s in made if s.is_public)
    member = made[1] if len(made) > 1 else made[0]
    paths = dict(
        session.execute(
            select(Page.id, Page.path).where(
                Page.project_id.in_([public.id, member.id])
            )
        ).all()
    )
    public_pages = list(
        session.scalars(
            select(Page.id).where(
                Page.project_id == public.id, Page.visibility == Visibility.PUBLIC
            )
        )
    )
    return {
        "spaces": len(made),
        "pages": len(made) * per_space,
        "password": PASSWORD,
        "public": {"slug": public.slug, "paths": [paths[i] for i in public_pages]},
        "member": {
            "slug": member.slug,
            "user": "p1_0",
            "teacher": "t1",
            "page_ids": member.page_ids,
            "paths": [paths[i] for i in member.page_ids],
            "topic_id": extra.get(member.slug, {}).get("topic_id"),
        },
    }


def rebuild_index(instance: Path) -> None:
    env = dict(os.environ, ETWINCMS_INSTANCE_PATH=str(instance))
    cli = Path(sys.executable).parent / "etwincms"
    subprocess.run(
        [str(cli), "search", "rebuild"], env=env, check=True, stdout=subprocess.DEVNULL
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", choices=sorted(SIZES), default="small")
    parser.add_argument("--xl", action="store_true", help="same as --size xl")
    parser.add_argument(
        "--spaces", type=int, help="override the size's number of spaces"
    )
    parser.add_argument("--pages", type=int, help="override the pages per space")
    parser.add_argument("--instance", type=Path, required=True)
    parser.add_argument("--database-url", help="default: SQLite in the instance folder")
    parser.add_argument(
        "--search-backend", help="default: whoosh on SQLite, postgres on PG"
    )
    args = parser.parse_args(argv)
    count, per_space = SIZES["xl" if args.xl else args.size]
    count, per_space = args.spaces or count, args.pages or per_space
    backend = args.search_backend or ("postgres" if args.database_url else "whoosh")
    if args.instance.exists():
        shutil.rmtree(args.instance)
    if args.database_url:
        reset_database(args.database_url)
    write_instance(args.instance, args.database_url, backend)
    manifest = generate(args.instance, count, per_space)
    manifest.update(
        size=args.size, database_url=args.database_url or "sqlite", backend=backend
    )
    (args.instance / "bench.json").write_text(
        json.dumps(manifest, indent=1), encoding="utf-8"
    )
    print(
        json.dumps({k: v for k, v in manifest.items() if k not in ("public", "member")})
    )


if __name__ == "__main__":
    main()
