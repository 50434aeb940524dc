"""The XSS suite over the JSON API writes of the glossary, embed, gallery and survey.

Each create and update operation gets the corpus: all of it through the long texts
(embed and survey descriptions, glossary definitions and examples, survey free-text
answers) and, through the short fields (titles, terms, categories, captions, alt texts),
every 8th payload in ``make test`` and all of them under ``make fuzz``. The OpenAPI
document describes every one of these fields as a plain string (none is HTML), so each
answer must carry back the very text sent, as the service cleans it (whitespace
collapsed or stripped); then the pages showing them are read back, judged by the oracle
payload by payload, and must show each text whole (:func:`xss_paths.judge`).
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from PIL import Image

from etwincms.db import commit, get_session
from etwincms.models import Project, User
from etwincms_survey import services as survey_services
from tests.security import xss_paths
from tests.security.xss_paths import (
    Batch,
    Finding,
    Site,
    batches,
    cut,
    every,
    indices_of,
    judge,
    one_line,
    packed,
    text_at,
)

EVERYTHING = xss_paths.sendable()
YOUTUBE = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
STEPS = pytest.mark.parametrize("step", xss_paths.steps())


@pytest.fixture(scope="module")
def site(
    tmp_path_factory: pytest.TempPathFactory, database_url: str | None
) -> Iterator[Site]:
    with xss_paths.site(tmp_path_factory.mktemp("xss-api-w"), database_url) as built:
        # Deployments with several web processes leave the search index to a worker;
        # here nothing reads it, and each new embed or concept would re-index the
        # plugin's whole library (quadratic in what this suite writes).
        built.app.config["SEARCH_DRAIN"] = "worker"
        # One token sends thousands of writes under `make fuzz`; the limit has its own
        # tests (tests/api).
        built.app.config["API_RATE_LIMIT"] = "100000 per minute"
        yield built


def call(site: Site, method: str, path: str, data: dict, etag: str = "") -> Any:
    """One API call as the admin; the answer must be a success (201 for POST).

    ``etag`` ``*`` (RFC 9110's "any version") updates what this test just made without
    reading it first."""
    headers = {"If-Match": etag} if etag else {}
    answer = site.api(method, path, json=data, headers=headers)
    expected = 201 if method == "POST" else 200
    assert answer.status_code == expected, (path, answer.status_code, answer.get_json())
    return answer


def strip(text: str) -> str:
    return text.strip()


def plain_back(
    where: str,
    sent: dict[str, str],
    got: dict[str, Any],
    clean: Callable[[str], str] = one_line,
) -> list[Finding]:
    """Fields the API did not answer with the text sent (as ``clean`` leaves it)."""
    return [
        Finding(where, None, (f"{name} came back changed: {got.get(name)!r:.120}",))
        for name, text in sent.items()
        if got.get(name) != clean(text)
    ]


def rotated(found: list[Batch]) -> list[Batch]:
    """The batches again, each moved to the previous object: an update changes text."""
    return found[1:] + found[:1]


def space_path(site: Site, path: str) -> str:
    return f"/s/{site.slug}/-/{path}"


def embed_list(site: Site, titles: list[Batch]) -> list[Finding]:
    """The library, which lists the newest 200 embeds, shows each of ``titles``."""
    listing = site.get(space_path(site, "embed/"))
    shown = [t.text for t in titles]
    spots = ["section.embed-item h2"]
    return judge("embed list", listing, spots, indices_of(titles), shown)


@STEPS
def test_embed_api(site: Site, step: int) -> None:
    titles, descriptions = packed(every(step), 200), batches(EVERYTHING, 5000)
    findings: list[Finding] = []
    items: list[tuple[int, str]] = []
    for n in range(max(len(titles), len(descriptions))):
        title = {"title": text_at(titles, n, f"embed {n}")}
        text = {"description": text_at(descriptions, n)}
        answer = call(site, "POST", "/embed/items", title | text | {"url": YOUTUBE})
        findings += plain_back("embed api create", title, answer.get_json())
        findings += plain_back("embed api create", text, answer.get_json(), strip)
        items.append((answer.get_json()["id"], answer.headers["ETag"]))
        if len(items) % 150 == 0 or len(items) == len(titles):
            start = (len(items) - 1) // 150 * 150
            findings += embed_list(site, titles[start : len(items)])
    # The update sends every description again, each to another embed.
    for (item, etag), batch in zip(items, rotated(descriptions), strict=False):
        text = {"description": batch.text}
        answer = call(site, "PATCH", f"/embed/items/{item}", text, etag)
        findings += plain_back("embed api update", text, answer.get_json(), strip)
        page = site.get(space_path(site, f"embed/e/{item}"))
        findings += judge("embed page", page, ["main > p"], batch.indices)
    assert findings == []


@STEPS
def test_glossary_api(site: Site, step: int) -> None:
    terms, categories = packed(every(step), 200), packed(every(step), 100)
    long = packed(EVERYTHING, 5000)
    findings: list[Finding] = []
    concepts: list[tuple[int, str]] = []
    for n in range(max(len(terms), len(categories), len(long))):
        term = {"text": text_at(terms, n, f"term {n}"), "definition": text_at(long, n)}
        sent = {"terms": {"en": term}, "category": text_at(categories, n)}
        answer = call(site, "POST", "/glossary/concepts", sent)
        got = answer.get_json()
        findings += plain_back("glossary api", term, got["terms"][0])
        findings += plain_back("glossary api", {"category": sent["category"]}, got)
        concepts.append((got["id"], answer.headers["ETag"]))
    # The update adds every example: each concept gets the next concept's batch.
    for n, (concept, etag) in enumerate(concepts[: len(long)]):
        term = {
            "text": text_at(terms, n, f"term {n}"),
            "definition": long[n].text,
            "example": long[(n + 1) % len(long)].text,
        }
        answer = call(
            site,
            "PATCH",
            f"/glossary/concepts/{concept}",
            {"terms": {"en": term}},
            etag,
        )
        got = answer.get_json()["terms"][0]
        findings += plain_back("glossary api update", term, got)
    printed = site.get(space_path(site, "glossary/print"))
    sent_texts = [t.text for t in [*terms, *long]]
    findings += judge(
        "glossary print",
        printed,
        ["article.glossary-print td"],
        indices_of([*terms, *long]),
        sent_texts,
    )
    index = site.get(space_path(site, "glossary/"))
    findings += judge(
        "glossary categories",
        index,
        ["select#glossary-category option"],
        indices_of(categories),
        [c.text for c in categories],
    )
    assert findings == []


def png() -> io.BytesIO:
    image = io.BytesIO()
    Image.new("RGB", (8, 8), "green").save(image, "PNG")
    image.seek(0)
    return image


@STEPS
def test_gallery_api(site: Site, step: int) -> None:
    titles, descriptions = (
        packed(every(step), 200),
        batches(cut(every(step), 1000), 1000),
    )
    findings: list[Finding] = []
    albums: list[tuple[int, str]] = []
    for n in range(max(len(titles), len(descriptions))):
        title = {"title": text_at(titles, n, f"album {n}")}
        text = {"description": text_at(descriptions, n)}
        fields = title | text | {"visibility": "members"}
        answer = call(site, "POST", "/gallery/albums", fields)
        findings += plain_back("gallery api album", title, answer.get_json())
        findings += plain_back("gallery api album", text, answer.get_json(), strip)
        albums.append((answer.get_json()["id"], answer.headers["ETag"]))
    index = site.get(space_path(site, "gallery/"))
    findings += judge(
        "gallery index",
        index,
        ["span.gallery-album-title"],
        indices_of(titles),
        [t.text for t in titles],
    )
    findings += album_updates(site, albums, descriptions)
    album = albums[0][0]
    findings += item_updates(site, album, packed(every(step), 500), descriptions)
    assert findings == []


def album_updates(
    site: Site, albums: list[tuple[int, str]], descriptions: list[Batch]
) -> list[Finding]:
    """Every description again through the albums' update, each album page read back."""
    findings: list[Finding] = []
    for (album, etag), batch in zip(albums, rotated(descriptions), strict=False):
        text = {"description": batch.text}
        answer = call(site, "PATCH", f"/gallery/albums/{album}", text, etag)
        findings += plain_back(
            "gallery api album update", text, answer.get_json(), strip
        )
        page = site.get(space_path(site, f"gallery/a/{album}"))
        findings += judge("gallery album", page, ["main > p"], batch.indices)
    return findings


def every_item(site: Site, path: str) -> list[dict[str, Any]]:
    """Every item of a listing, page after page."""
    found, cursor = [], ""
    while True:
        listed = site.api("GET", f"{path}?limit=100{cursor}").get_json()
        found += listed["items"]
        if not listed["next_cursor"]:
            return found
        cursor = f"&cursor={listed['next_cursor']}"


def item_updates(
    site: Site, album: int, alts: list[Batch], captions: list[Batch]
) -> list[Finding]:
    """Photos (one through the API, the rest in one form), an alt text and a caption
    for each through the API's update, then the album's grid, which carries both in
    attributes (for the lightbox) and the caption as text."""
    count = max(len(alts), len(captions))
    answer = site.api(
        "POST", f"/gallery/albums/{album}/items", data={"file": (png(), "first.png")}
    )
    assert answer.status_code == 201, answer.get_json()
    upload = space_path(site, f"gallery/a/{album}/upload")
    for start in range(1, count, 40):  # the form takes a few dozen files at a time
        photos = [
            (png(), f"photo{n}.png") for n in range(start, min(start + 40, count))
        ]
        sent = site.post(upload, {"file": photos}, content_type="multipart/form-data")
        assert sent.status_code == 302, sent.status_code
    findings: list[Finding] = []
    items = every_item(site, f"/gallery/albums/{album}/items")
    assert len(items) == count
    for n, item in enumerate(items):
        alt = {"alt_text": text_at(alts, n)}
        caption = {"caption": text_at(captions, n)}
        answer = call(site, "PATCH", f"/gallery/items/{item['id']}", alt | caption, "*")
        findings += plain_back("gallery api item", alt, answer.get_json())
        findings += plain_back("gallery api item", caption, answer.get_json(), strip)
    page = site.get(space_path(site, f"gallery/a/{album}"))
    findings += judge(
        "gallery api alt",
        page,
        ["ul.gallery-grid a"],
        indices_of(alts),
        [a.text for a in alts],
        outer=True,
        attribute="data-alt",
    )
    return findings + judge(
        "gallery api caption",
        page,
        ["p.gallery-caption"],
        indices_of(captions),
        [c.text for c in captions],
    )


def new_surveys(site: Site, count: int, questions: list[dict[str, Any]]) -> list[int]:
    """Surveys made through the service (the API has no create); the first is open,
    with ``questions``."""
    with site.app.test_request_context("/"):
        session = get_session()
        admin = session.get(User, site.space.users["admin"].id)
        project = session.get(Project, site.space.project.id)
        made = [
            survey_services.create_survey(session, admin, project, title=f"Survey {n}")
            for n in range(count)
        ]
        survey_services.update_survey(
            session, admin, project, made[0], questions=questions
        )
        survey_services.set_status(session, admin, project, made[0], "open")
        commit(session)
        return [survey.id for survey in made]


@STEPS
def test_survey_api(site: Site, step: int) -> None:
    long, titles = batches(EVERYTHING, 5000), packed(every(step), 200)
    questions = [
        {"key": f"q{n}", "type": "long", "text": {"en": f"Question {n}"}}
        for n in range(len(long))
    ]
    surveys = new_surveys(site, max(len(long), len(titles)), questions)
    # Free-text answers: the whole corpus in one response, read back on the results.
    answers = {f"q{n}": batch.text for n, batch in enumerate(long)}
    call(site, "POST", f"/survey/surveys/{surveys[0]}/responses", {"answers": answers})
    results = site.get(space_path(site, f"survey/{surveys[0]}/results"))
    findings = judge(
        "survey answers",
        results,
        ["ul.survey-texts li"],
        indices_of(long),
        [b.text for b in long],
    )
    for n, survey in enumerate(surveys):
        title = {"title": text_at(titles, n, f"Survey {n}")}
        text = {"description": text_at(long, n)}
        answer = call(site, "PATCH", f"/survey/surveys/{survey}", title | text, "*")
        findings += plain_back("survey api", title, answer.get_json())
        findings += plain_back("survey api", text, answer.get_json(), strip)
        if n < len(long):
            page = site.get(space_path(site, f"survey/{survey}"))
            findings += judge("survey page", page, ["main > p"], long[n].indices)
    index = site.get(space_path(site, "survey/"))
    findings += judge(
        "survey list", index, ["main"], indices_of(titles), [t.text for t in titles]
    )
    assert findings == []


def test_the_checks_would_catch_markup_or_changed_text() -> None:
    page = (
        "<main><h1>xssmark0001x &lt;b&gt; xssmark0002x <img src=x onerror=alert(1)></h1>"
        '<p title="xssmark0003x "></p><p>xssmark0004x a</p></main>'
    )
    sent = ["xssmark0001x <b>", "xssmark0004x a</p><p>b"]
    findings = judge("self-test", page, ["h1", "p"], [1, 2, 3, 5], sent)
    assert [f.index for f in findings] == [2, None, None]
    assert "5" in findings[1].problems[0] and "</p><p>b" in findings[2].problems[0]
    changed = plain_back("self-test", {"title": " a  b", "x": "c"}, {"title": "a b"})
    assert [f.problems[0][:1] for f in changed] == ["x"]
