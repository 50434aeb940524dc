"""Turning an upload into what the gallery stores: a clean photo or a checked video.

A file is a photo when the core's :func:`etwincms.images.clean_image` reads it (by its
bytes, never its name): it comes back re-encoded without EXIF, GPS, XMP or comments and
turned upright, and three WebP thumbnails are made from those clean pixels. A file is a
video when its first bytes are an MP4 (``ftyp`` box) or WebM (EBML) header; it is kept
as sent, and a poster frame is taken with ffmpeg when the server has it (the frame then
goes through the same image cleaning). Anything else, an image too large to decode or a
damaged one is refused with a :class:`~etwincms.errors.ValidationError`. Nothing is put
in storage until the whole file has been read and checked, so a refused upload leaves
nothing behind.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from flask_babel import gettext as _
from PIL import Image

from etwincms import images
from etwincms.errors import ValidationError
from etwincms.state import get_state
from etwincms.storage import StoredFile, copy_hashed

from .models import SIZES

SPOOL_MEMORY = 1024 * 1024
VIDEO_TYPES = {"mp4": "video/mp4", "webm": "video/webm"}
FFMPEG_SECONDS = 60


@dataclass
class Prepared:
    """An upload checked and stored: the columns of its item, and notes for the uploader."""

    kind: str
    media_type: str
    stored: StoredFile
    width: int | None = None
    height: int | None = None
    keys: dict[str, str | None] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Checked:
    """An upload read and checked, nothing stored yet."""

    kind: str
    media_type: str
    clean: images.CleanImage | None  # a photo's clean bytes and size
    upload: BinaryIO


@contextmanager
def spooled(stream: BinaryIO, max_bytes: int) -> Iterator[BinaryIO]:
    """The upload in a seekable file, refused past ``max_bytes`` while it is read."""
    with tempfile.SpooledTemporaryFile(max_size=SPOOL_MEMORY) as spool:
        copy_hashed(stream, spool, max_bytes)
        spool.seek(0)
        yield spool


def check(upload: BinaryIO) -> Checked:
    """Decide what ``upload`` is; raise ``ValidationError`` for anything unusable."""
    clean = images.clean_image(upload)
    if clean is not None:
        return Checked("photo", clean.media_type, clean, upload)
    upload.seek(0)
    video_type = video_type_of(upload.read(16))
    upload.seek(0)
    if video_type is None:
        raise ValidationError(
            _(
                "This file is neither a photo (JPEG, PNG, GIF, WebP) nor a video "
                "(MP4, WebM), whatever its name says."
            ),
            field="file",
        )
    return Checked("video", video_type, None, upload)


def video_type_of(head: bytes) -> str | None:
    if len(head) >= 12 and head[4:8] == b"ftyp":
        return VIDEO_TYPES["mp4"]
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        return VIDEO_TYPES["webm"]
    return None


def store(checked: Checked) -> Prepared:
    """Put a checked upload and its thumbnails (or poster) in the storage."""
    if checked.clean is not None:
        return store_photo(checked.clean)
    return store_video(checked.upload, checked.media_type)


def store_photo(clean: images.CleanImage) -> Prepared:
    keys = thumbnail_keys(clean)
    stored = put_bytes(clean.data)
    return Prepared(
        "photo", clean.media_type, stored, clean.width, clean.height, keys=keys
    )


def thumbnail_keys(clean: images.CleanImage) -> dict[str, str | None]:
    """The core's thumbnail as "small"; larger WebPs made from the same clean pixels."""
    keys: dict[str, str | None] = {"small": put_bytes(clean.thumbnail).key}
    with Image.open(io.BytesIO(clean.data)) as image:
        for name, edge in SIZES.items():
            if name != "small":
                keys[name] = put_bytes(webp_of(image, edge)).key
    return keys


def webp_of(image: Image.Image, edge: int) -> bytes:
    frame = image.convert("RGBA" if images.has_alpha(image) else "RGB")
    frame.thumbnail((edge, edge))
    out = io.BytesIO()
    frame.save(out, format="WEBP", quality=82)
    return out.getvalue()


def store_video(video: BinaryIO, media_type: str) -> Prepared:
    poster, note = poster_of(video)
    video.seek(0)
    stored = get_state().storage.put(video, max_bytes=2**40)
    prepared = Prepared("video", media_type, stored)
    if poster is not None:
        prepared.width, prepared.height = poster.width, poster.height
        prepared.keys = {"poster": put_bytes(poster.data).key, **thumbnail_keys(poster)}
    if note:
        prepared.notes.append(note)
    return prepared


def poster_of(video: BinaryIO) -> tuple[images.CleanImage | None, str]:
    """A clean first frame, or ``None`` and why (no ffmpeg, or it read no frame)."""
    ffmpeg = shutil.which("ffmpeg")
    if ffmpeg is None:
        return None, _(
            "No poster frame: ffmpeg is not installed on this server. "
            "The video plays normally."
        )
    frame = grab_frame(ffmpeg, video)
    if frame is None:
        return None, _("No poster frame: ffmpeg could not read a frame of this video.")
    return images.clean_image(io.BytesIO(frame)), ""


def grab_frame(ffmpeg: str, video: BinaryIO) -> bytes | None:
    with tempfile.TemporaryDirectory() as folder:
        source, target = Path(folder) / "video", Path(folder) / "poster.png"
        video.seek(0)
        with source.open("wb") as out:
            shutil.copyfileobj(video, out)
        command = [
            ffmpeg,
            "-v",
            "error",
            "-i",
            str(source),
            "-frames:v",
            "1",
            str(target),
        ]
        try:
            subprocess.run(  # noqa: S603 (a fixed argument list, no shell)
                command, check=True, timeout=FFMPEG_SECONDS, capture_output=True
            )
        except (subprocess.SubprocessError, OSError):
            return None
        return target.read_bytes() if target.is_file() else None


def put_bytes(data: bytes) -> StoredFile:
    return get_state().storage.put(io.BytesIO(data), max_bytes=len(data))


def limit_bytes(megabytes: int) -> int:
    return int(megabytes) * 1024 * 1024
