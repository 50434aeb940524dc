"""Materials: content-addressed storage, size limits, names kept only as metadata, images
re-encoded without their metadata (and bombs refused), rename, trash and restore."""

from __future__ import annotations

import hashlib
import io
import struct
import zlib
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from PIL import ExifTags, Image
from sqlalchemy import select

from etwincms.errors import NotFound, PermissionDenied, ValidationError
from etwincms.models import AuditEntry, Role
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


# ---------------------------------------------------------------- images


def jpeg(size: tuple[int, int] = (40, 20), orientation: int = 1) -> bytes:
    """A photo as a phone takes it: EXIF with the camera, the place and the orientation."""
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "PupilPhone"
    exif[ExifTags.Base.Orientation] = orientation
    exif[ExifTags.IFD.GPSInfo] = {
        1: "N",
        2: (39.0, 28.0, 11.0),
        3: "W",
        4: (0.0, 22.0, 33.0),
    }
    out = io.BytesIO()
    Image.new("RGB", size, "olive").save(
        out, "JPEG", exif=exif, comment=b"Calle Mayor 3"
    )
    return out.getvalue()


def png_bomb(side: int) -> bytes:
    """A valid black-and-white PNG of ``side`` x ``side`` pixels: a few KB on disk."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = struct.pack(">I", zlib.crc32(kind + data))
        return struct.pack(">I", len(data)) + kind + data + crc

    packer, row = zlib.compressobj(9), b"\0" * (1 + (side + 7) // 8)
    pixels = b"".join(packer.compress(row) for _ in range(side)) + packer.flush()
    header = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", pixels)
        + chunk(b"IEND", b"")
    )


def stored_image(material: Any) -> Image.Image:
    with get_state().storage.open(material.storage_key) as stored:
        return Image.open(io.BytesIO(stored.read()))


def test_photos_are_stored_without_exif_gps_or_comments(
    world: dict[str, Any],
) -> None:
    original = jpeg()
    assert b"PupilPhone" in original and b"Calle Mayor" in original
    material = upload(world, original, "trip.jpg")
    with get_state().storage.open(material.storage_key) as stored:
        data = stored.read()
    assert b"PupilPhone" not in data and b"Calle Mayor" not in data
    image = Image.open(io.BytesIO(data))
    assert dict(image.getexif()) == {} and "comment" not in image.info
    assert material.sha256 == hashlib.sha256(data).hexdigest()
    assert (material.size, material.media_type) == (len(data), "image/jpeg")


def test_photos_stand_upright_and_get_a_thumbnail(world: dict[str, Any]) -> None:
    material = upload(world, jpeg((800, 400), orientation=6), "sideways.jpg")
    assert (material.width, material.height) == (400, 800)
    assert stored_image(material).size == (400, 800)
    with get_state().storage.open(material.thumbnail_key) as stored:
        thumbnail = Image.open(io.BytesIO(stored.read()))
    assert (thumbnail.format, thumbnail.size) == ("WEBP", (160, 320))
    assert materials.is_image(material)


def test_the_type_of_an_image_comes_from_its_bytes(world: dict[str, Any]) -> None:
    out = io.BytesIO()
    Image.new("RGBA", (8, 8), (0, 0, 255, 128)).save(out, "PNG")
    material = upload(world, out.getvalue(), "logo.jpg")
    assert material.media_type == "image/png"
    assert stored_image(material).mode == "RGBA"


def test_a_text_file_called_jpg_is_no_image(world: dict[str, Any]) -> None:
    material = upload(world, b"<html><script>alert(1)</script>", "cat.jpg")
    assert material.media_type == "application/octet-stream"
    assert not materials.is_image(material)
    assert material.thumbnail_key is None and material.width is None


def test_svg_is_kept_as_sent_and_is_no_image(world: dict[str, Any]) -> None:
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    material = upload(world, svg, "logo.svg")
    assert (material.media_type, material.size) == ("image/svg+xml", len(svg))
    assert not materials.is_image(material)


@pytest.mark.parametrize("side", [9_000, 10_000, 14_000])
def test_decompression_bombs_are_refused(
    app: Flask, world: dict[str, Any], side: int
) -> None:
    """Past our limit; past Pillow's warning limit; past Pillow's error limit."""
    bomb = png_bomb(side)
    assert len(bomb) < 100_000
    with pytest.raises(ValidationError, match="too large"):
        upload(world, bomb, "bomb.png")
    assert stored_files(app) == []


def test_a_damaged_image_is_refused(app: Flask, world: dict[str, Any]) -> None:
    with pytest.raises(ValidationError, match="damaged"):
        upload(world, jpeg((400, 400))[:300], "half.jpg")
    assert stored_files(app) == []


def test_animations_keep_their_frames_but_not_their_comments(
    world: dict[str, Any],
) -> None:
    frames = [Image.new("RGB", (20, 20), c) for c in ("red", "green", "blue")]
    out = io.BytesIO()
    frames[0].save(
        out,
        "GIF",
        save_all=True,
        append_images=frames[1:],
        duration=[80, 90, 100],
        loop=0,
        comment=b"made by Lucia",
    )
    material = upload(world, out.getvalue(), "wave.gif")
    image = stored_image(material)
    assert (image.format, image.n_frames) == ("GIF", 3)
    assert "Lucia" not in str(image.info)


# ---------------------------------------------------------------- rename, trash, restore


def test_renaming_keeps_the_bytes_and_types_files_by_their_new_name(
    world: dict[str, Any],
) -> None:
    material = upload(world, b"a,b\n1,2\n", "results")
    key = material.storage_key
    materials.rename_material(
        world["session"], world["teacher"], world["project"], material, "results.csv"
    )
    assert (material.original_name, material.storage_key) == ("results.csv", key)
    assert material.media_type == "text/csv"
    with pytest.raises(ValidationError, match="needs a name"):
        materials.rename_material(
            world["session"], world["teacher"], world["project"], material, " / "
        )


def test_an_image_keeps_its_type_whatever_its_new_name(world: dict[str, Any]) -> None:
    material = upload(world, jpeg(), "a.jpg")
    materials.rename_material(
        world["session"], world["teacher"], world["project"], material, "a.txt"
    )
    assert material.media_type == "image/jpeg"


def test_uploaders_rename_their_own_files_only(
    world: dict[str, Any], make: Factory
) -> None:
    session, project = world["session"], world["project"]
    pupil = make.user("pupil", kind="pupil")
    make.member(project, pupil, Role.PUPIL)
    theirs = upload(world, b"plan", "plan.txt")
    mine = materials.attach_material(
        session, pupil, project, io.BytesIO(b"x"), filename="mine.txt"
    )
    materials.rename_material(session, pupil, project, mine, "my notes.txt")
    assert materials.may_rename(pupil, project, theirs) is False
    with pytest.raises(PermissionDenied):
        materials.rename_material(session, pupil, project, theirs, "oops.txt")
    with pytest.raises(PermissionDenied):
        materials.delete_material(session, pupil, project, mine)


def test_trash_and_restore(world: dict[str, Any]) -> None:
    session, teacher, project = world["session"], world["teacher"], world["project"]
    material = upload(world, b"old")
    materials.delete_material(session, teacher, project, material)
    assert materials.list_trashed_materials(session, teacher, project) == [material]
    assert materials.list_trashed_materials(session, world["observer"], project) == []
    with pytest.raises(NotFound):
        materials.get_trashed_material(session, world["observer"], project, material.id)
    found = materials.get_trashed_material(session, teacher, project, material.id)
    materials.restore_material(session, teacher, project, found)
    assert materials.list_materials(session, teacher, project) == [material]
    with pytest.raises(NotFound):
        materials.get_trashed_material(session, teacher, project, material.id)
    actions = [
        e.action for e in session.scalars(select(AuditEntry).order_by(AuditEntry.id))
    ]
    assert actions[-3:] == ["material.upload", "material.delete", "material.restore"]


def test_text_files_have_a_preview(world: dict[str, Any]) -> None:
    lines = "".join(f"line {n}\n" for n in range(50)).encode()
    assert materials.text_preview(upload(world, lines, "notes.txt"), 3) == (
        "line 0\nline 1\nline 2"
    )
    assert materials.text_preview(upload(world, b"%PDF", "a.pdf")) is None
