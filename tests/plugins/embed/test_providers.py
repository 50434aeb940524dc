"""Share URLs to embed URLs, table-driven and without any network call.

Each provider's documented share-URL forms map to its embed URL; ``javascript:`` and
``data:`` URLs, ``http:``, user-info tricks, look-alike hosts and punycode homographs
are refused, so they never become frames.
"""

from __future__ import annotations

import pytest

from etwincms_embed.parsing import recognise
from etwincms_embed.providers import BUILT_IN, provider_from

YT = "https://www.youtube-nocookie.com/embed/aqz-KE-bpKQ"
GDOC = "1AbCdEfGhIjKlMnOpQrStUvWxYz0123456789"
GENIALLY = "5f1a2b3c4d5e6f7a8b9c0d1e"
SKETCH = "0123456789abcdef0123456789abcdef"
MSFORM = "DQSIkWdsW0yxEjajBLZtrQAAAAAAAAAAAAZ__abc123"

CASES = [
    ("youtube", "https://www.youtube.com/watch?v=aqz-KE-bpKQ", YT),
    ("youtube", "https://www.youtube.com/watch?v=aqz-KE-bpKQ&t=42s&list=PL1", YT),
    ("youtube", "https://youtube.com/watch?v=aqz-KE-bpKQ", YT),
    ("youtube", "https://m.youtube.com/watch?v=aqz-KE-bpKQ", YT),
    ("youtube", "https://youtu.be/aqz-KE-bpKQ", YT),
    ("youtube", "https://youtu.be/aqz-KE-bpKQ?si=abc&t=10", YT),
    ("youtube", "https://www.youtube.com/embed/aqz-KE-bpKQ", YT),
    ("youtube", "https://www.youtube.com/shorts/aqz-KE-bpKQ", YT),
    ("youtube", "https://www.youtube.com/live/aqz-KE-bpKQ", YT),
    ("youtube", "https://www.youtube-nocookie.com/embed/aqz-KE-bpKQ", YT),
    (
        "vimeo",
        "https://vimeo.com/76979871",
        "https://player.vimeo.com/video/76979871?dnt=1",
    ),
    (
        "vimeo",
        "https://vimeo.com/76979871/8a2b3c4d5e",
        "https://player.vimeo.com/video/76979871?h=8a2b3c4d5e&dnt=1",
    ),
    (
        "vimeo",
        "https://player.vimeo.com/video/76979871",
        "https://player.vimeo.com/video/76979871?dnt=1",
    ),
    (
        "padlet",
        "https://padlet.com/mrsgarcia/our-farm-wall-abc123xyz9",
        "https://padlet.com/embed/abc123xyz9",
    ),
    (
        "padlet",
        "https://padlet.com/embed/abc123xyz9",
        "https://padlet.com/embed/abc123xyz9",
    ),
    (
        "genially",
        f"https://view.genial.ly/{GENIALLY}/interactive-farm",
        f"https://view.genial.ly/{GENIALLY}",
    ),
    (
        "genially",
        f"https://view.genial.ly/{GENIALLY}",
        f"https://view.genial.ly/{GENIALLY}",
    ),
    (
        "google_docs",
        f"https://docs.google.com/document/d/{GDOC}/edit?usp=sharing",
        f"https://docs.google.com/document/d/{GDOC}/preview",
    ),
    (
        "google_docs",
        f"https://docs.google.com/document/d/e/{GDOC}/pub",
        f"https://docs.google.com/document/d/e/{GDOC}/pub?embedded=true",
    ),
    (
        "google_docs",
        f"https://docs.google.com/spreadsheets/d/{GDOC}/edit#gid=0",
        f"https://docs.google.com/spreadsheets/d/{GDOC}/preview",
    ),
    (
        "google_slides",
        f"https://docs.google.com/presentation/d/{GDOC}/edit?usp=sharing",
        f"https://docs.google.com/presentation/d/{GDOC}/embed",
    ),
    (
        "google_slides",
        f"https://docs.google.com/presentation/d/e/{GDOC}/pub?start=false",
        f"https://docs.google.com/presentation/d/e/{GDOC}/embed",
    ),
    (
        "google_forms",
        f"https://docs.google.com/forms/d/e/{GDOC}/viewform?usp=sf_link",
        f"https://docs.google.com/forms/d/e/{GDOC}/viewform?embedded=true",
    ),
    (
        "microsoft_forms",
        "https://forms.office.com/r/Ab12Cd34Ef",
        "https://forms.office.com/r/Ab12Cd34Ef?embed=true",
    ),
    (
        "microsoft_forms",
        f"https://forms.office.com/Pages/ResponsePage.aspx?id={MSFORM}",
        f"https://forms.office.com/Pages/ResponsePage.aspx?id={MSFORM}&embed=true",
    ),
    ("h5p", "https://h5p.org/node/1234", "https://h5p.org/h5p/embed/1234"),
    ("h5p", "https://h5p.org/h5p/embed/1234", "https://h5p.org/h5p/embed/1234"),
    (
        "learningapps",
        "https://learningapps.org/1234567",
        "https://learningapps.org/watch?app=1234567",
    ),
    (
        "learningapps",
        "https://learningapps.org/view1234567",
        "https://learningapps.org/watch?app=1234567",
    ),
    (
        "learningapps",
        "https://learningapps.org/watch?v=pk7ytbx3j20",
        "https://learningapps.org/watch?v=pk7ytbx3j20",
    ),
    (
        "canva",
        "https://www.canva.com/design/DAFabc1234/Xyz_abc-123/view?utm_content=x",
        "https://www.canva.com/design/DAFabc1234/Xyz_abc-123/view?embed",
    ),
    (
        "miro",
        "https://miro.com/app/board/uXjVOabc123=/",
        "https://miro.com/app/live-embed/uXjVOabc123=/",
    ),
    (
        "wakelet",
        "https://wakelet.com/wake/AbCdEfGhIj12",
        "https://embed.wakelet.com/wakes/AbCdEfGhIj12/grid",
    ),
    (
        "sketchfab",
        f"https://sketchfab.com/3d-models/old-tractor-{SKETCH}",
        f"https://sketchfab.com/models/{SKETCH}/embed",
    ),
    (
        "scratch",
        "https://scratch.mit.edu/projects/123456789/",
        "https://scratch.mit.edu/projects/123456789/embed",
    ),
    (
        "geogebra",
        "https://www.geogebra.org/m/abc123XY",
        "https://www.geogebra.org/material/iframe/id/abc123XY",
    ),
]

REFUSED = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(document.cookie)//https://www.youtube.com/watch?v=aqz-KE-bpKQ",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "http://www.youtube.com/watch?v=aqz-KE-bpKQ",
    "https://www.youtube.com.evil.example/watch?v=aqz-KE-bpKQ",
    "https://youtube.com.evil.example/watch?v=aqz-KE-bpKQ",
    "https://youtube.com@evil.example/watch?v=aqz-KE-bpKQ",
    "https://user:pass@www.youtube.com/watch?v=aqz-KE-bpKQ",
    "https://evil.example\\@www.youtube.com/watch?v=aqz-KE-bpKQ",
    "https://xn--yutube-wqf.com/watch?v=aqz-KE-bpKQ",
    "https://www.xn--youtub-cta.com/watch?v=aqz-KE-bpKQ",
    "https://www.y\u043eutube.com/watch?v=aqz-KE-bpKQ",  # a Cyrillic o, spelled out
    "https://www.youtube.com:8443/watch?v=aqz-KE-bpKQ",
    "https://www.youtube.com./watch?v=aqz-KE-bpKQ",
    "https://evilyoutube.com/watch?v=aqz-KE-bpKQ",
    "//www.youtube.com/watch?v=aqz-KE-bpKQ",
    'https://www.youtube.com/watch?v=aqz"onload=x',
    "https://www.youtube.com/watch?v=../../evil",
    "https://www.youtube.com/watch?v=aqz-KE-bpKQ extra",
    "https://padlet.com.evil.example/embed/abc123xyz9",
    "https://docs.google.com.evil.example/document/d/" + GDOC + "/edit",
    "https://vimeo.com/76979871/../../evil",
    "https://forms.gle/abc123",  # a redirect: only the network knows where it goes
    "",
]


@pytest.mark.parametrize(("name", "share", "embed"), CASES)
def test_each_share_url_form_maps_to_the_providers_embed_url(
    name: str, share: str, embed: str
) -> None:
    found = recognise(share, BUILT_IN)
    assert found is not None
    assert (found.provider.name, found.embed_url) == (name, embed)


@pytest.mark.parametrize("url", REFUSED)
def test_unsafe_and_look_alike_urls_are_refused(url: str) -> None:
    assert recognise(url, BUILT_IN) is None


def test_every_built_in_provider_has_a_case() -> None:
    assert {provider.name for provider in BUILT_IN} == {name for name, _, _ in CASES}


def test_a_provider_only_answers_with_its_own_embed_host() -> None:
    rogue = provider_from(
        {
            "name": "rogue",
            "label": "Rogue",
            "hosts": ["tool.example"],
            "embed_host": "tool.example",
            "convert": lambda url: "https://evil.example/x",
        }
    )
    assert recognise("https://tool.example/share/1", [rogue]) is None


@pytest.mark.parametrize(
    "fields",
    [
        {"name": "Bad Name", "hosts": ["tool.example"], "embed_host": "tool.example"},
        {"name": "tool", "hosts": ["xn--tl-6ka.example"], "embed_host": "tool.example"},
        {"name": "tool", "hosts": ["tool.example"], "embed_host": "tool.example/path"},
    ],
)
def test_other_plugins_providers_are_checked(fields: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        provider_from({**fields, "label": "Tool", "convert": lambda url: None})
