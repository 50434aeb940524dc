"""Resource figures for a generated instance: SQL per request, start-up, index and database size.

SQL statements are counted in-process (an SQLAlchemy ``before_cursor_execute`` listener,
the WSGI test client) for the views the load benchmark drives, each after one warm-up
request, so the figure is what a warm worker runs. Start-up is a fresh interpreter's
import, ``create_app`` and first request (the median of three). Sizes come from the
database (``pg_total_relation_size``, ``pg_database_size``) or the files.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path
from typing import Any

from sqlalchemy import event, text
from sqlalchemy.engine import Engine

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from etwincms.app import create_app  # noqa: E402

sys.path.insert(0, str(ROOT / "bench"))
from http_load import csrf_token  # noqa: E402

STARTUP = """
import time, sys
started = time.perf_counter()
from etwincms.app import create_app
app = create_app()
ready = time.perf_counter()
status = app.test_client().get(sys.argv[1]).status_code
print(ready - started, time.perf_counter() - ready, status)
"""


#: The views the page cache keeps: counted kept (a second view) and not kept yet.
KEPT_VIEWS = ("public page (anonymous)", "member page", "space home with tree")


def views(manifest: dict) -> dict[str, tuple[str, str]]:
    """View name: (who, address); who is "pupil", "teacher" or "anonymous"."""
    public, member = manifest["public"], manifest["member"]
    slug = member["slug"]
    return {
        "public page (anonymous)": (
            "anonymous",
            f"/s/{public['slug']}/{public['paths'][0]}",
        ),
        "member page": ("pupil", f"/s/{slug}/{member['paths'][-1]}"),
        "space home with tree": ("pupil", f"/s/{slug}/"),
        "forum topic": ("pupil", f"/s/{slug}/-/forum/t/{member['topic_id']}"),
        "search": ("pupil", "/search?q=school"),
        "API page read": (
            "pupil",
            f"/api/v1/projects/{slug}/pages/{member['page_ids'][-1]}",
        ),
        "API list, paginated (anonymous)": ("anonymous", "/api/v1/projects?limit=20"),
    }


def sql_counts(instance: Path, manifest: dict) -> dict[str, int]:
    app = create_app({"INSTANCE_PATH": str(instance)})
    engine: Engine = app.extensions["etwincms"].db.engine
    seen: list[str] = []
    event.listen(engine, "before_cursor_execute", lambda *args: seen.append(args[2]))
    clients = {"anonymous": app.test_client()}
    for who, name in (("pupil", "user"), ("teacher", "teacher")):
        clients[who] = app.test_client()
        login = {"username": manifest["member"][name], "password": manifest["password"]}
        login["csrf_token"] = csrf_token(
            clients[who].get("/login").get_data(as_text=True)
        )
        if clients[who].post("/login", data=login).status_code != 302:
            raise SystemExit(f"could not sign {login['username']} in")
    counts = {}
    for view, (who, url) in views(manifest).items():
        clients[who].get(url)
        counts[view] = counted(clients[who], url, seen)
    for view in KEPT_VIEWS:
        # Another address is another page: one this warm worker has not kept yet (the
        # space's tree it has; after a change in the space, the tree costs one more).
        who, url = views(manifest)[view]
        counts[f"{view}, not kept"] = counted(clients[who], f"{url}?not-kept", seen)
    counts["page save"] = save_count(clients["teacher"], manifest, seen)
    app.extensions["etwincms"].db.dispose()
    return counts


def counted(client: Any, url: str, seen: list[str]) -> int:
    """The statements one view of ``url`` ran (minus the status if it was not 200)."""
    seen.clear()
    status = client.get(url).status_code
    return len(seen) if status == 200 else -status


def save_count(client: Any, manifest: dict, seen: list[str]) -> int:
    member = manifest["member"]
    page = client.get(
        f"/api/v1/projects/{member['slug']}/pages/{member['page_ids'][2]}"
    ).json
    edit = f"/s/{member['slug']}/-/edit/{page['path']}"
    form = {"base": page["revision"], "title": page["title"], "body": "Counted save."}
    form["csrf_token"] = csrf_token(client.get(edit).get_data(as_text=True))
    seen.clear()
    status = client.post(edit, data=form).status_code
    return len(seen) if status == 302 else -status


def startup(instance: Path, manifest: dict, rounds: int = 3) -> dict[str, float]:
    url = f"/s/{manifest['public']['slug']}/{manifest['public']['paths'][0]}"
    env = {"ETWINCMS_INSTANCE_PATH": str(instance), "PATH": "/usr/bin:/bin"}
    runs = []
    for _ in range(rounds):
        out = subprocess.run(
            [sys.executable, "-c", STARTUP, url],
            env=env,
            capture_output=True,
            text=True,
        )
        create, first, status = out.stdout.split()
        if status != "200":
            raise SystemExit(f"start-up probe: {url} answered {status}")
        runs.append((float(create), float(first)))
    create = statistics.median(r[0] for r in runs)
    first = statistics.median(r[1] for r in runs)
    return {"create_app_s": round(create, 3), "first_request_s": round(first, 3)}


def sizes(instance: Path, manifest: dict) -> dict[str, float]:
    app = create_app({"INSTANCE_PATH": str(instance)})
    engine: Engine = app.extensions["etwincms"].db.engine
    per_10k = 10_000 / manifest["pages"]
    if engine.dialect.name == "postgresql":
        with engine.connect() as connection:
            index = int(connection.scalar(text(SEARCH_TABLES_SIZE)))
            total = int(
                connection.scalar(text("SELECT pg_database_size(current_database())"))
            )
    else:
        index = sum(
            f.stat().st_size for f in (instance / "search").rglob("*") if f.is_file()
        )
        total = sum(f.stat().st_size for f in instance.glob("etwincms.db*"))
    app.extensions["etwincms"].db.dispose()
    database = total - (index if engine.dialect.name == "postgresql" else 0)
    return {
        "index_mb": round(index / 2**20, 1),
        "database_mb": round(database / 2**20, 1),
        "database_mb_per_10k_pages": round(database / 2**20 * per_10k, 1),
    }


SEARCH_TABLES_SIZE = """
SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0) FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = 'public' AND c.relkind = 'r' AND c.relname LIKE 'search%'
"""


def measure(instance: Path) -> dict[str, Any]:
    manifest = json.loads((instance / "bench.json").read_text())
    return {
        "pages": manifest["pages"],
        "sql": sql_counts(instance, manifest),
        "startup": startup(instance, manifest),
        "sizes": sizes(instance, manifest),
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("instances", type=Path, nargs="+")
    args = parser.parse_args(argv)
    print(json.dumps({str(i): measure(i) for i in args.instances}, indent=1))


if __name__ == "__main__":
    main()
