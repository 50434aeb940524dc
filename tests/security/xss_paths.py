"""Helpers for the XSS write-path suite: batches of payloads, the served regions, the oracle.

Sending 1,600 payloads one request each through every write path would take minutes, so
each request carries a batch: every payload in its own block after a marker paragraph
(``xssmark0042x``). The served page is parsed as a browser would (justhtml), the regions
where user content lands are cut out, split back at the markers and each payload's piece
is given to the oracle (and, on the main path, the whole region: what the browser gets).
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from flask import Flask
from justhtml import JustHTML, to_html

from etwincms import testing
from etwincms.app import create_app
from etwincms.db import commit, get_session
from etwincms.services import plugins as space_plugins
from etwincms.services import tokens
from etwincms.testing import (
    AuthActions,
    Factory,
    IsolatedClient,
    RoleClient,
    SpaceWithMembers,
    create_schema,
    empty_tables,
    make_config,
)
from tests.security.adversarial import is_dangerous, payloads

# A marker paragraph as the renderer serves it, or a bare marker in a one-line field: a
# piece is then exactly the payload's own rendering, the same on every path that uses the
# one pipeline, so the oracle's verdicts are cached (they cost ~2 ms each).
MARK = re.compile(r"(?:<p>)?xssmark(\d{4})x(?:</p>\n?)?")


def marker(index: int) -> str:
    return f"xssmark{index:04d}x"


def corpus() -> tuple[str, ...]:
    """Every XSS vector, then every Markdown vector."""
    return payloads("xss_vectors.txt") + payloads("md_vectors.txt")


def sendable() -> list[tuple[int, str]]:
    """The corpus (by index) minus the payloads holding NUL, which every request refuses
    (``etwincms.web.nul_guard``; :func:`with_nul` proves it per path)."""
    return [(index, item) for index, item in enumerate(corpus()) if "\x00" not in item]


def with_nul() -> list[tuple[int, str]]:
    return [(index, item) for index, item in enumerate(corpus()) if "\x00" in item]


@dataclass(frozen=True)
class Batch:
    """Payloads (by their index in the corpus) sent together in one text field."""

    indices: tuple[int, ...]
    text: str


def batches(items: Sequence[tuple[int, str]], limit: int) -> list[Batch]:
    """Cut ``items`` into Markdown documents of at most ``limit`` characters, each payload
    a block after its own marker paragraph."""
    found: list[Batch] = []
    indices: list[int] = []
    parts: list[str] = []
    size = 0
    for index, item in items:
        block = f"{marker(index)}\n\n{item}\n\n"
        if parts and size + len(block) > limit:
            found.append(Batch(tuple(indices), "".join(parts)))
            indices, parts, size = [], [], 0
        indices.append(index)
        parts.append(block)
        size += len(block)
    if parts:
        found.append(Batch(tuple(indices), "".join(parts)))
    return found


def packed(items: Sequence[tuple[int, str]], limit: int) -> list[Batch]:
    """Cut ``items`` into one-line texts of at most ``limit`` characters (for titles and
    other short fields): ``xssmark0001x <payload> xssmark0002x <payload>``."""
    found: list[Batch] = []
    for index, item in items:
        line = f"{marker(index)} {' '.join(item.split())}"[:limit]
        last = found[-1] if found else None
        if last and len(last.text) + 1 + len(line) <= limit:
            found[-1] = Batch((*last.indices, index), f"{last.text} {line}")
        else:
            found.append(Batch((index,), line))
    return found


def regions(page: str, selectors: Iterable[str], outer: bool = False) -> list[str]:
    """The inner HTML (with ``outer``, the whole element: its attributes too) of every
    element of ``page`` matching one of ``selectors`` (CSS), parsed as a browser parses
    it (justhtml follows the current WHATWG algorithm)."""
    # sanitize=False: justhtml cleans by default, which would hide what the site served.
    root = JustHTML(page, sanitize=False)
    return [
        to_html(found, pretty=False)
        if outer
        else "".join(to_html(child, pretty=False) for child in found.children)
        for selector in selectors
        for found in root.query(selector)
    ]


def pieces(region: str) -> dict[int, str]:
    """A region split back at its markers: payload index -> the HTML that follows it."""
    parts = MARK.split(region)
    return {int(parts[i]): parts[i + 1] for i in range(1, len(parts) - 1, 2)}


@cache
def verdict(html: str) -> tuple[str, ...]:
    """The oracle's findings for ``html``, computed once per distinct text."""
    return tuple(is_dangerous(html))


@dataclass(frozen=True)
class Finding:
    where: str
    index: int | None
    problems: tuple[str, ...]


def check(
    where: str, served: Sequence[str], expected: Iterable[int], whole: bool = False
) -> list[Finding]:
    """What the oracle finds in the served regions payload by payload (and, with
    ``whole``, in each region as one), and every expected payload whose marker never came
    back (it was lost, so not tested)."""
    findings = [
        Finding(where, None, found)
        for region in (served if whole else ())
        if (found := verdict(region))
    ]
    seen: set[int] = set()
    for region in served:
        for index, piece in pieces(region).items():
            seen.add(index)
            if found := verdict(piece):
                findings.append(Finding(where, index, found))
    missing = sorted(set(expected) - seen)
    if missing:
        findings.append(Finding(where, None, (f"markers not served: {missing[:20]}",)))
    return findings


PLUGIN_NAMES = (
    "blog", "embed", "forum", "gallery", "glossary", "meetings", "survey", "wiki",
)  # fmt: skip


def all_plugins() -> list[ModuleType]:
    """Every bundled plugin's module (they are all switched on in the test space)."""
    return [importlib.import_module(f"etwincms_{name}") for name in PLUGIN_NAMES]


@dataclass
class Site:
    """One application with every plugin on in one space, shared by a module's tests."""

    app: Flask
    space: SpaceWithMembers
    browser: RoleClient
    token: str
    csrf: str = ""

    @property
    def slug(self) -> str:
        return self.space.project.slug

    def post(self, path: str, data: dict[str, Any], **kwargs: Any) -> Any:
        """Post a form as the signed-in admin (the CSRF token is fetched once)."""
        if not self.csrf:
            self.csrf = self.browser.token()
        return self.browser.client.post(
            path, data={**data, "csrf_token": self.csrf}, **kwargs
        )

    def get(self, path: str) -> str:
        """The page at ``path`` as served (it must be served: 200)."""
        answer = self.browser.client.get(path)
        assert answer.status_code == 200, (path, answer.status_code)
        return answer.get_data(as_text=True)

    def api(self, method: str, path: str, **kwargs: Any) -> Any:
        """Call ``/api/v1/projects/<space><path>`` with the admin's token."""
        headers = {"Authorization": f"Bearer {self.token}", **kwargs.pop("headers", {})}
        url = f"/api/v1/projects/{self.slug}{path}"
        return self.browser.client.open(url, method=method, headers=headers, **kwargs)


@contextmanager
def site(folder: Path, database_url: str | None) -> Iterator[Site]:
    """A site built through the real services; the admin is signed in over HTTP."""
    app = create_app(make_config(folder, database_url), plugins=all_plugins())
    app.test_client_class = IsolatedClient
    engine = app.extensions["etwincms"].db.engine
    create_schema(engine)
    try:
        with app.test_request_context("/"):
            session = get_session()
            space = testing.space.__wrapped__(session, Factory(session))
            for name in PLUGIN_NAMES:
                space_plugins.enable_plugin(
                    session, space.users["admin"], space.project, name
                )
            _token, secret = tokens.create_token(
                session, space.users["admin"], name="xss", scopes=["read", "write"]
            )
            commit(session)
        client = app.test_client()
        browser = RoleClient(client, AuthActions(client), space.users)
        browser.login("admin")
        yield Site(app, space, browser, secret)
    finally:
        if database_url:
            empty_tables(engine)
        engine.dispose()


# -- known-good content ----------------------------------------------------------------

IMG = re.compile(r"<img\b[^>]*>")
#: Link schemes the sanitizer keeps on purpose (tel:, ftp: and data: URLs are dropped).
KEPT_SCHEMES = ("http:", "https:", "mailto:")


def known_good() -> list[tuple[int, str]]:
    """Each ordinary rich-text snippet written as Markdown (the editor's language): the
    HTML turned to Markdown by justhtml, images as ``![alt](src)``."""
    return [
        (n, as_markdown(snippet))
        for n, snippet in enumerate(payloads("oracle_known_good.txt"))
    ]


def as_markdown(snippet: str) -> str:
    markdown = JustHTML(snippet, fragment=True, sanitize=False).to_markdown()
    return IMG.sub(lambda tag: image_markdown(tag.group(0)), markdown)


def image_markdown(tag: str) -> str:
    image = JustHTML(tag, fragment=True, sanitize=False).query_one("img")
    return f"![{image.attrs.get('alt') or ''}]({image.attrs.get('src') or ''})"


def text_kept(snippet: str, piece: str) -> bool:
    """Every word of ``snippet`` is shown (Markdown may join ``a<sup>2</sup>`` into ``a2``,
    and show HTML it cannot express as text: both keep the words)."""
    before, after = (
        JustHTML(h, fragment=True, sanitize=False).to_text() for h in (snippet, piece)
    )
    squeezed = "".join(before.split()) in "".join(after.split())
    return squeezed or set(re.findall(r"\w+", before)) <= set(re.findall(r"\w+", after))


def targets(html: str) -> set[str]:
    """Where the links and images of ``html`` point (the kinds the sanitizer keeps)."""
    root = JustHTML(html, fragment=True, sanitize=False)
    found = {node.attrs.get("href") for node in root.query("a[href]")}
    found |= {node.attrs.get("src") for node in root.query("img[src]")}
    return {
        url
        for url in found
        if url and (":" not in url.split("/")[0] or url.startswith(KEPT_SCHEMES))
    }


def lost(served: Sequence[str]) -> list[tuple[int, str]]:
    """Known-good snippets whose words, links or images did not come back."""
    back = {
        index: piece for region in served for index, piece in pieces(region).items()
    }
    problems = []
    for index, snippet in enumerate(payloads("oracle_known_good.txt")):
        piece = back.get(index, "")
        if not text_kept(snippet, piece) or not targets(snippet) <= targets(piece):
            problems.append((index, snippet))
    return problems


# -- every payload through the short fields, plain text back ---------------------------

#: Short fields (titles, names, captions: under 5,000 characters) get every 8th payload
#: in ``make test`` and every payload under ``make fuzz`` (the ``fuzz`` marker).
SHORT_STEP = 8


def steps() -> list[Any]:
    """Parameters for a short-field test: the ``make test`` sample, then all (fuzz)."""
    return [
        pytest.param(SHORT_STEP, id=f"every{SHORT_STEP}"),
        pytest.param(1, marks=pytest.mark.fuzz, id="all"),
    ]


def every(step: int) -> list[tuple[int, str]]:
    return sendable()[::step]


def indices_of(items: Iterable[tuple[int, str]] | Iterable[Batch]) -> list[int]:
    """The corpus indices of payloads or of batches."""
    found: list[int] = []
    for item in items:
        found.extend(item.indices if isinstance(item, Batch) else [item[0]])
    return found


def cut(items: Sequence[tuple[int, str]], limit: int) -> list[tuple[int, str]]:
    """Each payload cut so that, with its marker, it fits a field of ``limit``
    characters on its own (as :func:`packed` cuts them for one-line fields)."""
    return [(index, item[: limit - 20]) for index, item in items]


def text_at(found: Sequence[Batch], n: int, default: str = "") -> str:
    return found[n].text if n < len(found) else default


def one_line(text: str) -> str:
    """Whitespace collapsed, as the services clean one-line fields."""
    return " ".join(text.split())


def text_verdict(html: str) -> tuple[str, ...]:
    """:func:`verdict`, skipping the oracle for a piece with no ``<``: cut from a parsed
    and re-serialised region, such a piece holds no element and no comment, and the
    oracle only finds elements, their attributes and comments (escaped text, the
    common case in plain-text fields, costs nothing then)."""
    return () if "<" not in html else verdict(html)


def judge(
    where: str,
    page: str,
    selectors: Sequence[str],
    expected: Iterable[int],
    sent: Iterable[str] = (),
    *,
    outer: bool = False,
    attribute: str = "",
) -> list[Finding]:
    """:func:`check` over the elements of ``page`` matching ``selectors`` (parsed once),
    plus, for the plain texts ``sent``, each must be shown whole: as an element's text,
    or with ``attribute`` as that attribute's value."""
    root = JustHTML(page, sanitize=False)
    nodes = [node for selector in selectors for node in root.query(selector)]
    served = [
        to_html(node, pretty=False)
        if outer
        else "".join(to_html(child, pretty=False) for child in node.children)
        for node in nodes
    ]
    findings = judged_pieces(where, served, expected)
    shown = [
        one_line(node.attrs.get(attribute) or "" if attribute else node.to_text())
        for node in nodes
    ]
    wanted = {one_line(text) for text in sent if text.strip()}
    lost = sorted(text for text in wanted if not any(text in s for s in shown))
    if lost:
        findings.append(Finding(where, None, (f"not shown whole: {lost[:3]!r:.300}",)))
    return findings


def judged_pieces(
    where: str, served: Sequence[str], expected: Iterable[int]
) -> list[Finding]:
    """:func:`check` with :func:`text_verdict`."""
    findings: list[Finding] = []
    seen: set[int] = set()
    for region in served:
        for index, piece in pieces(region).items():
            seen.add(index)
            if found := text_verdict(piece):
                findings.append(Finding(where, index, found))
    missing = sorted(set(expected) - seen)
    if missing:
        findings.append(Finding(where, None, (f"markers not served: {missing[:20]}",)))
    return findings


@contextmanager
def site_with(
    folder: Path, database_url: str | None, extra: Sequence[object]
) -> Iterator[Site]:
    """:func:`site` with ``extra`` plugin objects registered after the bundled ones."""
    app = create_app(
        make_config(folder, database_url), plugins=[*all_plugins(), *extra]
    )
    app.test_client_class = IsolatedClient
    engine = app.extensions["etwincms"].db.engine
    create_schema(engine)
    try:
        with app.test_request_context("/"):
            session = get_session()
            space = testing.space.__wrapped__(session, Factory(session))
            _token, secret = tokens.create_token(
                session, space.users["admin"], name="xss", scopes=["read", "write"]
            )
            commit(session)
        client = app.test_client()
        browser = RoleClient(client, AuthActions(client), space.users)
        browser.login("admin")
        yield Site(app, space, browser, secret)
    finally:
        if database_url:
            empty_tables(engine)
        engine.dispose()
