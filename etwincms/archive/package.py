"""The archive file: a ``.zip`` or ``.tar.gz`` with ``manifest.json`` and checksummed members.

Members are ``tables/<table>.json`` (the rows) and ``files/<storage key>`` (the stored
files). The manifest records the format, the etwincms version, the space, the time, the
row counts per table and the SHA-256 of every member. Reading checks the member list and
every checksum before anything is used, and never takes a path from the archive as is:
member names are checked against the manifest's and the two shapes above.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import tarfile
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from ..errors import EtwinError

FORMAT = 1
KIND = "etwincms-space-archive"
MANIFEST = "manifest.json"
TABLE_MEMBER = re.compile(r"tables/[a-z][a-z0-9_]*\.json")
FILE_MEMBER = re.compile(r"files/[0-9a-f]{2}/[0-9a-f]{2}/[0-9a-f]{64}")
CHUNK = 64 * 1024


class ArchiveError(EtwinError):
    """An archive that cannot be written or read (the message says why)."""


def table_member(name: str) -> str:
    return f"tables/{name}.json"


def file_member(key: str) -> str:
    return f"files/{key}"


def is_zip(path: Path) -> bool:
    return path.suffix.lower() == ".zip"


# -- writing -------------------------------------------------------------------------


class ArchiveWriter:
    """Adds members to a zip or tar.gz, recording each one's SHA-256 for the manifest."""

    def __init__(self, path: Path, *, as_zip: bool) -> None:
        self.checksums: dict[str, str] = {}
        self._zip = zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) if as_zip else None
        self._tar = None if self._zip else tarfile.open(path, "w:gz")  # noqa: SIM115 (closed by close())

    def add_bytes(self, name: str, data: bytes) -> None:
        if name != MANIFEST:
            self.checksums[name] = hashlib.sha256(data).hexdigest()
        if self._zip is not None:
            self._zip.writestr(name, data)
            return
        info = tarfile.TarInfo(name)
        info.size, info.mode = len(data), 0o600
        self._tar.addfile(info, io.BytesIO(data))  # type: ignore[union-attr]

    def add_stream(self, name: str, source: IO[bytes]) -> None:
        """Copy a stored file in, chunk by chunk, hashing it on the way."""
        digest = hashlib.sha256()
        if self._zip is not None:
            with self._zip.open(name, "w", force_zip64=True) as target:
                while chunk := source.read(CHUNK):
                    digest.update(chunk)
                    target.write(chunk)
        else:
            info = tarfile.TarInfo(name)
            info.size, info.mode = source.seek(0, io.SEEK_END), 0o600
            source.seek(0)
            self._tar.addfile(info, HashingReader(source, digest))  # type: ignore[union-attr]
        self.checksums[name] = digest.hexdigest()

    def close(self) -> None:
        (self._zip or self._tar).close()  # type: ignore[union-attr]


class HashingReader:
    """A stream that feeds what is read from it to a digest."""

    def __init__(self, source: IO[bytes], digest: Any) -> None:
        self.source, self.digest = source, digest

    def read(self, size: int = -1) -> bytes:
        chunk = self.source.read(size)
        self.digest.update(chunk)
        return chunk


def write_json(writer: ArchiveWriter, name: str, value: Any) -> None:
    writer.add_bytes(name, json.dumps(value, ensure_ascii=False, indent=1).encode())


@contextmanager
def atomic_target(target: Path) -> Iterator[Path]:
    """A temporary path beside ``target``, renamed onto it when the block succeeds."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.partial")
    try:
        yield partial
        partial.chmod(0o600)  # members' personal data: readable by the operator only
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)


# -- reading -------------------------------------------------------------------------


class ArchiveReader:
    """Reads a checked archive: the manifest first, then members by name."""

    def __init__(self, path: Path) -> None:
        try:
            self._zip = zipfile.ZipFile(path) if is_zip(path) else None
            self._tar = None if self._zip else tarfile.open(path, "r:gz")  # noqa: SIM115 (closed by close())
        except (OSError, zipfile.BadZipFile, tarfile.TarError) as exc:
            raise ArchiveError(
                f"{path} is not a readable space archive: {exc}"
            ) from exc

    def names(self) -> set[str]:
        if self._zip is not None:
            return {info.filename for info in self._zip.infolist() if not info.is_dir()}
        return {m.name for m in self._tar.getmembers() if m.isfile()}  # type: ignore[union-attr]

    def open(self, name: str) -> IO[bytes]:
        if self._zip is not None:
            return self._zip.open(name)
        stream = self._tar.extractfile(name)  # type: ignore[union-attr]
        if stream is None:
            raise ArchiveError(f"{name} is not a file in the archive.")
        return stream

    def read(self, name: str) -> bytes:
        with self.open(name) as stream:
            return stream.read()

    def close(self) -> None:
        (self._zip or self._tar).close()  # type: ignore[union-attr]


def read_manifest(reader: ArchiveReader) -> dict[str, Any]:
    if MANIFEST not in reader.names():
        raise ArchiveError(
            "The file has no manifest.json: it is not an etwincms space archive."
        )
    manifest = json.loads(reader.read(MANIFEST))
    if manifest.get("kind") != KIND:
        raise ArchiveError(
            "This is not a space archive (a site backup goes to `etwincms restore`)."
        )
    if manifest.get("format", 0) > FORMAT:
        raise ArchiveError(
            "The archive was made by a newer etwincms: upgrade this site first."
        )
    return manifest


def check_members(reader: ArchiveReader, manifest: dict[str, Any]) -> None:
    """The archive holds exactly the manifest's members, with safe names."""
    expected = set(manifest["checksums"])
    present = reader.names() - {MANIFEST}
    missing, unexpected = sorted(expected - present), sorted(present - expected)
    if missing or unexpected:
        raise ArchiveError(
            f"The archive is damaged: missing {missing[:5]}, unexpected {unexpected[:5]}."
        )
    unsafe = [
        n
        for n in expected
        if not (TABLE_MEMBER.fullmatch(n) or FILE_MEMBER.fullmatch(n))
    ]
    if unsafe:
        raise ArchiveError(f"The archive names members it may not hold: {unsafe[:5]}.")


def checked_bytes(reader: ArchiveReader, manifest: dict[str, Any], name: str) -> bytes:
    """A member's bytes, refused unless its SHA-256 is the manifest's."""
    data = reader.read(name)
    if hashlib.sha256(data).hexdigest() != manifest["checksums"][name]:
        raise ArchiveError(
            f"The checksum of {name} does not match: the archive was changed or damaged."
        )
    return data


def verify_all(
    reader: ArchiveReader,
    manifest: dict[str, Any],
    progress: Callable[[list[str], str], Any],
) -> None:
    """Check every member's checksum (streaming) before anything is imported."""
    for name in progress(sorted(manifest["checksums"]), "Checking the archive"):
        digest = hashlib.sha256()
        with reader.open(name) as stream:
            while chunk := stream.read(CHUNK):
                digest.update(chunk)
        if digest.hexdigest() != manifest["checksums"][name]:
            raise ArchiveError(
                f"The checksum of {name} does not match: "
                "the archive was changed or damaged."
            )
