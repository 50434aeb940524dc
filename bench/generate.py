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
import io
import json
import os
import random
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from flask import Flask
from sqlalchemy import create_engine, delete, make_url, select, text
from sqlalchemy.orm import Session

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from corpus import HEADS  # noqa: E402
from gen_content import (  # noqa: E402
    Words,
    blog_content,
    forum_content,
    glossary_content,
    image_bytes,
    make_texts,
)
from gen_pages import SpaceInfo, bulk, insert_pages  # noqa: E402

from etwincms import migrate  # noqa: E402
from etwincms.app import create_app  # noqa: E402
from etwincms.db import commit, get_session  # noqa: E402
from etwincms.models import (  # noqa: E402
    Membership,
    Page,
    Project,
    Role,
    School,
    SearchOutbox,
    User,
    UserKind,
    Visibility,
)
from etwincms.services import materials, spaces  # noqa: E402
from etwincms.state import get_state  # noqa: E402

SIZES = {"small": (100, 100), "large": (1000, 100), "xl": (1000, 1000)}
PASSWORD = "bench-password-2026"  # noqa: S105 (generated accounts only)
PUPILS_PER_SPACE = 8
SPACES_PER_COMMIT = 50
COUNTRIES = ["ES", "DE", "FR", "IT", "NL", "PT", "IE", "PL", "FI", "EL"]


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
    server = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with server.connect() as connection:
        exists = connection.scalar(
            text("SELECT 1 FROM pg_database WHERE datname = :name"),
            {"name": url.database},
        )
        if not exists:
            connection.execute(text(f'CREATE DATABASE "{url.database}"'))
    server.dispose()
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


# -- pages in bulk -------------------------------------------------------------------------


# -- the whole run ---------------------------------------------------------------------------


#: Which data set the progress lines are about (``make bench`` builds several at once).
LABEL = ""


def progress(message: str, started: float) -> None:
    print(
        f"[{LABEL} {time.perf_counter() - started:7.1f} s] {message}",
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


def upgrade_schema(instance: Path, backend: str) -> None:
    """Bring a kept data set up to the code: new migrations, and the search index again
    if the backend emptied it (a Whoosh index made with another schema is emptied)."""
    from etwincms.search.engine import get_backend

    app = create_app({"INSTANCE_PATH": str(instance)})
    migrate.upgrade(app)
    with app.test_request_context("/"):
        empty = get_backend().count() == 0
    app.extensions["etwincms"].db.dispose()
    if empty:
        rebuild_index(instance, backend)
    settle_statistics(instance)


def settle_statistics(instance: Path) -> bool:
    """PostgreSQL: ``VACUUM ANALYZE`` the bulk-loaded tables, as autovacuum soon would on a
    real server (this machine's runs with autovacuum off); without statistics the planner
    guesses, and a save's glossary lookup read every concept of the site. SQLite is left
    as a default installation has it: nothing there gathers statistics on its own."""
    app = create_app({"INSTANCE_PATH": str(instance)})
    engine = app.extensions["etwincms"].db.engine
    postgres = engine.dialect.name == "postgresql"
    if postgres:
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as db:
            db.execute(text("VACUUM ANALYZE"))
    engine.dispose()
    return postgres


def generate(
    instance: Path, spaces_count: int, pages_per_space: int, backend: str | None
) -> dict[str, Any]:
    """Write the data set; ``backend=None`` leaves the search index empty."""
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
        if backend is None:
            # No index on purpose: the first save would otherwise drain every page's
            # outbox row (thousands of statements counted as one save).
            session.execute(delete(SearchOutbox))
            session.commit()
    app.extensions["etwincms"].db.dispose()
    if backend is not None:
        rebuild_index(instance, backend)
        progress("search index built", started)
    if settle_statistics(instance):
        progress("planner statistics gathered", started)
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


def rebuild_index(instance: Path, backend: str) -> None:
    """PostgreSQL: ``etwincms search rebuild``. Whoosh: the same documents written in one
    commit by a writer per core (``rebuild`` commits every 1,000 documents from one
    process, and each commit merges segments again: 2-3x slower at 100k documents)."""
    if backend == "whoosh":
        bulk_whoosh(instance)
        return
    env = dict(os.environ, ETWINCMS_INSTANCE_PATH=str(instance))
    cli = Path(sys.executable).parent / "etwincms"
    subprocess.run(
        [str(cli), "search", "rebuild"], env=env, check=True, stdout=subprocess.DEVNULL
    )


def bulk_whoosh(instance: Path) -> None:
    from etwincms.search import documents
    from etwincms.search.engine import get_backend
    from etwincms.search.whoosh_backend import fields_of

    app = create_app({"INSTANCE_PATH": str(instance)})
    with app.test_request_context("/"):
        session = get_session()
        session.execute(delete(SearchOutbox))
        session.commit()
        backend = get_backend()
        backend.clear()
        # One writer process per core, each writing its own segment (no final merge).
        procs = min(os.cpu_count() or 1, 4)
        writer = backend.ix.writer(limitmb=128, procs=procs, multisegment=procs > 1)
        with writer:
            for project in session.scalars(select(Project).order_by(Project.id)):
                for document in documents.space_documents(session, project):
                    writer.add_document(**fields_of(document))
    app.extensions["etwincms"].db.dispose()


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
    parser.add_argument(
        "--no-index", action="store_true", help="leave the search index empty"
    )
    args = parser.parse_args(argv)
    count, per_space = SIZES["xl" if args.xl else args.size]
    count, per_space = args.spaces or count, args.pages or per_space
    backend = args.search_backend or ("postgres" if args.database_url else "whoosh")
    global LABEL
    LABEL = args.instance.name
    if args.instance.exists():
        shutil.rmtree(args.instance)
    if args.database_url:
        reset_database(args.database_url)
    write_instance(args.instance, args.database_url, backend)
    manifest = generate(
        args.instance, count, per_space, None if args.no_index else backend
    )
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
