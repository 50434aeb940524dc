"""The XSS suite over the short fields, the imports and the plugins' JSON API writes.

Glossary terms, definitions and examples (by form, CSV import and TBX import), survey
titles, questions and options, gallery album descriptions, captions and alt texts, and
material names are plain text the templates escape; they get the corpus as their length
allows (see the module's constants), and the pages showing them are read back and judged
by the oracle. The forum, blog and wiki API writes answer rendered ``html``: those get
the whole corpus.
"""

from __future__ import annotations

import io
from collections.abc import Iterator

import pytest

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


def glossary_records() -> list[Record]:
    """Concepts whose terms are the sample and whose definitions are the whole corpus."""
    terms = packed(SAMPLE, 200)
    definitions = batches(EVERYTHING, 5000)
    count = max(len(terms), len(definitions))
    return [
        Record(
            terms={
                "en": TermInput(text_of(terms, n, f"term{n}"), text_of(definitions, n))
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
    records = glossary_records()
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
