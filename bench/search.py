"""Search at scale: index build rate, update-to-searchable latency and query latency.

Builds a generated multilingual corpus (default 100,000 documents in 1,000 spaces, see
``corpus.py``) in each backend, then measures, in one run on this machine:

- build: documents indexed per second (batches of 1,000, as a rebuild does);
- update: one changed document indexed, then searched for until found (p50 / p95);
- queries through the backend's ``search`` (permission scope, facets, snippets, one page
  of 20): frequent term, rare term, phrase, term narrowed to a type and a space (faceted),
  for a member of 3 spaces and for a visitor of every public space (p50 / p95);
- baseline: the engine's own bare lookup of the same terms (Whoosh ``Term`` search without
  filter, facets or highlights; PostgreSQL ``@@`` on the GIN index, ``LIMIT 20``): each
  query figure is also given as a ratio to it.

``--write-docs`` replaces the search section of docs/performance.md with the results.

Run: ``.venv/bin/python bench/search.py`` (``--docs 20000`` for a quick look;
``--backends whoosh`` without PostgreSQL).
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import Corpus

from etwincms.search.backend import BackendQuery, Scope, SearchBackend
from etwincms.search.postgres_backend import PostgresBackend
from etwincms.search.whoosh_backend import WhooshBackend

DOCS_MD = Path(__file__).resolve().parent.parent / "docs" / "performance.md"
BEGIN, END = "<!-- bench/search:begin -->", "<!-- bench/search:end -->"
TYPES = frozenset({"page", "material", "forum_topic"})


@dataclass
class Figures:
    backend: str
    build_rate: float = 0.0
    update: list[float] | None = None
    queries: dict[str, list[float]] | None = None
    baseline: list[float] | None = None
    totals: dict[str, float] | None = None


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def timed(call: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = call()
    return (time.perf_counter() - start) * 1000, result


def build(backend: SearchBackend, corpus: Corpus) -> float:
    """Documents indexed per second, written as `etwincms search rebuild` writes them."""
    started = time.perf_counter()
    if hasattr(backend, "index_all"):  # Whoosh: one commit, a writer per core
        backend.index_all(corpus.documents())
        return corpus.size / (time.perf_counter() - started)
    batch: list[Any] = []
    for number, document in enumerate(corpus.documents(), 1):
        batch.append(document)
        if len(batch) == 1000:
            backend.index(batch)
            batch = []
        if number % 20000 == 0:
            print(f"  {number} documents", file=sys.stderr, flush=True)
    backend.index(batch)
    return corpus.size / (time.perf_counter() - started)


def update_latency(backend: SearchBackend, corpus: Corpus, rounds: int) -> list[float]:
    """Change a document to hold a new word; time until a search finds it."""
    samples = []
    scope = member_scope(corpus)
    for round_number in range(rounds):
        document = corpus.document(round_number * corpus.spaces)  # in space 1
        word = f"zqx{uuid.uuid4().hex[:8]}"
        changed = replace(document, body=f"{document.body} {word}")
        start = time.perf_counter()
        backend.index([changed])
        while not backend.search(BackendQuery(word, scope)).hits:
            time.sleep(0.001)
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def member_scope(corpus: Corpus) -> Scope:
    return scope_of([1, 2, 3])


def scope_of(space_ids: list[int]) -> Scope:
    spaces = frozenset(space_ids)
    return Scope(member_spaces=spaces, types=dict.fromkeys(spaces, TYPES))


def visitor_scope(corpus: Corpus) -> Scope:
    public = frozenset(pid + 1 for pid in corpus.public)
    return Scope(public_spaces=public, types=dict.fromkeys(public, TYPES))


def query_sets(corpus: Corpus, count: int) -> dict[str, list[BackendQuery]]:
    rng = random.Random(11)
    en, member, visitor = (
        corpus.words["en"],
        member_scope(corpus),
        visitor_scope(corpus),
    )
    frequent, rare = en[8:40], en[200:3000]
    sets: dict[str, list[BackendQuery]] = {
        # Each query by a member of 3 other spaces: nothing cached for its scope.
        "frequent term, a different member each time": [
            BackendQuery(
                rng.choice(frequent),
                scope_of(rng.sample(range(1, corpus.spaces + 1), 3)),
            )
            for _ in range(count)
        ]
    }
    for label, scope in (("member", member), ("visitor", visitor)):
        sets[f"frequent term, {label}"] = [
            BackendQuery(rng.choice(frequent), scope) for _ in range(count)
        ]
        sets[f"rare term, {label}"] = [
            BackendQuery(rng.choice(rare), scope) for _ in range(count)
        ]
        sets[f"phrase, {label}"] = [
            BackendQuery(f'"{rng.choice(en[:30])} {rng.choice(en[:30])}"', scope)
            for _ in range(count)
        ]
        sets[f"faceted (type + space), {label}"] = [
            BackendQuery(rng.choice(frequent), scope, space=1, type="page")
            for _ in range(count)
        ]
    return sets


def run_queries(backend: SearchBackend, sets: dict[str, list[BackendQuery]]) -> Any:
    latencies, totals = {}, {}
    for label, queries in sets.items():
        for query in queries[:5]:  # warm-up
            backend.search(query)
        runs = [timed(lambda q=query: backend.search(q)) for query in queries]
        latencies[label] = [ms for ms, _ in runs]
        totals[label] = statistics.median(result.total for _, result in runs)
    return latencies, totals


def whoosh_baseline(backend: WhooshBackend, words: list[str]) -> list[float]:
    from whoosh import query

    with backend.ix.searcher() as searcher:
        return [
            timed(
                lambda w=word: len(searcher.search(query.Term("body_en", w), limit=20))
            )[0]
            for word in words
        ]


def postgres_baseline(backend: PostgresBackend, words: list[str]) -> list[float]:
    statement = text(
        "SELECT id FROM search_entry WHERE document @@ to_tsquery('english', :w) LIMIT 20"
    )
    with backend.engine.connect() as connection:
        return [
            timed(lambda w=word: connection.execute(statement, {"w": w}).all())[0]
            for word in words
        ]


def measure(name: str, backend: SearchBackend, corpus: Corpus, args: Any) -> Figures:
    figures = Figures(name)
    if backend.count() == corpus.size:
        print(f"{name}: reusing an index of {corpus.size} documents", file=sys.stderr)
        figures.build_rate = float("nan")  # not measured in this run
    else:
        print(f"{name}: indexing {corpus.size} documents", file=sys.stderr)
        backend.clear()
        figures.build_rate = build(backend, corpus)
    if hasattr(backend, "analyze"):  # as `etwincms search rebuild` (and autovacuum) do
        backend.analyze()
    figures.update = update_latency(backend, corpus, args.updates)
    sets = query_sets(corpus, args.queries)
    figures.queries, figures.totals = run_queries(backend, sets)
    words = [q.text for q in sets["frequent term, member"] + sets["rare term, member"]]
    if isinstance(backend, WhooshBackend):
        figures.baseline = whoosh_baseline(backend, words)
    else:
        figures.baseline = postgres_baseline(backend, words)  # type: ignore[arg-type]
    return figures


def with_whoosh(corpus: Corpus, args: Any) -> Figures:
    if args.whoosh_index:  # kept between runs: built once, then reused
        return measure("Whoosh", WhooshBackend(args.whoosh_index), corpus, args)
    folder = Path(tempfile.mkdtemp(prefix="etwincms-bench-"))
    try:
        return measure("Whoosh", WhooshBackend(folder), corpus, args)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def with_postgres(corpus: Corpus, args: Any) -> Figures:
    schema = args.pg_schema or f"bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(args.pg_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f"CREATE SCHEMA IF NOT EXISTS {schema}"))
    engine = create_engine(f"{args.pg_url}?options=-csearch_path%3D{schema}")
    try:
        backend = PostgresBackend(engine)
        figures = measure("PostgreSQL", backend, corpus, args)
        with engine.connect() as connection:
            connection.execute(text("ANALYZE search_entry"))
            size = connection.scalar(
                text("SELECT pg_total_relation_size('search_entry')")
            )
        print(f"PostgreSQL index size: {size / 1e6:.0f} MB", file=sys.stderr)
        return figures
    finally:
        engine.dispose()
        if not args.pg_schema:  # a kept schema is reused by the next run
            with admin.connect() as connection:
                connection.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


def report(all_figures: list[Figures], corpus: Corpus, command: str) -> str:
    lines = [
        f"Command: `{command}`. Corpus: {corpus.size:,} generated documents in "
        f"{corpus.spaces:,} spaces, 7 languages (`bench/corpus.py`); queries go through "
        "the backend's `search` with a permission scope, facets, snippets and one page of "
        "20. Member: 3 spaces; visitor: every public space "
        f"({len(corpus.public):,}). Baseline: the engine's bare lookup of the same words "
        "(no scope, facets or snippets), measured in the same run.",
        "",
        "| backend | build docs/s | update→searchable p50 / p95 ms | baseline p50 / p95 ms |",
        "|---|---:|---:|---:|",
    ]
    for f in all_figures:
        lines.append(
            f"| {f.backend} | {rate(f.build_rate)} | {percentile(f.update, 0.5):.0f} / "
            f"{percentile(f.update, 0.95):.0f} | {percentile(f.baseline, 0.5):.1f} / "
            f"{percentile(f.baseline, 0.95):.1f} |"
        )
    lines += [
        "",
        "| backend | query | median hits | p50 ms | p95 ms | p95 ÷ baseline p95 |",
        "|---|---|---:|---:|---:|---:|",
    ]
    for f in all_figures:
        base = percentile(f.baseline, 0.95)
        for label, samples in f.queries.items():
            p95 = percentile(samples, 0.95)
            lines.append(
                f"| {f.backend} | {label} | {f.totals[label]:,.0f} | "
                f"{percentile(samples, 0.5):.1f} | {p95:.1f} | {p95 / base:.1f}× |"
            )
    return "\n".join(lines)


def rate(value: float) -> str:
    return "(index reused)" if value != value else f"{value:,.0f}"


def write_docs(section: str) -> None:
    current = DOCS_MD.read_text()
    before, _, rest = current.partition(BEGIN)
    _, _, after = rest.partition(END)
    DOCS_MD.write_text(f"{before}{BEGIN}\n{section}\n{END}{after}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=100_000)
    parser.add_argument("--spaces", type=int, default=1_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--updates", type=int, default=20)
    parser.add_argument("--backends", default="whoosh,postgres")
    parser.add_argument(
        "--pg-url", default="postgresql+psycopg://postgres@127.0.0.1:5432/test"
    )
    parser.add_argument("--write-docs", action="store_true")
    parser.add_argument(
        "--pg-schema",
        help="keep the PostgreSQL index in this schema and reuse it when it holds the corpus",
    )
    parser.add_argument(
        "--whoosh-index",
        help="keep the Whoosh index in this folder and reuse it when it holds the corpus",
    )
    args = parser.parse_args()
    corpus_args = (args.docs, args.spaces)
    runners = {"whoosh": with_whoosh, "postgres": with_postgres}
    results = [
        runners[name](Corpus(*corpus_args), args) for name in args.backends.split(",")
    ]
    command = "python bench/search.py " + " ".join(sys.argv[1:])
    section = report(results, Corpus(*corpus_args), command.strip())
    print(section)
    if args.write_docs:
        write_docs(section)


if __name__ == "__main__":
    main()
