"""Office documents (DOCX, PPTX, ODT, ODP) are zips of XML: read only the members with text.

The zip is checked before anything is unpacked (entry count from its directory, each
member's declared size and compression ratio), and the members read are streamed
through expat while the unpacked bytes are counted, so a zip bomb is refused early and
a member that lies about its size is cut off at the cap.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
from dataclasses import dataclass
from xml.parsers import expat

from .errors import BOMB, TOO_BIG_UNPACKED, UNREADABLE, UNSUPPORTED, Refused
from .sink import TextSink
from .xmltext import DRAWING, ODF_TEXT, WORD, TextHandler, Vocabulary, safe_parser

CHUNK = 64 * 1024
MB = 1024 * 1024
SLIDE = re.compile(r"ppt/slides/slide(\d+)\.xml")
ODF_TYPES = frozenset(
    {
        "application/vnd.oasis.opendocument.text",
        "application/vnd.oasis.opendocument.text-template",
        "application/vnd.oasis.opendocument.presentation",
        "application/vnd.oasis.opendocument.presentation-template",
    }
)
EOCD = b"PK\x05\x06"


@dataclass(frozen=True)
class ZipLimits:
    """How much of a zip is read at most (defaults fit real documents many times over)."""

    members: int = 10_000
    member_bytes: int = 64 * MB
    total_bytes: int = 160 * MB
    #: Uncompressed / compressed; XML documents compress 5-30 times, bombs 1000+.
    ratio: int = 100
    #: Members smaller than this are not held to the ratio (a page of spaces is tiny).
    ratio_from: int = MB


class Budget:
    """Unpacked bytes counted as they come, per member and in total."""

    def __init__(self, limits: ZipLimits) -> None:
        self.limits = limits
        self.total = 0

    def spend(self, member_so_far: int, count: int) -> None:
        self.total += count
        if member_so_far > self.limits.member_bytes:
            raise Refused(TOO_BIG_UNPACKED)
        if self.total > self.limits.total_bytes:
            raise Refused(TOO_BIG_UNPACKED)


def office_text(data: bytes, sink: TextSink, limits: ZipLimits | None = None) -> None:
    """Feed the document's text to ``sink``; refuse what is not an office document."""
    limits = limits or ZipLimits()
    check_entry_count(data, limits)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            budget = Budget(limits)
            for member, vocabulary in text_parts(archive):
                read_member(archive, member, vocabulary, sink, budget)
    except (zipfile.BadZipFile, expat.ExpatError, EOFError):
        raise Refused(UNREADABLE) from None


def check_entry_count(data: bytes, limits: ZipLimits) -> None:
    """Refuse a zip listing too many entries before ``zipfile`` builds an object for each."""
    end = data.rfind(EOCD, max(0, len(data) - 65_557))
    if end < 0 or end + 22 > len(data):
        raise Refused(UNREADABLE)
    (entries,) = struct.unpack("<H", data[end + 10 : end + 12])
    if entries > limits.members:  # 0xFFFF (zip64) is over the limit too
        raise Refused(TOO_BIG_UNPACKED)


def text_parts(archive: zipfile.ZipFile) -> list[tuple[zipfile.ZipInfo, Vocabulary]]:
    """The members holding the text, in reading order, by the zip's structure."""
    names = {info.filename: info for info in archive.infolist()}
    if "mimetype" in names and "content.xml" in names:
        if odf_type(archive, names["mimetype"]) in ODF_TYPES:
            return [(names["content.xml"], ODF_TEXT)]
    elif "word/document.xml" in names:
        return [(names["word/document.xml"], WORD)]
    slides = sorted(
        (int(match.group(1)), info)
        for name, info in names.items()
        if (match := SLIDE.fullmatch(name))
    )
    if slides:
        return [(info, DRAWING) for _, info in slides]
    raise Refused(UNSUPPORTED)


def odf_type(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> str:
    if info.file_size > 200:
        return ""
    with archive.open(info) as member:
        return member.read(200).decode("ascii", "replace").strip()


def read_member(
    archive: zipfile.ZipFile,
    info: zipfile.ZipInfo,
    vocabulary: Vocabulary,
    sink: TextSink,
    budget: Budget,
) -> None:
    check_declared(info, budget.limits)
    parser = safe_parser(TextHandler(vocabulary, sink))
    done = 0
    with archive.open(info) as member:
        while chunk := member.read(CHUNK):
            done += len(chunk)
            budget.spend(done, len(chunk))
            parser.Parse(chunk, False)
    parser.Parse(b"", True)


def check_declared(info: zipfile.ZipInfo, limits: ZipLimits) -> None:
    """Refuse on the sizes the zip declares, before unpacking anything."""
    big = info.file_size >= limits.ratio_from
    if big and info.file_size > limits.ratio * max(info.compress_size, 1):
        raise Refused(BOMB)
    if info.file_size > limits.member_bytes:
        raise Refused(TOO_BIG_UNPACKED)
