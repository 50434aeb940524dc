"""The link rewriter on its own: each kind of link and resource, and hostile markup."""

from __future__ import annotations

import pytest

from etwincms.export.links import LinkTable, rewrite
from etwincms.export.paths import clean_path, relative, resolve, unique_path

TABLE = LinkTable(
    pages={
        "/s/space/about": "pages/about.html",
        "/s/space/-/blog/first": "blog/first.html",
    },
    files=frozenset(
        {
            "pages/about.html",
            "blog/first.html",
            "blog/pic.png",
            "files/1-a.pdf",
            "index.html",
        }
    ),
    own_hosts=frozenset({"school.example"}),
)


def out(html: str, page: str = "blog/first.html") -> str:
    return rewrite(html, TABLE, page)


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ('<a href="/s/space/about">A</a>', '<a href="../pages/about.html">A</a>'),
        ('<a href="/s/space/about/">A</a>', '<a href="../pages/about.html">A</a>'),
        ('<a href="/s/space/about#x">A</a>', '<a href="../pages/about.html#x">A</a>'),
        (
            '<a href="https://school.example/s/space/about">A</a>',
            '<a href="../pages/about.html">A</a>',
        ),
        ('<a href="/s/space/members-only">Secret</a>', "Secret"),
        ('<a href="https://school.example/s/space/x">X</a>', "X"),
        ('<a href="pic.png">P</a>', '<a href="pic.png">P</a>'),
        ('<a href="../index.html">Home</a>', '<a href="../index.html">Home</a>'),
        ('<a href="../../etc/passwd">No</a>', "No"),
        ('<a href="#top">Top</a>', '<a href="#top">Top</a>'),
        ('<a href="javascript:alert(1)">J</a>', "J"),
        (
            '<a href="https://other.example/p" rel="nofollow" target="_blank">O</a>',
            '<a href="https://other.example/p" rel="noopener noreferrer">O</a>',
        ),
        (
            '<a href="mailto:team@school.example">M</a>',
            '<a href="mailto:team@school.example" rel="noopener noreferrer">M</a>',
        ),
        ('<a id="here">Anchor</a>', '<a id="here">Anchor</a>'),
    ],
)
def test_links(html: str, expected: str) -> None:
    assert out(html) == expected


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ('<img src="pic.png" alt="P">', '<img src="pic.png" alt="P">'),
        ('<img src="/s/space/-/materials/9/x.png" alt="Gone">', "Gone"),
        (
            '<img src="https://cdn.example/x.png" alt="Far">',
            '<a href="https://cdn.example/x.png" rel="noopener noreferrer">Far</a>',
        ),
        (
            '<img src="//cdn.example/x.png">',
            '<a href="//cdn.example/x.png" rel="noopener noreferrer">//cdn.example/x.png</a>',
        ),
        (
            '<img src="pic.png" srcset="https://cdn.example/2x.png 2x">',
            '<img src="pic.png">',
        ),
        (
            '<iframe src="https://video.example/e/1" title="Film">fallback</iframe>after',
            '<a href="https://video.example/e/1" rel="noopener noreferrer">Film</a>after',
        ),
        (
            '<embed src="https://x.example/f.swf">',
            '<a href="https://x.example/f.swf" rel="noopener noreferrer">https://x.example/f.swf</a>',
        ),
        ('<object data="/s/space/secret"><p>in</p></object>ok', "ok"),
        ('<script src="https://x.example/a.js"></script>ok', "ok"),
        ("<style>@import url(https://x.example/a.css);</style>ok", "ok"),
        ('<link rel="stylesheet" href="https://x.example/a.css">ok', "ok"),
        ('<p style="background:url(https://x.example/t.gif)">S</p>', "<p>S</p>"),
        ('<p style="color: red" onclick="x()">S</p>', '<p style="color: red">S</p>'),
        (
            '<video src="https://x.example/v.mp4" poster="pic.png">no video</video>ok',
            '<a href="https://x.example/v.mp4" rel="noopener noreferrer">https://x.example/v.mp4</a>ok',
        ),
        (
            '<video controls><source src="https://x.example/v.mp4">text</video>',
            '<video controls><a href="https://x.example/v.mp4" rel="noopener noreferrer">'
            "https://x.example/v.mp4</a>text</video>",
        ),
        (
            '<video controls><source src="/s/space/secret.mp4">text</video>',
            "<video controls>text</video>",
        ),
        (
            '<a href="https://x.example" ping="https://t.example">P</a>',
            '<a href="https://x.example" rel="noopener noreferrer">P</a>',
        ),
        (
            "<p>1 &lt; 2 &amp; <b>bold</b></p><!-- a comment -->",
            "<p>1 &lt; 2 &amp; <b>bold</b></p>",
        ),
    ],
)
def test_resources(html: str, expected: str) -> None:
    assert out(html) == expected


def test_nested_dropped_links_keep_their_text_and_structure() -> None:
    html = (
        '<p><a href="/s/space/gone"><strong>Gone</strong></a>'
        ' and <a href="/s/space/about">ok</a></p>'
    )
    assert (
        out(html)
        == '<p><strong>Gone</strong> and <a href="../pages/about.html">ok</a></p>'
    )


def test_paths() -> None:
    assert clean_path("../../evil") == "evil.html"
    assert clean_path("/abs/olute.html") == "abs/olute.html"
    assert clean_path("blog/Ünïcode page.html") == "blog/Unicode-page.html"
    taken: set[str] = set()
    assert unique_path("index.html", taken) == "index-2.html"
    assert unique_path("assets/x.html", taken) == "_assets/x.html"
    assert unique_path("LICENSE.txt", taken) == "LICENSE.txt.html"
    assert unique_path("a.html", taken) == "a.html"
    assert unique_path("a.html", taken) == "a-2.html"
    assert relative("pages/a/b.html", "files/1.png") == "../../files/1.png"
    assert relative("index.html", "pages/a.html") == "pages/a.html"
    assert resolve("blog/first.html", "../index.html") == "index.html"
    assert resolve("blog/first.html", "../../x.html") is None
