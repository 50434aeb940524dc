"""Why a file's text was not extracted, as short codes the web pages translate."""

from __future__ import annotations

TOO_LARGE = "too_large"  # the file is bigger than EXTRACT_MAX_BYTES
TOO_BIG_UNPACKED = "too_big"  # a zip's members would unpack to more than allowed
BOMB = "bomb"  # a member is compressed far more than documents ever are
UNSAFE_XML = "unsafe_xml"  # a DTD or entity declaration
ENCRYPTED = "encrypted"
UNREADABLE = "unreadable"  # damaged, or a variant of the format not understood
NO_TEXT = "no_text"  # read, but nothing in it (a scanned PDF)
TIMEOUT = "timeout"
MEMORY = "memory"
CRASHED = "crashed"  # the child process died without an answer
MISSING = "missing"  # the stored bytes are gone
UNSUPPORTED = "unsupported"  # a type with no text to extract (not an error)


class Refused(Exception):
    """The file is not read further; ``reason`` is one of the codes above."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason
