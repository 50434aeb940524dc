"""``make bench``: generate the data sets, run the load and resource benchmarks, write the page.

For the embedded default (SQLite + Whoosh) and PostgreSQL (+ its search backend): builds
the data set of ``--size`` with ``generate.py`` (and the small one, for the SQL counts
at 10k pages), runs ``http_load.py`` against each and the ceiling once, measures
``resources.py``'s figures, then writes everything (machine, commands, figures, the
ceiling, ratios, and the issue's targets met or not) into ``docs/performance.md`` between
``<!-- bench/http:begin -->`` and ``<!-- bench/http:end -->``. Raw figures are kept as
JSON next to the data sets.
"""

from __future__ import annotations

import argparse
import json
import platform
import sqlite3
import subprocess
import sys
import time
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import URL, create_engine, make_url, text

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

import generate  # noqa: E402
import http_load  # noqa: E402
import report_text  # noqa: E402
import resources  # noqa: E402

DOCS = BENCH.parent / "docs" / "performance.md"


def log(message: str) -> None:
    print(f"[{datetime.now(UTC):%H:%M:%S}] {message}", file=sys.stderr, flush=True)


def kept(instance: Path, size: str) -> dict | None:
    """The manifest of a data set of ``size`` already built in ``instance``, if any."""
    manifest_file = instance / "bench.json"
    if not manifest_file.exists():
        return None
    manifest = json.loads(manifest_file.read_text())
    return manifest if manifest.get("size") == size else None


def generate_command(
    instance: Path, size: str, database_url: str | None, *extra: str
) -> list[str]:
    argv = [sys.executable, str(BENCH / "generate.py"), "--size", size]
    argv += ["--instance", str(instance), *extra]
    return [*argv, "--database-url", database_url] if database_url else argv


def build_all(
    jobs: list[tuple[Path, str, str | None, tuple[str, ...]]], reuse: bool
) -> None:
    """Generate every data set (or, with ``reuse``, keep those already built) side by
    side, one process each: most of a set's generation runs on one core, and the
    machine has two. Every load run starts only after all of them are built."""
    running = []
    for instance, size, database_url, extra in jobs:
        manifest = kept(instance, size) if reuse else None
        if manifest is not None:
            log(f"reusing {instance}")
            generate.upgrade_schema(instance, manifest["backend"])
            continue
        log(f"generating {size} in {instance}")
        command = generate_command(instance, size, database_url, *extra)
        running.append((instance, subprocess.Popen(command)))
    for instance, process in running:
        if process.wait() != 0:
            raise SystemExit(f"generating {instance} failed ({process.returncode})")
    log("data sets ready")


def machine(database_url: str | None) -> dict[str, str]:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    info = {
        "cores": str(len(Path("/proc/cpuinfo").read_text().split("processor\t")) - 1),
        "cpu": cpu,
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "wrk": subprocess.run(
            ["wrk", "-v"], capture_output=True, text=True
        ).stdout.split()[1],
        "gunicorn": subprocess.run(
            [str(http_load.GUNICORN), "--version"], capture_output=True, text=True
        )
        .stdout.split()[-1]
        .strip("()"),
    }
    if database_url:
        engine = create_engine(database_url)
        with engine.connect() as connection:
            info["postgresql"] = connection.scalar(text("SHOW server_version"))
        engine.dispose()
    return info


def postgres_reachable(url: str) -> bool:
    """Whether the server answers; the benchmark's database is made when missing."""
    try:
        ensure_database(make_url(url))
        engine = create_engine(url)
        with engine.connect():
            pass
        engine.dispose()
        return True
    except Exception as error:  # any failure: the PostgreSQL part is left out, loudly
        log(f"PostgreSQL left out: {url} is not reachable ({error})")
        return False


def ensure_database(url: URL) -> None:
    """``CREATE DATABASE`` the benchmark's database through the server's ``postgres``."""
    server = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with server.connect() as connection:
        exists = connection.scalar(
            text("SELECT 1 FROM pg_database WHERE datname = :name"),
            {"name": url.database},
        )
        if not exists:
            log(f"creating the database {url.database}")
            connection.execute(text(f'CREATE DATABASE "{url.database}"'))
    server.dispose()


def run(args: argparse.Namespace) -> dict[str, Any]:
    started = time.perf_counter()
    load = http_load.Load(seconds=args.seconds, repeat=args.repeat)
    databases = {"SQLite": None}
    if args.database_url and postgres_reachable(args.database_url):
        databases["PostgreSQL"] = args.database_url
    result: dict[str, Any] = {"size": args.size, "load": asdict(load), "databases": {}}
    instances = {name: args.data / f"{args.size}-{name.lower()}" for name in databases}
    jobs = [(instances[name], args.size, url, ()) for name, url in databases.items()]
    small = args.data / "small-sqlite"
    if args.size != "small":
        # Only for the SQL counts (which do not depend on the index): no index to build.
        jobs.append((small, "small", None, ("--no-index",)))
    build_all(jobs, args.reuse)
    for name in databases:
        instance = instances[name]
        manifest = json.loads((instance / "bench.json").read_text())
        log(f"{name}: load")
        figures = http_load.run_instance(instance, load)
        log(f"{name}: resources")
        figures["resources"] = resources.measure(instance)
        figures["generate_seconds"] = manifest.get("generate_seconds")
        figures["data"] = {k: manifest[k] for k in ("spaces", "pages", "backend")}
        result["databases"][name] = figures
        if "ceiling" not in result:
            log("ceiling")
            result["ceiling"] = http_load.run_ceiling(figures["page_bytes"], load)
    if args.size != "small":
        result["small_sql"] = resources.sql_counts(
            small, json.loads((small / "bench.json").read_text())
        )
    result["machine"] = machine(databases.get("PostgreSQL"))
    result["minutes"] = round((time.perf_counter() - started) / 60, 1)
    result["finished"] = f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC"
    return result


def write_docs(markdown: str, path: Path = DOCS) -> None:
    """Replace the text between the markers (or add the section at the end)."""
    begin, end = "<!-- bench/http:begin -->", "<!-- bench/http:end -->"
    page = path.read_text(encoding="utf-8")
    block = f"{begin}\n{markdown.strip()}\n{end}"
    if begin in page and end in page:
        head, rest = page.split(begin, 1)
        page = head + block + rest.split(end, 1)[1]
    else:
        page = page.rstrip() + f"\n\n## HTTP load and resources (issue 10)\n\n{block}\n"
    path.write_text(page, encoding="utf-8")


def main(argv: list[str] | None = None) -> None:
    http_load.stop_cleanly()
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", choices=sorted(generate.SIZES), default="large")
    parser.add_argument("--data", type=Path, default=BENCH / "results")
    parser.add_argument(
        "--database-url", help="PostgreSQL for the second pass (name with 'bench')"
    )
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--reuse", action="store_true", help="keep data sets already built"
    )
    parser.add_argument("--write-docs", action="store_true")
    parser.add_argument(
        "--from-json", type=Path, help="write the page from a saved run"
    )
    args = parser.parse_args(argv)
    if args.from_json:
        result = json.loads(args.from_json.read_text())
    else:
        args.data.mkdir(parents=True, exist_ok=True)
        result = run(args)
        result["command"] = " ".join(
            ["python bench/report.py", *(argv or sys.argv[1:])]
        )
        out = args.data / f"results-{args.size}.json"
        out.write_text(json.dumps(result, indent=1), encoding="utf-8")
        log(f"figures in {out}")
    markdown = report_text.render(result, command=result["command"])
    if args.write_docs:
        write_docs(markdown)
        log(f"wrote {DOCS}")
    else:
        print(markdown)


if __name__ == "__main__":
    main()
