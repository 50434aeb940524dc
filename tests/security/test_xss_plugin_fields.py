"""The XSS suite over the short fields, the imports and the plugins' JSON API writes.

Glossary terms, definitions and examples (by form, CSV import and TBX import), survey
titles, questions and options, gallery album descriptions, captions and alt texts, and
material names are plain text the templates escape; they get the corpus as their length
allows (see the module's constants), and the pages showing them are read back and judged
by the oracle. The JSON API writes are in ``test_xss_plugin_api``.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator

import pytest
from PIL import Image

from etwincms_glossary import csvfile, tbx
from etwincms_glossary.records import Record
from etwincms_glossary.services import TermInput
from tests.security import xss_paths
from tests.security.xss_paths import (
    Batch,
    Finding,
    Site,
    batches,
    check,
    packed,
    regions,
)

EVERYTHING = xss_paths.sendable()
SAMPLE = EVERYTHING[::32]


def indices(items: list[tuple[int, str]]) -> list[int]:
    return [index for index, _payload in items]


@pytest.fixture(scope="module")
def site(
    tmp_path_factory: pytest.TempPathFactory, database_url: str | None
) -> Iterator[Site]:
    with xss_paths.site(tmp_path_factory.mktemp("xss-fields"), database_url) as built:
        yield built


def redirected(site: Site, path: str, form: dict, **kwargs: object) -> str:
    answer = site.post(path, form, **kwargs)
    assert answer.status_code == 302, (path, answer.status_code)
    return answer.location


def glossary_records(kind: str) -> list[Record]:
    """Concepts whose terms are the sample and whose definitions are the whole corpus.

    Terms start with ``kind``: an import completes the concepts whose terms it knows.
    """
    terms = [Batch(t.indices, f"{kind} {t.text}") for t in packed(SAMPLE, 190)]
    definitions = batches(EVERYTHING, 5000)
    count = max(len(terms), len(definitions))
    return [
        Record(
            terms={
                "en": TermInput(
                    text_of(terms, n, f"{kind} term{n}"), text_of(definitions, n)
                )
            }
        )
        for n in range(count)
    ]


def text_of(found: list[Batch], n: int, default: str = "") -> str:
    return found[n].text if n < len(found) else default


def glossary_served(site: Site) -> list[str]:
    """The printable glossary: every concept with its terms and definitions."""
    return regions(
        site.get(f"/s/{site.slug}/-/glossary/print"), ["article.glossary-print"]
    )


# The form first: every new concept re-indexes the glossary, cheaper while it is small.
def test_glossary_form(site: Site) -> None:
    findings: list[Finding] = []
    examples = batches(SAMPLE, 5000)
    for n, term in enumerate(packed(SAMPLE, 200)):
        form = {
            "term-en": term.text,
            "definition-en": term.text,
            "example-en": text_of(examples, n),
        }
        concept = site.get(redirected(site, f"/s/{site.slug}/-/glossary/new", form))
        findings += check(
            "glossary form", regions(concept, ["title", "main section"]), term.indices
        )
    assert findings == []


@pytest.mark.parametrize("kind", ["csv", "tbx"])
def test_glossary_imports(site: Site, kind: str) -> None:
    records = glossary_records(kind)
    data = (
        csvfile.export(records, ["en"]).encode()
        if kind == "csv"
        else tbx.export(records, title="xss", language="en")
    )
    form = {"file": (io.BytesIO(data), f"glossary.{kind}")}
    redirected(
        site,
        f"/s/{site.slug}/-/glossary/import",
        form,
        content_type="multipart/form-data",
    )
    assert check(f"glossary {kind}", glossary_served(site), indices(EVERYTHING)) == []


def one_line(items: list[tuple[int, str]]) -> str:
    """Survey options: one payload a line (the builder splits the field at line ends)."""
    return "\n".join(
        f"xssmark{index:04d}x {' '.join(item.split())}"[:1000] for index, item in items
    )


def test_survey_texts(site: Site) -> None:
    base = f"/s/{site.slug}/-/survey"
    titles = packed(SAMPLE, 200)
    form = {"title": titles[0].text, "description": batches(SAMPLE[:8], 1000)[0].text}
    survey = redirected(site, f"{base}/new", form)
    for n, question in enumerate(titles):
        options = one_line(SAMPLE[n * 30 : n * 30 + 30]) or "yes"
        fields = {"type": "single", "text-en": question.text, "options-en": options}
        redirected(site, f"{survey}/questions", fields)
    findings = check("survey", regions(site.get(survey), SURVEY_SPOTS), indices(SAMPLE))
    redirected(site, f"{survey}/status", {"status": "open"})
    answer = regions(site.get(f"{survey}/answer"), ["main legend", "main label"])
    assert findings + check("survey answer", answer, indices(SAMPLE)) == []


SURVEY_SPOTS = ["title", "main h1", "main > p", "ol.survey-questions strong"]


def png() -> io.BytesIO:
    image = io.BytesIO()
    Image.new("RGB", (8, 8), "green").save(image, "PNG")
    image.seek(0)
    return image


def test_gallery_texts(site: Site) -> None:
    form = {"title": "Album", "description": batches(SAMPLE[:8], 1000)[0].text}
    album = redirected(
        site, f"/s/{site.slug}/-/gallery/new", form | {"visibility": "members"}
    )
    alts, captions = packed(SAMPLE, 500), batches(SAMPLE, 1000)
    photos = [(png(), f"photo{n}.png") for n in range(max(len(alts), len(captions)))]
    upload = f"{album}/upload"
    redirected(site, upload, {"file": photos}, content_type="multipart/form-data")
    items = re.findall(r'<li id="item-(\d+)"', site.get(album))
    for n, item in enumerate(items):
        fields = {"alt_text": text_of(alts, n), "caption": text_of(captions, n)}
        redirected(site, f"/s/{site.slug}/-/gallery/i/{item}/edit", fields)
    page = site.get(album)
    # The grid's links carry the alt text and caption in attributes (for the lightbox).
    served = regions(page, ["main > p"]) + regions(
        page, ["ul.gallery-grid a", "p.gallery-caption"], outer=True
    )
    assert check("gallery", served, indices(SAMPLE)) == []


def test_material_names(site: Site) -> None:
    upload = {"file": (io.BytesIO(b"notes"), "notes.txt")}
    library = f"/s/{site.slug}/-/materials"
    redirected(site, library, upload, content_type="multipart/form-data")
    material = re.search(r"/-/materials/(\d+)", site.get(library)).group(1)
    findings: list[Finding] = []
    for batch in packed(SAMPLE, 255):
        detail = redirected(site, f"{library}/{material}/rename", {"name": batch.text})
        spots = ["title", "h1.material-title"]
        # Names are cleaned as file names (the part after the last "/"), so markers may
        # go: each region is judged whole.
        findings += check(
            "material name", regions(site.get(detail), spots), (), whole=True
        )
    assert findings == []
