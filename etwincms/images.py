"""Uploaded images made safe to keep and serve: sniffed, re-encoded bare, thumbnailed.

Whether an upload is an image is decided by Pillow reading its bytes, never by its name,
and only for JPEG, PNG, GIF and WebP (so no exotic decoder ever runs on a pupil's file).
An image is decoded and written again in its own format keeping only the pixels, their
colour profile and animation timing: EXIF (with GPS positions), XMP and comments stay
behind, after the EXIF orientation has been applied so photos still stand upright. Images
bigger than :data:`MAX_PIXELS` (all frames together) are refused before being decoded, as
decompression bombs. Anything else (SVG, PDF, a text file called ``.jpg``) is no image:
:func:`clean_image` answers ``None`` and the caller stores it as sent.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any, BinaryIO

from flask_babel import gettext as _
from PIL import Image, ImageOps, ImageSequence, UnidentifiedImageError

from .errors import ValidationError

#: Formats recognised as images, with the media type they are served as.
FORMATS = {
    "JPEG": "image/jpeg",
    "PNG": "image/png",
    "GIF": "image/gif",
    "WEBP": "image/webp",
}
#: Pixels (width x height x frames) decoded at most: about 160 MB of memory in RGBA.
MAX_PIXELS = 40_000_000
THUMBNAIL_SIZE = (320, 320)
#: What survives re-encoding besides the pixels; everything else in ``info`` is dropped.
KEPT_INFO = frozenset({"transparency", "icc_profile", "duration", "loop"})
SAVE_OPTIONS: dict[str, dict[str, Any]] = {
    "JPEG": {"quality": 90},
    "WEBP": {"quality": 90},
}


@dataclass(frozen=True, slots=True)
class CleanImage:
    """An image re-encoded without metadata, with its size and a WebP thumbnail."""

    data: bytes
    media_type: str
    width: int
    height: int
    thumbnail: bytes


def clean_image(stream: BinaryIO) -> CleanImage | None:
    """``stream``'s image re-encoded bare, or ``None`` when the bytes are no image.

    Raises :class:`ValidationError` for images too large to decode safely or too damaged
    to read. ``stream`` must be seekable; it is left wherever Pillow stopped reading.
    """
    try:
        image = sniff(stream)
        if image is None:
            return None
        with image:
            check_pixels(image)
            frames = upright_frames(image)
            data = encode(image.format or "PNG", frames)
            media_type = FORMATS[image.format or "PNG"]
        return CleanImage(
            data, media_type, frames[0].width, frames[0].height, thumbnail(frames[0])
        )
    except (OSError, ValueError, SyntaxError, EOFError) as error:
        raise ValidationError(
            _("The image could not be read: the file may be damaged."), field="file"
        ) from error


def sniff(stream: BinaryIO) -> Image.Image | None:
    """Open ``stream`` lazily (headers only) if it is one of :data:`FORMATS`."""
    try:
        return Image.open(stream, formats=list(FORMATS))
    except UnidentifiedImageError:
        return None
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        # Pillow's own limit is far above ours: it raises past twice its limit, and
        # warns (an exception where warnings are errors) between the two.
        raise too_large() from error


def check_pixels(image: Image.Image) -> None:
    frames = getattr(image, "n_frames", 1)
    if image.width * image.height * frames > MAX_PIXELS:
        raise too_large()


def too_large() -> ValidationError:
    return ValidationError(
        _(
            "The image is too large: at most %(millions)d million pixels "
            "(all frames together).",
            millions=MAX_PIXELS // 1_000_000,
        ),
        field="file",
    )


def upright_frames(image: Image.Image) -> list[Image.Image]:
    """The frames as new images that carry nothing but pixels and :data:`KEPT_INFO`.

    A still image is turned as its EXIF orientation says; animations keep their frames
    as they are (cameras do not write animations) but each in RGBA, so that frames with
    their own palettes stay right.
    """
    if getattr(image, "n_frames", 1) == 1:
        return [bare(ImageOps.exif_transpose(image), image)]  # always a new image
    return [
        bare(frame.convert("RGBA"), frame) for frame in ImageSequence.Iterator(image)
    ]


def bare(frame: Image.Image, source: Image.Image) -> Image.Image:
    """``frame`` with its metadata replaced by the kept part of ``source``'s."""
    if frame.mode == "CMYK":
        frame = frame.convert("RGB")  # browsers disagree on CMYK JPEGs; RGB is safe
    frame.info = {k: v for k, v in source.info.items() if k in KEPT_INFO}
    if frame.mode == "RGBA":
        frame.info.pop("transparency", None)  # alpha carries it now
    return frame


def encode(image_format: str, frames: list[Image.Image]) -> bytes:
    out = io.BytesIO()
    options = dict(SAVE_OPTIONS.get(image_format, {}))
    if len(frames) > 1:
        options.update(
            save_all=True,
            append_images=frames[1:],
            duration=[frame.info.get("duration", 100) for frame in frames],
            loop=frames[0].info.get("loop", 0),
        )
    frames[0].save(out, format=image_format, **options)
    return out.getvalue()


def thumbnail(frame: Image.Image) -> bytes:
    """A WebP of at most :data:`THUMBNAIL_SIZE`, transparent where the image is."""
    small = frame.convert("RGBA" if has_alpha(frame) else "RGB")
    small.thumbnail(THUMBNAIL_SIZE)
    out = io.BytesIO()
    small.save(out, format="WEBP", quality=80)
    return out.getvalue()


def has_alpha(frame: Image.Image) -> bool:
    return frame.mode in {"RGBA", "LA", "PA"} or "transparency" in frame.info
