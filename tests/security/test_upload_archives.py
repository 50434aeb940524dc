"""Archives are kept whole and read in memory: no member's name ever becomes a path.

A zip whose members are called ``../../../../evil.txt``, ``/tmp/abs.txt`` and
``..\\..\\win.ini`` (and which looks like a Word document, so the text extractor opens it)
is uploaded as a material: it must be stored as one opaque file under the hash of its
bytes, and reading its text must write nothing anywhere. The storage root sits four
folders deep and the process (and the extractor it starts) works in a folder of its own,
so a member written to its path would appear where this test looks. A scan of the code
makes sure no module extracts archives to member paths at all.
"""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from etwincms.db import commit
from etwincms.extraction.jobs import extract_pending
from etwincms.models import Material
from etwincms.models.material import TextStatus
from etwincms.state import get_state
from etwincms.testing import AuthActions, SpaceWithMembers, make_config
from tests.security.uploading import files_under, post_files

ROOT = Path(__file__).resolve().parents[2]
DEPTH = ("deep", "er", "still", "storage")
MEMBERS = (
    "../../../../evil.txt",
    "/tmp/abs.txt",  # noqa: S108 (a member's name, never a path we open)
    "..\\..\\win.ini",
    "word/../../up.xml",
)
#: Calls that write archive members to paths taken from the archive.
EXTRACTING = re.compile(r"\.extractall\(|\.extract\(|unpack_archive\(|\.makefile\(")


@pytest.fixture
def app_config(tmp_path: Path, database_url: str | None) -> dict[str, Any]:
    storage = str(tmp_path.joinpath(*DEPTH))
    return make_config(tmp_path, database_url, STORAGE_DIR=storage)


def hostile_docx() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(
            "word/document.xml",
            '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/'
            'main"><w:body><w:p><w:r><w:t>Crop rotation</w:t></w:r></w:p></w:body>'
            "</w:document>",
        )
        for name in MEMBERS:
            archive.writestr(zipfile.ZipInfo(name), b"owned")
    return out.getvalue()


def test_a_zip_with_traversal_members_is_stored_whole_and_read_in_memory(
    app: Flask,
    client: FlaskClient,
    auth: AuthActions,
    space: SpaceWithMembers,
    session: Session,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    workdir = tmp_path / "cwd" / "a" / "b"
    workdir.mkdir(parents=True)
    monkeypatch.chdir(workdir)
    data = hostile_docx()
    assert [i.filename for i in zipfile.ZipFile(io.BytesIO(data)).infolist()][2:] == [
        *MEMBERS
    ]
    space.login(auth, "teacher")
    before = files_under(tmp_path)
    library = f"/s/{space.project.slug}/-/materials"
    response = post_files(client, library, [("essay.docx", data)])
    assert response.status_code == 302
    material = session.query(Material).one()
    assert material.text_status == TextStatus.PENDING  # the extractor will open it
    extract_pending(session, get_state().storage, app.config, commit=commit)
    session.refresh(material)
    assert material.text_status == TextStatus.EXTRACTED, material.text_reason
    assert "Crop rotation" in (material.extracted_text or "")
    digest = hashlib.sha256(data).hexdigest()
    storage = tmp_path.joinpath(*DEPTH)
    new = files_under(tmp_path) - before
    assert {p for p in new if storage in p.parents} == {
        storage / digest[:2] / digest[2:4] / digest
    }
    assert (storage / material.storage_key).read_bytes() == data
    names = {"evil.txt", "abs.txt", "win.ini", "up.xml", "..\\..\\win.ini"}
    assert not any(path.name in names for path in new), new
    assert files_under(workdir) == set()


def test_no_code_extracts_archives_to_paths() -> None:
    """Office files are read member by member in memory; nothing unpacks to disk."""
    sources = [
        *ROOT.joinpath("etwincms").rglob("*.py"),
        *ROOT.joinpath("plugins").rglob("*.py"),
    ]
    assert len(sources) > 50
    found = [
        f"{path.relative_to(ROOT)}: {line.strip()}"
        for path in sources
        for line in path.read_text(encoding="utf-8").splitlines()
        if EXTRACTING.search(line)
    ]
    assert found == []
