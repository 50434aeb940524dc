"""HTTP load on loopback: etwincms under gunicorn against the bare Flask + Jinja ceiling.

For an instance made by ``bench/generate.py``: starts gunicorn (``--workers 2``, sync
workers, the real ``etwincms.wsgi:app``) with one ``etwincms search worker`` writing the
index at its default priority, ``--nice 10`` (the set-up docs/deployment.md gives for
several workers), signs a pupil and a
teacher in, then drives each
scenario with ``wrk -t2 -c8`` (a 3 s warm-up, then 3 runs of 10 s: ``make bench`` at the
large size then fits in 20 minutes; medians of requests/s, p50, p95 and p99): anonymous
public page, member page, space home with the tree, page save (the edit form's POST with
its CSRF token, ``wrk/save.lua``), forum topic, search, API page read, API list with
cursor pagination. Each GET scenario rotates over many addresses (``wrk/rotate.lua``).
Also reads each worker's RSS from ``/proc`` after the load and times how long a saved page
takes to be found by search. The ceiling is ``ceiling.py`` under the same gunicorn
settings, serving a page as long as the public page view. Prints (or writes with
``--out``) one JSON document.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import requests

BENCH = Path(__file__).resolve().parent
GUNICORN = Path(sys.executable).parent / "gunicorn"
#: The rate limits are the application's; the benchmark measures what is behind them.
UNLIMITED = {
    "ETWINCMS_API_RATE_LIMIT": "1000000 per second",
    "ETWINCMS_LOGIN_RATE_LIMIT_ADDRESS": "1000000 per second",
    "ETWINCMS_LOGIN_RATE_LIMIT_USERNAME": "1000000 per second",
}
REDIS_URL = "redis://127.0.0.1:6379/15"
SEARCH_WORDS = "school project garden water energy recycling workshop mobility partner "
SEARCH_WORDS += "visit results survey photos river bread culture music history kitchen"


@dataclass(frozen=True)
class Load:
    threads: int = 2
    connections: int = 8
    seconds: int = 10
    warmup: int = 3
    repeat: int = 3


@dataclass
class Scenario:
    name: str
    paths: list[str]
    cookie: str | None = None
    script: str = "rotate.lua"
    extra: tuple[str, ...] = ()


# -- servers --------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def gunicorn(
    app: str, env: dict[str, str], chdir: Path, workers: int = 2
) -> Iterator[Any]:
    """A gunicorn master on a free loopback port; yields (base URL, master process)."""
    port = free_port()
    args = [str(GUNICORN), "--workers", str(workers), "--worker-class", "sync"]
    args += [
        "--bind",
        f"127.0.0.1:{port}",
        "--chdir",
        str(chdir),
        "--log-level",
        "warning",
    ]
    process = subprocess.Popen([*args, app], env={**os.environ, **env})
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base, process)
        yield base, process
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)


def wait_until_up(base: str, process: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"gunicorn stopped with status {process.returncode}")
        try:
            requests.get(base + "/", timeout=30)
            return
        except requests.RequestException:
            time.sleep(0.2)
    raise SystemExit(f"gunicorn did not answer on {base} within {timeout} s")


def worker_memory_mb(master: subprocess.Popen, field: str) -> list[float]:
    """A memory figure of each worker (children of the master), from /proc: ``VmRSS``
    (resident, mapped files included: a Whoosh index's segments) or ``RssAnon`` (the
    worker's private memory)."""
    children = (
        Path(f"/proc/{master.pid}/task/{master.pid}/children").read_text().split()
    )
    sizes = []
    for pid in children:
        status = Path(f"/proc/{pid}/status").read_text()
        kb = int(re.search(rf"{field}:\s+(\d+)", status).group(1))
        sizes.append(round(kb / 1024, 1))
    return sizes


# -- wrk ------------------------------------------------------------------------------------


def wrk(base: str, scenario: Scenario, load: Load, seconds: int, files: Path) -> dict:
    paths = files / f"{scenario.name}.txt"
    paths.write_text("\n".join(scenario.paths) + "\n", encoding="utf-8")
    args = [
        "wrk",
        f"-t{load.threads}",
        f"-c{load.connections}",
        f"-d{seconds}s",
        "--latency",
    ]
    args += ["--timeout", "10s"]  # a slow answer is measured, not dropped as an error
    if scenario.cookie:
        args += ["-H", f"Cookie: {scenario.cookie}"]
    args += [
        "-s",
        str(BENCH / "wrk" / scenario.script),
        base,
        "--",
        str(paths),
        *scenario.extra,
        str(load.threads),  # save.lua shares the pages out among the threads
    ]
    out = subprocess.run(args, capture_output=True, text=True, check=True).stdout
    line = next(line for line in out.splitlines() if line.startswith("BENCH "))
    figures = json.loads(line[len("BENCH ") :])
    figures["rps"] = round(figures["requests"] / figures["seconds"], 1)
    return figures


def measure(
    base: str, scenario: Scenario, load: Load, files: Path, before: Any = None
) -> dict:
    """A warm-up, then ``load.repeat`` runs; the medians and every run."""
    if before:
        before()
    warmup = wrk(base, scenario, load, load.warmup, files)
    runs = []
    for _ in range(load.repeat):
        if before:
            before()
        runs.append(wrk(base, scenario, load, load.seconds, files))
    medians = {
        key: statistics.median(run[key] for run in runs)
        for key in ("rps", "p50_ms", "p95_ms", "p99_ms")
    }
    errors = sum(run["errors"] for run in runs)
    print(f"  {scenario.name}: {medians} errors={errors}", file=sys.stderr, flush=True)
    return {**medians, "errors": errors, "runs": runs, "warmup": warmup}


# -- signing in and addresses ---------------------------------------------------------------


def csrf_token(html: str) -> str:
    found = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html) or re.search(
        r'value="([^"]+)"[^>]*name="csrf_token"', html
    )
    if found is None:
        raise SystemExit("no csrf_token in the form")
    return found.group(1)


def sign_in(base: str, username: str, password: str) -> requests.Session:
    browser = requests.Session()
    token = csrf_token(browser.get(base + "/login").text)
    answer = browser.post(
        base + "/login",
        data={"username": username, "password": password, "csrf_token": token},
        allow_redirects=False,
    )
    if answer.status_code != 302 or not browser.cookies:
        raise SystemExit(f"could not sign {username} in: HTTP {answer.status_code}")
    return browser


def cookie_header(browser: requests.Session) -> str:
    return "; ".join(f"{c.name}={c.value}" for c in browser.cookies)


def api_list_paths(base: str, limit: int = 20) -> list[str]:
    """Every page of the anonymous space list, by following its cursors."""
    paths, cursor = [], ""
    while True:
        path = f"/api/v1/projects?limit={limit}" + (
            f"&cursor={cursor}" if cursor else ""
        )
        paths.append(path)
        cursor = requests.get(base + path, timeout=10).json().get("next_cursor") or ""
        if not cursor:
            return paths


def scenarios(base: str, manifest: dict, pupil: requests.Session) -> list[Scenario]:
    public, member = manifest["public"], manifest["member"]
    cookie = cookie_header(pupil)
    slug = member["slug"]
    found = [
        Scenario(
            "public page (anonymous)",
            [f"/s/{public['slug']}/{p}" for p in public["paths"]],
        ),
        Scenario("member page", [f"/s/{slug}/{p}" for p in member["paths"]], cookie),
        Scenario("space home with tree", [f"/s/{slug}/"], cookie),
        Scenario("forum topic", [f"/s/{slug}/-/forum/t/{member['topic_id']}"], cookie),
        Scenario(
            "search", [f"/search?q={word}" for word in SEARCH_WORDS.split()], cookie
        ),
        Scenario(
            "API page read",
            [f"/api/v1/projects/{slug}/pages/{pid}" for pid in member["page_ids"]],
            cookie,
        ),
        Scenario("API list, paginated (anonymous)", api_list_paths(base)),
    ]
    for scenario in found:
        check(base, scenario, pupil)
    return found


def check(base: str, scenario: Scenario, pupil: requests.Session) -> None:
    """The first addresses answer 200, so the load measures pages, not errors."""
    client = pupil if scenario.cookie else requests.Session()
    for path in scenario.paths[:3]:
        status = client.get(base + path, allow_redirects=False).status_code
        if status != 200:
            raise SystemExit(f"{scenario.name}: {path} answered {status}")


# -- saves ------------------------------------------------------------------------------------


class Saves:
    """The page-save scenario: before each run, the pages' current revisions."""

    def __init__(self, base: str, manifest: dict, teacher: requests.Session) -> None:
        self.base, self.teacher = base, teacher
        member = manifest["member"]
        self.slug, self.ids = member["slug"], member["page_ids"]
        first = f"/s/{self.slug}/-/edit/{member['paths'][0]}"
        self.token = csrf_token(teacher.get(base + first).text)
        self.scenario = Scenario(
            "page save", [], cookie_header(teacher), "save.lua", (self.token,)
        )

    def refresh(self) -> None:
        """Read the pages' revisions once they stop changing: saves that were in flight
        when wrk stopped still land, and a run started from older numbers would only
        collect conflicts."""
        lines, before = self.lines(), []
        while lines != before:
            time.sleep(1)
            before, lines = lines, self.lines()
        self.scenario.paths = lines

    def measure(self, load: Load, files: Path) -> dict:
        """The save scenario, and whether every accepted save became a revision (saves
        still in flight when a run stops land too, so there may be a few more)."""
        self.refresh()
        before = self.revisions()
        figures = measure(self.base, self.scenario, load, files, self.refresh)
        self.refresh()
        runs = [figures["warmup"], *figures["runs"]]
        figures["writes"] = {
            "accepted": sum(run["accepted"] for run in runs),
            "revisions_added": self.revisions() - before,
        }
        return figures

    def revisions(self) -> int:
        return sum(int(line.split("\t")[1]) for line in self.scenario.paths)

    def lines(self) -> list[str]:
        lines = []
        for page_id in self.ids:
            page = self.page(page_id)
            title = page["title"].replace("\t", " ")
            lines.append(
                f"/s/{self.slug}/-/edit/{page['path']}\t{page['revision']}\t{title}"
            )
        return lines

    def page(self, page_id: int) -> dict:
        url = f"{self.base}/api/v1/projects/{self.slug}/pages/{page_id}"
        return self.teacher.get(url, timeout=10).json()

    def searchable_ms(self, rounds: int = 5) -> list[float]:
        """Save a page holding a new word; time until search finds it (poll every 20 ms)."""
        samples = []
        for _ in range(rounds):
            page = self.page(self.ids[0])
            word = f"zqx{uuid.uuid4().hex[:10]}"
            started = time.perf_counter()
            self.save(page, f"{word} arrived.")
            while word not in self.teacher.get(f"{self.base}/search?q={word}").text:
                if time.perf_counter() - started > 30:
                    raise SystemExit("a saved page was not searchable within 30 s")
                time.sleep(0.02)
            samples.append(round((time.perf_counter() - started) * 1000, 1))
        return samples

    def save(self, page: dict, body: str) -> None:
        answer = self.teacher.post(
            f"{self.base}/s/{self.slug}/-/edit/{page['path']}",
            data={
                "csrf_token": self.token,
                "base": page["revision"],
                "title": page["title"],
                "body": body,
            },
            allow_redirects=False,
        )
        if answer.status_code != 302:
            raise SystemExit(f"save answered {answer.status_code}")


# -- the run ------------------------------------------------------------------------------------


def scale_out_settings() -> dict[str, str]:
    """PostgreSQL runs as the scale-out set-up: the throttles count in Redis when one
    answers on the loopback."""
    settings: dict[str, str] = {}
    with socket.socket() as sock:
        if sock.connect_ex(("127.0.0.1", 6379)) == 0:
            settings["ETWINCMS_RATELIMIT_STORAGE_URI"] = REDIS_URL
    return settings


@contextmanager
def outbox_worker(env: dict[str, str]) -> Iterator[None]:
    command = [
        str(GUNICORN.parent / "etwincms"),
        "search",
        "worker",
        "--interval",
        "0.2",
    ]
    process = subprocess.Popen(
        command, env={**os.environ, **env}, stdout=subprocess.DEVNULL
    )
    try:
        yield
    finally:
        process.terminate()
        process.wait(timeout=30)


def run_instance(
    instance: Path, load: Load, only: frozenset[str] = frozenset()
) -> dict:
    """Every scenario against etwincms on ``instance`` (or those named in ``only``); the
    public page's byte size too."""
    manifest = json.loads((instance / "bench.json").read_text())
    # Two web workers: one outbox worker writes the index, as docs/deployment.md says
    # for several workers (a drain thread in each worker makes them queue on the index).
    # ETWINCMS_SEARCH_DRAIN=background in the environment measures that instead.
    drain = os.environ.get("ETWINCMS_SEARCH_DRAIN", "worker")
    env = {
        "ETWINCMS_INSTANCE_PATH": str(instance),
        "ETWINCMS_SEARCH_DRAIN": drain,
        # The default; ETWINCMS_PAGE_CACHE_MB=0 in the environment measures no cache.
        "ETWINCMS_PAGE_CACHE_MB": os.environ.get("ETWINCMS_PAGE_CACHE_MB", "16"),
        **UNLIMITED,
    }
    if manifest["backend"] == "postgres":
        env.update(scale_out_settings())
    password = manifest["password"]
    with (
        outbox_worker(env) if drain == "worker" else nullcontext(),
        gunicorn("etwincms.wsgi:app", env, BENCH.parent) as (base, master),
        tempfile.TemporaryDirectory() as tmp,
    ):
        files = Path(tmp)
        pupil = sign_in(base, manifest["member"]["user"], password)
        teacher = sign_in(base, manifest["member"]["teacher"], password)
        results = {}
        for scenario in scenarios(base, manifest, pupil):
            if not only or scenario.name in only:
                results[scenario.name] = measure(base, scenario, load, files)
        searchable: list[float] = []
        if not only or "page save" in only:
            saves = Saves(base, manifest, teacher)
            results["page save"] = saves.measure(load, files)
            searchable = saves.searchable_ms()
        public_page = manifest["public"]["paths"][0]
        size = len(
            requests.get(
                f"{base}/s/{manifest['public']['slug']}/{public_page}", timeout=30
            ).content
        )
        rss = worker_memory_mb(master, "VmRSS")
        private = worker_memory_mb(master, "RssAnon")
    return {
        "scenarios": results,
        "searchable_ms": searchable,
        "settings": {k: v for k, v in env.items() if k != "ETWINCMS_INSTANCE_PATH"},
        "rss_mb": rss,
        "private_mb": private,
        "page_bytes": size,
    }


def run_ceiling(page_bytes: int, load: Load) -> dict:
    env = {"CEILING_BYTES": str(page_bytes)}
    with (
        gunicorn("ceiling:app", env, BENCH) as (base, _master),
        tempfile.TemporaryDirectory() as tmp,
    ):
        return measure(base, Scenario("ceiling", ["/"]), load, Path(tmp))


def stop_cleanly() -> None:
    """On SIGTERM, unwind (so the servers this run started are stopped too)."""
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))


def main(argv: list[str] | None = None) -> None:
    stop_cleanly()
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--instance", type=Path, required=True)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-ceiling", action="store_true")
    parser.add_argument("--out", type=Path)
    parser.add_argument(
        "--only",
        action="append",
        default=[],
        metavar="SCENARIO",
        help='run only this scenario ("public page (anonymous)", "page save"...); '
        "may be repeated",
    )
    args = parser.parse_args(argv)
    load = Load(seconds=args.seconds, repeat=args.repeat)
    result = run_instance(args.instance, load, frozenset(args.only))
    if not args.no_ceiling:
        result["ceiling"] = run_ceiling(result["page_bytes"], load)
    result["load"] = asdict(load)
    text = json.dumps(result, indent=1)
    if args.out:
        args.out.write_text(text, encoding="utf-8")
    else:
        print(text)


if __name__ == "__main__":
    main()
