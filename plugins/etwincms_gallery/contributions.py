"""What the gallery made in a space, for phase views, reports and the static export.

Every album is a contribution and an output (a result worth reporting); every photo and
video is a contribution too. Something is public when the space and its album are public
and, for an item, when it is fit for visitors (:func:`.policy.item_is_publishable`). The
export has one page per public album with its public items: photos as their medium-sized
copy (re-encoded, without EXIF), videos as their file with the poster frame; uploaders
are never named (an album's page shows no person at all).
"""

from __future__ import annotations

import html
from collections.abc import Iterator

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from etwincms.hooktypes import Contribution, ExportFile, ExportPage
from etwincms.models import Project, ProjectStatus

from . import policy
from .models import Album, Item


def album_url(project: Project, album: Album) -> str:
    return f"/s/{project.slug}/-/gallery/a/{album.id}"


def item_url(project: Project, item: Item) -> str:
    return f"/s/{project.slug}/-/gallery/i/{item.id}"


def album_public(project: Project, album: Album) -> bool:
    """Visitors see the album (a draft space is not shown even when marked public)."""
    public_space = project.is_public and project.status is not ProjectStatus.DRAFT
    return public_space and album.is_public


def album_contribution(project: Project, album: Album) -> Contribution:
    return Contribution(
        id=f"gallery_album:{album.id}",
        type="gallery_album",
        plugin="gallery",
        title=album.title,
        url=album_url(project, album),
        author_id=album.created_by_id,
        created_at=album.created_at,
        public=album_public(project, album),
        output=True,
    )


def item_contribution(project: Project, album: Album, item: Item) -> Contribution:
    return Contribution(
        id=f"gallery_item:{item.id}",
        type="gallery_item",
        plugin="gallery",
        title=item.caption[:200] or item.alt_text[:200] or item.original_name,
        url=item_url(project, item),
        author_id=item.uploader_id,
        created_at=item.created_at,
        public=album_public(project, album) and policy.item_is_publishable(item),
    )


def albums_with_items(
    session: Session, project: Project
) -> list[tuple[Album, list[Item]]]:
    """The space's albums, oldest first, each with its items in order (two queries)."""
    albums = list(
        session.scalars(
            select(Album).where(Album.project_id == project.id).order_by(Album.id)
        )
    )
    items: dict[int, list[Item]] = {album.id: [] for album in albums}
    query = select(Item).where(Item.project_id == project.id)
    for item in session.scalars(query.order_by(Item.position, Item.id)):
        items.setdefault(item.album_id, []).append(item)
    return [(album, items[album.id]) for album in albums]


def space_contributions(session: Session, project: Project) -> Iterator[Contribution]:
    for album, items in albums_with_items(session, project):
        yield album_contribution(project, album)
        for item in items:
            yield item_contribution(project, album, item)


def public_export(session: Session, project: Project) -> Iterator[ExportPage]:
    """One page per public album (``gallery/album-<id>.html``), files in ``gallery/files``,
    and the list of those albums (``gallery/index.html``)."""
    listed = []
    for album, items in albums_with_items(session, project):
        shown = [item for item in items if policy.item_is_publishable(item)]
        if album_public(project, album) and shown:
            listed.append(album)
            yield album_page(project, album, shown)
    if listed:
        yield index_page(project, listed)


def index_page(project: Project, albums: list[Album]) -> ExportPage:
    """The public albums, linked by their live addresses (the exporter rewrites them)."""
    items = "\n".join(
        f'<li><a href="{album_url(project, album)}">{html.escape(album.title)}</a></li>'
        for album in albums
    )
    return ExportPage(
        path="gallery/index.html",
        title=_("Gallery"),
        html=f"<ul>\n{items}\n</ul>",
        url=f"/s/{project.slug}/-/gallery/",
        text=" ".join(album.title for album in albums),
    )


def album_page(project: Project, album: Album, items: list[Item]) -> ExportPage:
    figures, files = [], []
    for item in items:
        figure, carried = item_figure(item)
        figures.append(figure)
        files.extend(carried)
    intro = f"<p>{html.escape(album.description)}</p>\n" if album.description else ""
    words = [album.title, album.description] + [
        f"{i.caption} {i.alt_text}" for i in items
    ]
    return ExportPage(
        path=f"gallery/album-{album.id}.html",
        title=album.title,
        html=intro + '<div class="gallery">\n' + "\n".join(figures) + "\n</div>",
        url=album_url(project, album),
        text=" ".join(" ".join(words).split()),
        files=tuple(files),
    )


def item_figure(item: Item) -> tuple[str, list[ExportFile]]:
    """The item's ``<figure>`` and the files it needs, by relative path."""
    caption = (
        f"<figcaption>{html.escape(item.caption)}</figcaption>" if item.caption else ""
    )
    alt = html.escape(item.alt_text, quote=True)
    if item.kind == "video":
        name = f"{item.id}-video{suffix(item.original_name)}"
        files = [ExportFile(path=f"gallery/files/{name}", storage_key=item.storage_key)]
        poster = ""
        if item.medium_key:
            files.append(
                ExportFile(
                    path=f"gallery/files/{item.id}-poster.webp",
                    storage_key=item.medium_key,
                )
            )
            poster = f' poster="files/{item.id}-poster.webp"'
        body = f'<video controls preload="none" src="files/{name}"{poster}></video>'
        return f"<figure>{body}{caption}</figure>", files
    key, name = (
        (item.medium_key, f"{item.id}.webp")
        if item.medium_key
        else (item.storage_key, f"{item.id}{suffix(item.original_name)}")
    )
    image = f'<img src="files/{name}" alt="{alt}" loading="lazy">'
    return f"<figure>{image}{caption}</figure>", [
        ExportFile(path=f"gallery/files/{name}", storage_key=key)
    ]


def suffix(name: str) -> str:
    """The file's extension, kept only when it is plain letters and digits."""
    ext = name.rpartition(".")[2].lower() if "." in name else ""
    return f".{ext}" if ext.isalnum() and len(ext) <= 5 else ""
