"""Running the child process on one file, within limits, and reading its answer.

The file goes in as the child's standard input (a real file: no pipe to pump), the
answer comes back in a temporary file whose size the child's RLIMIT_FSIZE caps and of
which at most that much is read. A child past its wall-clock time is killed; one that
dies (memory, CPU time, a crash) leaves a reason taken from its exit status.
"""

from __future__ import annotations

import json
import logging
import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import IO, Any, BinaryIO

from . import errors

log = logging.getLogger(__name__)
MB = 1024 * 1024
STATUSES = frozenset({"extracted", "not_extracted", "none"})
#: The signal a child gets past its CPU-seconds limit (POSIX only).
CPU_SIGNAL = getattr(signal, "SIGXCPU", None)


@dataclass(frozen=True)
class Limits:
    """What one extraction may use; see ``EXTRACT_*`` in :mod:`etwincms.config`."""

    max_bytes: int = 25 * MB
    max_chars: int = 1_000_000
    memory: int = 512 * MB
    timeout: float = 60.0

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> Limits:
        return cls(
            max_bytes=int(config.get("EXTRACT_MAX_BYTES", cls.max_bytes)),
            max_chars=int(config.get("EXTRACT_MAX_CHARS", cls.max_chars)),
            memory=int(config.get("EXTRACT_MEMORY_BYTES", cls.memory)),
            timeout=float(config.get("EXTRACT_TIMEOUT", cls.timeout)),
        )

    @property
    def output_bytes(self) -> int:
        """Room for the JSON answer: every character escaped (``\\uXXXX``) at worst."""
        return 12 * self.max_chars + 4096


@dataclass(frozen=True)
class Outcome:
    status: str
    text: str | None = None
    reason: str | None = None


def command(limits: Limits) -> list[str]:
    return [
        sys.executable,
        "-m",
        "etwincms.extraction.child",
        f"--max-bytes={limits.max_bytes}",
        f"--max-chars={limits.max_chars}",
        f"--memory={limits.memory}",
        f"--cpu={max(1, round(limits.timeout))}",
        f"--output={limits.output_bytes}",
    ]


def run(source: BinaryIO, limits: Limits) -> Outcome:
    """Extract the text of the file ``source`` (open, at its start) in a child process."""
    with (
        as_real_file(source) as stdin,
        tempfile.TemporaryFile() as out,
        tempfile.TemporaryFile() as err,
    ):
        code = wait_for_child(stdin, out, err, limits)
        if code is None:
            return Outcome("not_extracted", reason=errors.TIMEOUT)
        out.seek(0)
        outcome = interpret(code, out.read(limits.output_bytes + 1))
        if outcome.reason == errors.CRASHED:
            err.seek(0)
            log.warning("text extractor died (%s): %r", code, err.read(2000))
        return outcome


def wait_for_child(
    stdin: IO[bytes], out: IO[bytes], err: IO[bytes], limits: Limits
) -> int | None:
    """The child's exit status, or None when it ran out of time (it is killed then)."""
    child = subprocess.Popen(  # noqa: S603  (our own module, no shell, fixed arguments)
        command(limits), stdin=stdin, stdout=out, stderr=err, close_fds=True
    )
    try:
        return child.wait(timeout=limits.timeout)
    except subprocess.TimeoutExpired:
        child.kill()
        child.wait()
        return None


def interpret(code: int, answer: bytes) -> Outcome:
    if CPU_SIGNAL is not None and code == -CPU_SIGNAL:
        return Outcome("not_extracted", reason=errors.TIMEOUT)
    if code == 0:
        outcome = parse_answer(answer)
        if outcome is not None:
            return outcome
    return Outcome("not_extracted", reason=errors.CRASHED)


def parse_answer(answer: bytes) -> Outcome | None:
    try:
        data = json.loads(answer)
    except ValueError:
        return None
    if not isinstance(data, dict) or data.get("status") not in STATUSES:
        return None
    text, reason = data.get("text"), data.get("reason")
    if data["status"] == "extracted":
        return Outcome("extracted", text=text) if isinstance(text, str) else None
    return Outcome(data["status"], reason=str(reason)[:32] if reason else None)


@contextmanager
def as_real_file(source: BinaryIO) -> Any:
    """``source`` itself when it has a file descriptor, else a temporary copy of it."""
    try:
        source.fileno()
    except (AttributeError, OSError, ValueError):
        with tempfile.TemporaryFile() as copy:
            shutil.copyfileobj(source, copy)
            copy.seek(0)
            yield copy
        return
    yield source
