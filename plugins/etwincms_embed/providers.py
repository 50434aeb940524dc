"""The built-in embed providers: which share URLs each knows, and its embed URL.

A provider turns a pasted share URL into the URL its player or viewer is framed from,
with no network call: the URL is split, its host must be one of the provider's share
hosts exactly, and the ids it carries must match strict patterns before they are put
into the embed URL. Anything else is not this provider's (``None``). Which URLs are
refused before any provider sees them is decided in :mod:`.parsing`. Other plugins add
providers through the ``register_embed_providers`` hook (see :mod:`.hookspecs`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import SplitResult, parse_qs, urlsplit

#: Converts a split share URL into the embed URL, or ``None`` when not recognised.
Converter = Callable[[SplitResult], "str | None"]

VIDEO_SANDBOX = "allow-scripts allow-same-origin allow-presentation allow-popups"
VIDEO_ALLOW = "fullscreen; picture-in-picture; encrypted-media"
VIEWER_SANDBOX = "allow-scripts allow-same-origin allow-popups"
FORM_SANDBOX = "allow-scripts allow-same-origin allow-popups allow-forms"
NAME = re.compile(r"^[a-z][a-z0-9_]{1,39}$")
HOST = re.compile(r"^[a-z0-9-]+(\.[a-z0-9-]+)+$")


@dataclass(frozen=True)
class Provider:
    """A service whose pages may be framed: its share hosts and how to embed them."""

    name: str
    label: str
    hosts: frozenset[str]
    embed_host: str
    convert: Converter
    sandbox: str = VIEWER_SANDBOX
    allow: str = ""

    def embed_url(self, url: SplitResult) -> str | None:
        """The embed URL for a share URL already checked by :mod:`.parsing`."""
        if url.hostname not in self.hosts:
            return None
        embed = self.convert(url)
        if embed is None or urlsplit(embed).hostname != self.embed_host:
            return None  # a converter may only ever point at its own embed host
        return embed


def provider_from(value: Any) -> Provider:
    """A ``Provider`` from another plugin's answer: one, or a mapping of its fields."""
    if isinstance(value, Provider):
        provider = value
    else:
        fields = value if isinstance(value, Mapping) else vars(value)
        provider = Provider(
            name=str(fields["name"]),
            label=str(fields["label"]),
            hosts=frozenset(str(h).lower() for h in fields["hosts"]),
            embed_host=str(fields["embed_host"]).lower(),
            convert=fields["convert"],
            sandbox=str(fields.get("sandbox", VIEWER_SANDBOX)),
            allow=str(fields.get("allow", "")),
        )
    check(provider)
    return provider


def check(provider: Provider) -> None:
    """Refuse providers whose name or hosts could not be checked safely."""
    hosts = {*provider.hosts, provider.embed_host}
    if not NAME.match(provider.name) or not all(HOST.match(h) for h in hosts):
        raise ValueError(f"embed provider {provider.name!r}: bad name or host")
    if any("xn--" in h for h in hosts) or not callable(provider.convert):
        raise ValueError(f"embed provider {provider.name!r}: bad host or converter")


# -- helpers for converters ----------------------------------------------------------


def segments(url: SplitResult) -> list[str]:
    return [part for part in url.path.split("/") if part]


def query_value(url: SplitResult, key: str) -> str:
    return (parse_qs(url.query).get(key) or [""])[0]


def matching(pattern: str, value: str) -> str | None:
    return value if re.fullmatch(pattern, value) else None


# -- converters, one per provider ------------------------------------------------------

YOUTUBE_ID = r"[A-Za-z0-9_-]{11}"


def youtube(url: SplitResult) -> str | None:
    parts = segments(url)
    if url.hostname == "youtu.be":
        video = parts[0] if len(parts) == 1 else ""
    elif parts == ["watch"]:
        video = query_value(url, "v")
    elif len(parts) == 2 and parts[0] in {"embed", "shorts", "live", "v"}:
        video = parts[1]
    else:
        return None
    found = matching(YOUTUBE_ID, video)
    return f"https://www.youtube-nocookie.com/embed/{found}" if found else None


def vimeo(url: SplitResult) -> str | None:
    parts = segments(url)
    if url.hostname == "player.vimeo.com" and parts[:1] == ["video"]:
        parts = parts[1:]
        private = query_value(url, "h")
    else:
        private = parts[1] if len(parts) == 2 else ""
    if not parts or not re.fullmatch(r"[0-9]{1,12}", parts[0]) or len(parts) > 2:
        return None
    suffix = (
        f"?h={private}&dnt=1" if re.fullmatch(r"[0-9a-f]{6,20}", private) else "?dnt=1"
    )
    return f"https://player.vimeo.com/video/{parts[0]}{suffix}"


def padlet(url: SplitResult) -> str | None:
    parts = segments(url)
    if len(parts) == 2 and parts[0] in {"embed", "padlets"}:
        wall = parts[1]
    elif len(parts) == 2:
        wall = parts[1].rsplit("-", 1)[-1]
    else:
        return None
    found = matching(r"[a-z0-9]{8,32}", wall)
    return f"https://padlet.com/embed/{found}" if found else None


def genially(url: SplitResult) -> str | None:
    parts = segments(url)
    found = matching(r"[0-9a-f]{24}", parts[0]) if 1 <= len(parts) <= 2 else None
    return f"https://view.genial.ly/{found}" if found else None


GOOGLE_ID = r"[A-Za-z0-9_-]{20,100}"


def google_file(kinds: Mapping[str, str]) -> Converter:
    """``/<kind>/d/<id>/...`` and published ``/<kind>/d/e/<id>/pub`` for these kinds."""

    def convert(url: SplitResult) -> str | None:
        parts = segments(url)
        if len(parts) < 3 or parts[0] not in kinds or parts[1] != "d":
            return None
        kind, rest = parts[0], parts[2:]
        if rest[0] == "e" and len(rest) >= 2 and matching(GOOGLE_ID, rest[1]):
            return f"https://docs.google.com/{kind}/d/e/{rest[1]}/{published(kind)}"
        if not matching(GOOGLE_ID, rest[0]):
            return None
        return f"https://docs.google.com/{kind}/d/{rest[0]}/{kinds[kind]}"

    return convert


def published(kind: str) -> str:
    return {
        "forms": "viewform?embedded=true",
        "presentation": "embed",
    }.get(
        kind, "pubhtml?widget=true" if kind == "spreadsheets" else "pub?embedded=true"
    )


def microsoft_forms(url: SplitResult) -> str | None:
    parts = segments(url)
    if len(parts) == 2 and parts[0] == "r" and matching(r"[A-Za-z0-9]{6,20}", parts[1]):
        return f"https://forms.office.com/r/{parts[1]}?embed=true"
    form = query_value(url, "id")
    if [p.lower() for p in parts] == ["pages", "responsepage.aspx"] and matching(
        r"[A-Za-z0-9_-]{20,200}", form
    ):
        return f"https://forms.office.com/Pages/ResponsePage.aspx?id={form}&embed=true"
    return None


def h5p(url: SplitResult) -> str | None:
    parts = segments(url)
    if (len(parts) == 2 and parts[0] == "node") or parts[:2] == ["h5p", "embed"]:
        found = matching(r"[0-9]{1,10}", parts[-1])
        return f"https://h5p.org/h5p/embed/{found}" if found else None
    return None


def learningapps(url: SplitResult) -> str | None:
    parts = segments(url)
    if parts == ["watch"]:
        app = query_value(url, "app") or query_value(url, "v")
        pattern = r"[0-9]{1,10}" if query_value(url, "app") else r"p[a-z0-9]{6,20}"
        key = "app" if query_value(url, "app") else "v"
    elif len(parts) == 1:
        app, pattern, key = parts[0].removeprefix("view"), r"[0-9]{1,10}", "app"
    else:
        return None
    found = matching(pattern, app)
    return f"https://learningapps.org/watch?{key}={found}" if found else None


def canva(url: SplitResult) -> str | None:
    parts = segments(url)
    if (
        len(parts) != 4
        or parts[0] != "design"
        or parts[3] not in {"view", "watch", "edit"}
    ):
        return None
    if not matching(r"[A-Za-z0-9_-]{8,20}", parts[1]) or not matching(
        r"[A-Za-z0-9_-]{8,40}", parts[2]
    ):
        return None
    return f"https://www.canva.com/design/{parts[1]}/{parts[2]}/view?embed"


def miro(url: SplitResult) -> str | None:
    parts = segments(url)
    if len(parts) != 3 or parts[0] != "app" or parts[1] not in {"board", "live-embed"}:
        return None
    found = matching(r"[A-Za-z0-9_-]{8,20}=?", parts[2])
    return f"https://miro.com/app/live-embed/{found}/" if found else None


def wakelet(url: SplitResult) -> str | None:
    parts = segments(url)
    if len(parts) >= 2 and parts[0] in {"wake", "wakes"}:
        found = matching(r"[A-Za-z0-9_-]{10,40}", parts[1])
        return f"https://embed.wakelet.com/wakes/{found}/grid" if found else None
    return None


def sketchfab(url: SplitResult) -> str | None:
    parts = segments(url)
    if len(parts) >= 2 and parts[0] in {"3d-models", "models"}:
        found = matching(r"[0-9a-f]{32}", parts[1].rsplit("-", 1)[-1])
        return f"https://sketchfab.com/models/{found}/embed" if found else None
    return None


def scratch(url: SplitResult) -> str | None:
    parts = segments(url)
    if len(parts) >= 2 and parts[0] == "projects":
        found = matching(r"[0-9]{1,12}", parts[1])
        return f"https://scratch.mit.edu/projects/{found}/embed" if found else None
    return None


def geogebra(url: SplitResult) -> str | None:
    parts = segments(url)
    if len(parts) == 2 and parts[0] in {"m", "classic"}:
        found = matching(r"[A-Za-z0-9]{6,12}", parts[1])
        return f"https://www.geogebra.org/material/iframe/id/{found}" if found else None
    return None


YOUTUBE_HOSTS = {"youtube.com", "www.youtube.com", "m.youtube.com", "youtu.be"}

BUILT_IN: tuple[Provider, ...] = (
    Provider(
        "youtube",
        "YouTube",
        frozenset(YOUTUBE_HOSTS | {"www.youtube-nocookie.com"}),
        "www.youtube-nocookie.com",
        youtube,
        VIDEO_SANDBOX,
        VIDEO_ALLOW,
    ),
    Provider(
        "vimeo",
        "Vimeo",
        frozenset({"vimeo.com", "www.vimeo.com", "player.vimeo.com"}),
        "player.vimeo.com",
        vimeo,
        VIDEO_SANDBOX,
        VIDEO_ALLOW,
    ),
    Provider("padlet", "Padlet", frozenset({"padlet.com"}), "padlet.com", padlet),
    Provider(
        "genially",
        "Genially",
        frozenset({"view.genial.ly"}),
        "view.genial.ly",
        genially,
    ),
    Provider(
        "google_docs",
        "Google Docs",
        frozenset({"docs.google.com"}),
        "docs.google.com",
        google_file({"document": "preview", "spreadsheets": "preview"}),
    ),
    Provider(
        "google_slides",
        "Google Slides",
        frozenset({"docs.google.com"}),
        "docs.google.com",
        google_file({"presentation": "embed"}),
        allow="fullscreen",
    ),
    Provider(
        "google_forms",
        "Google Forms",
        frozenset({"docs.google.com"}),
        "docs.google.com",
        google_file({"forms": "viewform?embedded=true"}),
        FORM_SANDBOX,
    ),
    Provider(
        "microsoft_forms",
        "Microsoft Forms",
        frozenset({"forms.office.com"}),
        "forms.office.com",
        microsoft_forms,
        FORM_SANDBOX,
    ),
    Provider("h5p", "H5P", frozenset({"h5p.org"}), "h5p.org", h5p, allow="fullscreen"),
    Provider(
        "learningapps",
        "LearningApps",
        frozenset({"learningapps.org"}),
        "learningapps.org",
        learningapps,
    ),
    Provider(
        "canva",
        "Canva",
        frozenset({"www.canva.com", "canva.com"}),
        "www.canva.com",
        canva,
        allow="fullscreen",
    ),
    Provider(
        "miro", "Miro", frozenset({"miro.com"}), "miro.com", miro, allow="fullscreen"
    ),
    Provider(
        "wakelet",
        "Wakelet",
        frozenset({"wakelet.com", "embed.wakelet.com"}),
        "embed.wakelet.com",
        wakelet,
    ),
    Provider(
        "sketchfab",
        "Sketchfab",
        frozenset({"sketchfab.com"}),
        "sketchfab.com",
        sketchfab,
        allow="fullscreen; xr-spatial-tracking",
    ),
    Provider(
        "scratch",
        "Scratch",
        frozenset({"scratch.mit.edu"}),
        "scratch.mit.edu",
        scratch,
        allow="fullscreen",
    ),
    Provider(
        "geogebra",
        "GeoGebra",
        frozenset({"www.geogebra.org", "geogebra.org"}),
        "www.geogebra.org",
        geogebra,
        allow="fullscreen",
    ),
)
