"""PDF text with pypdf (pure Python), page by page until the text cap.

An encrypted PDF is read when it opens with the empty password (many are "protected"
only against printing); otherwise it is refused as encrypted. pypdf is imported here,
in the child process only, and only for PDFs.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from .errors import ENCRYPTED, TOO_BIG_UNPACKED, UNREADABLE, Refused
from .sink import TextSink

if TYPE_CHECKING:
    from pypdf import PdfReader


def pdf_text(data: bytes, sink: TextSink) -> None:
    from pypdf import PdfReader
    from pypdf.errors import LimitReachedError, PyPdfError

    try:
        reader = PdfReader(io.BytesIO(data))
        unlock(reader)
        for page in reader.pages:
            sink.add(page.extract_text() or "")
            sink.add("\n\n")
    except LimitReachedError:  # pypdf's own caps on decompression and recursion
        raise Refused(TOO_BIG_UNPACKED) from None
    except PyPdfError:
        raise Refused(UNREADABLE) from None


def unlock(reader: PdfReader) -> None:
    from pypdf.errors import DependencyError, PyPdfError

    if not reader.is_encrypted:
        return
    try:
        opened = reader.decrypt("")
    except (DependencyError, NotImplementedError, PyPdfError):
        raise Refused(ENCRYPTED) from None
    if not opened:
        raise Refused(ENCRYPTED)
