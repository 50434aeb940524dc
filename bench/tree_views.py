"""Time the space home (page tree) and a deep page view against a bare Flask + Jinja page.

Builds spaces of several sizes (pages up to 8 levels deep) in a temporary SQLite
database, then times in-process WSGI requests (no network, one thread) for a signed-in
member. The baseline is a bare Flask app rendering, with Jinja and no database, an HTML
page of the same byte size as etwincms's answer. Reports medians and p99 and the ratio
to the baseline, plus SQL statements per request.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from flask import Flask, render_template_string
from flask.testing import FlaskClient
from sqlalchemy import event
from sqlalchemy.orm import Session

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from etwincms.app import create_app  # noqa: E402
from etwincms.db import Base, get_session  # noqa: E402
from etwincms.models import Page, Revision, Role, Visibility  # noqa: E402
from etwincms.services import members, spaces, users  # noqa: E402
from etwincms.testing import AuthActions  # noqa: E402

DEPTH = 8
BODY = "<p>" + "Sustainable farming across borders. " * 60 + "</p>"


def build(session: Session, size: int) -> tuple[str, str]:
    teacher = users.create_user(
        session,
        None,
        username=f"t{size}",
        display_name="T",
        password="benchmark-pw",
        kind="teacher",
    )
    project = spaces.create_space(
        session, teacher, title=f"Bench {size}", is_public=True
    )
    rng = random.Random(size)
    levels: list[list[Page]] = [[] for _ in range(DEPTH)]
    for index in range(size):
        depth = index if index < DEPTH else rng.randrange(DEPTH)
        parent = rng.choice(levels[depth - 1]) if depth else None
        slug = f"p{index}"
        levels[depth].append(
            Page(
                project_id=project.id,
                parent_id=parent.id if parent else None,
                slug=slug,
                title=f"Page {index}",
                path=f"{parent.path}/{slug}" if parent else slug,
                depth=depth,
                position=index,
                current_number=1,
                visibility=Visibility.MEMBERS,
            )
        )
    for level in levels:
        session.add_all(level)
        session.flush()
        session.add_all(
            Revision(
                page_id=p.id, number=1, title=p.title, body="x", rendered_html=BODY
            )
            for p in level
        )
    pupil = users.create_user(
        session,
        None,
        username=f"p{size}",
        display_name="P",
        password="benchmark-pw",
        kind="pupil",
    )
    members.add_member(session, None, project, pupil, Role.PUPIL)
    session.commit()
    return project.slug, levels[DEPTH - 1][0].path


def timed(client: FlaskClient, url: str, repeat: int) -> list[float]:
    for _ in range(5):
        client.get(url)
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        response = client.get(url)
        samples.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return samples


def baseline_client(size_bytes: int) -> FlaskClient:
    app = Flask("baseline")
    filler = "x" * size_bytes
    template = "<!doctype html><html><body><main>{{ filler }}</main></body></html>"
    app.add_url_rule(
        "/", "page", lambda: render_template_string(template, filler=filler)
    )
    return app.test_client()


def summary(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[int(len(ordered) * 0.99) - 1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="10,1000,10000")
    parser.add_argument("--repeat", type=int, default=200)
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="etwin-bench-"))
    app = create_app(
        {
            "INSTANCE_PATH": str(tmp),
            "SECRET_KEY": "bench",
            "PASSWORD_HASH": "fast",
        }
    )
    Base.metadata.create_all(app.extensions["etwincms"].db.engine)
    statements: list[str] = []
    event.listen(
        app.extensions["etwincms"].db.engine,
        "before_cursor_execute",
        lambda *a: statements.append(a[2]),
    )
    print(
        "| pages | view | median ms | p99 ms | baseline median ms | ratio | SQL statements |"
    )
    print("|---:|---|---:|---:|---:|---:|---:|")
    for size in (int(s) for s in args.sizes.split(",")):
        with app.test_request_context("/"):
            slug, deep = build(get_session(), size)
        client = app.test_client()
        signed_in = AuthActions(client).login(f"p{size}", "benchmark-pw")
        assert signed_in.status_code == 302, "the benchmark's pupil could not sign in"
        for view, url in (
            ("space home (tree)", f"/s/{slug}/"),
            ("page, depth 8", f"/s/{slug}/{deep}"),
        ):
            body = client.get(url).get_data()
            statements.clear()
            client.get(url)
            per_request = len(statements)
            median, p99 = summary(timed(client, url, args.repeat))
            base_median, _ = summary(
                timed(baseline_client(len(body)), "/", args.repeat)
            )
            print(
                f"| {size} | {view} | {median:.2f} | {p99:.2f} | {base_median:.3f} "
                f"| {median / base_median:.1f}× | {per_request} |"
            )


if __name__ == "__main__":
    main()
