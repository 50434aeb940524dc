"""Reading an export in tests: its links, its resources, its search index."""

from __future__ import annotations

import json
import posixpath
import re
from html.parser import HTMLParser

TEXT_SUFFIXES = (".html", ".css", ".js", ".txt")


class LinkCollector(HTMLParser):
    """Every (tag, attribute, value, rel) of an HTML file that points somewhere."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str, str, str]] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        values = dict(attrs)
        for name in ("href", "src", "srcset", "poster", "data", "action", "background"):
            if values.get(name) is not None:
                self.found.append(
                    (tag, name, values[name] or "", values.get("rel") or "")
                )


def links_of(html: bytes) -> LinkCollector:
    collector = LinkCollector()
    collector.feed(html.decode())
    collector.close()
    return collector


def is_external(url: str) -> bool:
    return bool(re.match(r"^(?:[a-z][a-z0-9+.-]*:|//)", url, re.I))


def target_in_zip(page_path: str, url: str) -> str:
    path = url.split("#", 1)[0]
    return posixpath.normpath(posixpath.join(posixpath.dirname(page_path), path))


def text_files(files: dict[str, bytes]) -> dict[str, str]:
    return {
        path: data.decode()
        for path, data in files.items()
        if path.endswith(TEXT_SUFFIXES)
    }


def search_index(files: dict[str, bytes]) -> list[dict[str, str]]:
    script = files["assets/search-index.js"].decode()
    prefix = "window.EXPORT_INDEX = "
    assert script.startswith(prefix)
    return json.loads(script[len(prefix) :].rstrip().rstrip(";"))


REMOTE = re.compile(r"""(?:https?:)?//[^\s"'()<>]+""", re.I)
CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]*)", re.I)
