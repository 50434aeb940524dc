"""Deciding what a pasted URL is: a provider's embed, a plain link, or nothing safe.

Only ``https`` URLs with a plain ASCII host, no user name or password, no port and no
backslashes or spaces are considered; everything else (``javascript:``, ``data:``,
``http:``, ``youtube.com@evil.example``, punycode homographs) is refused before any
provider sees it. A provider then recognises the URL only when its host is exactly one
of its share hosts, so ``youtube.com.evil.example`` belongs to nobody.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import SplitResult, urlsplit

from .providers import Provider

UNSAFE = re.compile(r"[\s\\<>\"'`\x00-\x1f\x7f]")
ASCII_HOST = re.compile(r"^[a-z0-9.-]+$")
MAX_URL = 2000


@dataclass(frozen=True)
class Embed:
    """A recognised URL: who serves it, where it was shared and what to frame."""

    provider: Provider
    share_url: str
    embed_url: str


def safe_url(text: str) -> SplitResult | None:
    """The split URL when it is a plain ``https`` address, else ``None``."""
    text = text.strip()
    if not text or len(text) > MAX_URL or UNSAFE.search(text):
        return None
    try:
        url = urlsplit(text)
        port = url.port
    except ValueError:
        return None
    host = url.hostname or ""
    if url.scheme != "https" or "@" in url.netloc or port is not None:
        return None
    if not ASCII_HOST.match(host) or "xn--" in host or url.netloc.lower() != host:
        return None
    return url


def recognise(text: str, providers: Iterable[Provider]) -> Embed | None:
    """The first provider that knows this URL, with its embed URL."""
    url = safe_url(text)
    if url is None:
        return None
    for provider in providers:
        embed_url = provider.embed_url(url)
        if embed_url is not None:
            return Embed(provider, url.geturl(), embed_url)
    return None
