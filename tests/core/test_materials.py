"""Materials: content-addressed storage, size limits, names kept only as metadata."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from etwincms.errors import NotFound, PermissionDenied, ValidationError
from etwincms.models import Role
from etwincms.services import materials
from etwincms.state import get_state
from etwincms.testing import Factory


@pytest.fixture
def world(session: Any, make: Factory) -> dict[str, Any]:
    teacher = make.user("teacher")
    project = make.space(teacher)
    observer = make.user("observer", kind="staff")
    make.member(project, observer, Role.OBSERVER)
    return {
        "session": session,
        "teacher": teacher,
        "observer": observer,
        "project": project,
    }


def upload(world: dict[str, Any], data: bytes, name: str = "worksheet.pdf") -> Any:
    return materials.attach_material(
        world["session"],
        world["teacher"],
        world["project"],
        io.BytesIO(data),
        filename=name,
    )


def stored_files(app: Flask) -> list[Path]:
    root = Path(app.config["STORAGE_DIR"])
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def test_files_are_stored_under_their_hash(app: Flask, world: dict[str, Any]) -> None:
    data = b"%PDF-1.4 crop rotation worksheet"
    material = upload(world, data)
    digest = hashlib.sha256(data).hexdigest()
    assert (material.sha256, material.size) == (digest, len(data))
    assert material.storage_key == f"{digest[:2]}/{digest[2:4]}/{digest}"
    assert material.media_type == "application/pdf"
    with get_state().storage.open(material.storage_key) as stored:
        assert stored.read() == data


def test_the_same_bytes_are_stored_once(app: Flask, world: dict[str, Any]) -> None:
    first, second = upload(world, b"same", "a.txt"), upload(world, b"same", "b.txt")
    assert first.storage_key == second.storage_key
    assert len(stored_files(app)) == 1


def test_original_names_never_become_paths(app: Flask, world: dict[str, Any]) -> None:
    material = upload(world, b"x", "../../etc/passwd\x00.txt")
    assert material.original_name == "passwd_.txt"
    assert "passwd" not in "".join(str(p) for p in stored_files(app))


def test_oversized_uploads_are_refused_and_nothing_is_kept(
    app: Flask, world: dict[str, Any]
):
    app.config["MAX_MATERIAL_BYTES"] = 1024
    with pytest.raises(ValidationError, match="larger than the limit"):
        upload(world, b"x" * 2048)
    assert stored_files(app) == []


def test_observers_may_read_but_not_upload(world: dict[str, Any]) -> None:
    upload(world, b"notes")
    listed = materials.list_materials(
        world["session"], world["observer"], world["project"]
    )
    assert [m.original_name for m in listed] == ["worksheet.pdf"]
    with pytest.raises(PermissionDenied):
        materials.attach_material(
            world["session"],
            world["observer"],
            world["project"],
            io.BytesIO(b"x"),
            filename="x.txt",
        )


def test_deleted_materials_disappear_from_the_list(world: dict[str, Any]) -> None:
    material = upload(world, b"old")
    materials.delete_material(
        world["session"], world["teacher"], world["project"], material
    )
    assert (
        materials.list_materials(world["session"], world["teacher"], world["project"])
        == []
    )


def test_storage_keys_are_checked(app: Flask, world: dict[str, Any]) -> None:
    with pytest.raises(ValueError, match="not a storage key"):
        get_state().storage.open("../../etc/passwd")


def test_a_material_is_found_only_in_its_own_space(
    world: dict[str, Any], make: Factory
):
    material = upload(world, b"plan")
    other = make.space(world["teacher"], title="Other space")
    found = materials.get_material(
        world["session"], world["teacher"], world["project"], material.id
    )
    assert found.id == material.id
    with pytest.raises(NotFound):
        materials.get_material(world["session"], world["teacher"], other, material.id)
    with pytest.raises(PermissionDenied):
        materials.get_material(world["session"], None, world["project"], material.id)
