"""The extraction child process: ``python -m etwincms.extraction.child``.

It limits itself first (address space, CPU seconds, output file size, no core dumps,
lower priority), then reads the file from standard input (at most ``--max-bytes``),
finds its type from its bytes and writes one JSON object to standard output:
``{"status": "extracted", "text": ...}``, ``{"status": "not_extracted", "reason": ...}``
or ``{"status": "none", "reason": "unsupported"}``. Whatever goes wrong inside becomes
a reason; what kills it (a limit, a signal) the parent reads from the exit status.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import re
import sys
import warnings
from typing import Any

from . import errors, sniff
from .errors import Refused
from .office import office_text
from .pdf import pdf_text
from .sink import Full, TextSink

#: Markdown emphasis around words (``*word*``, ``__word__``): the index would keep it.
EMPHASIS = re.compile(r"(?<!\w)[*_]+(?=\w)|(?<=\w)[*_]+(?!\w)")

try:
    import resource
except (
    ImportError
):  # Windows: no rlimits; the parent's wall-clock timeout still applies
    resource = None  # type: ignore[assignment]


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    limit_self(args)
    quiet()
    outcome = extract_input(sys.stdin.buffer, args.max_bytes, args.max_chars)
    sys.stdout.write(json.dumps(outcome))
    sys.stdout.flush()
    return 0


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="etwincms.extraction.child")
    parser.add_argument("--max-bytes", type=int, required=True)
    parser.add_argument("--max-chars", type=int, required=True)
    parser.add_argument("--memory", type=int, default=0, help="bytes; 0: no limit")
    parser.add_argument("--cpu", type=int, default=0, help="seconds; 0: no limit")
    parser.add_argument("--output", type=int, default=0, help="bytes; 0: no limit")
    return parser.parse_args(argv)


def limit_self(args: argparse.Namespace) -> None:
    """Apply the limits before touching the input (the parent may be multi-threaded, so
    it cannot safely set them between fork and exec)."""
    if resource is None:
        return
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    if args.memory:
        resource.setrlimit(resource.RLIMIT_AS, (args.memory, args.memory))
    if args.cpu:
        resource.setrlimit(resource.RLIMIT_CPU, (args.cpu, args.cpu + 1))
    if args.output:
        resource.setrlimit(resource.RLIMIT_FSIZE, (args.output, args.output))
    os.nice(10)


def quiet() -> None:
    """Libraries' warnings and log lines would only be noise on a closed stderr."""
    warnings.simplefilter("ignore")
    logging.disable(logging.CRITICAL)


def extract_input(stream: Any, max_bytes: int, max_chars: int) -> dict[str, Any]:
    try:
        data = stream.read(max_bytes + 1)
        if len(data) > max_bytes:
            raise Refused(errors.TOO_LARGE)
        return outcome_of(extract(data, max_chars))
    except Refused as refused:
        return refused_outcome(refused.reason)
    except MemoryError:
        return refused_outcome(errors.MEMORY)
    except Exception:  # damaged files make parsers fail in many ways
        return refused_outcome(errors.UNREADABLE)


def extract(data: bytes, max_chars: int) -> str:
    """The file's text (at most ``max_chars``), whatever its type; Refused otherwise."""
    sink = TextSink(max_chars)
    found = sniff.kind(data, partial=False)
    try:
        if found == "pdf":
            pdf_text(data, sink)
        elif found == "zip":
            office_text(data, sink)
        elif found == "text":
            sink.add(plain_text(data, max_chars))
        else:
            raise Refused(errors.UNSUPPORTED)
    except Full:
        pass
    return sink.text()


def plain_text(data: bytes, max_chars: int) -> str:
    """The text of a plain or Markdown file; past the cap's bytes nothing is decoded."""
    head = data[
        : 4 * max_chars + 4
    ]  # UTF-8 and UTF-16 take 4 bytes a character at most
    text = sniff.decode_text(head, partial=len(head) < len(data)) or ""
    return EMPHASIS.sub("", text)


def outcome_of(text: str) -> dict[str, Any]:
    if not text:
        return refused_outcome(errors.NO_TEXT)
    return {"status": "extracted", "text": text}


def refused_outcome(reason: str) -> dict[str, Any]:
    status = "none" if reason == errors.UNSUPPORTED else "not_extracted"
    return {"status": status, "reason": reason}


if __name__ == "__main__":
    sys.exit(main())
