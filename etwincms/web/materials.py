"""A space's materials library: upload, browse, preview, rename, trash, restore, serve.

Uploading works as a plain multipart form; ``uploads.js`` enhances it with a progress
bar per file by posting each file to the same address asking for JSON, which is also the
editor's way to insert files (answer: ``{"materials": [...]}`` or ``{"error": ...}``).
Files are served so that nothing uploaded can run in the site's origin: re-encoded
images inline, everything else (SVG included) as an attachment, typed from their bytes
and never as something a browser executes, always with ``nosniff``, a sandboxing CSP
that forbids framing, and a download name that cannot bend the header
(:mod:`.file_responses`). The library is for those with ``material.view`` (members of
the space, site admins); one file's bytes may also be fetched by whoever may read a page
that shows it, or content of a plugin that says so through ``material_shown`` (a photo
in a public blog post). A document's detail page says whether its text is searchable, or
why not; the text itself is read after the upload, off the request path
(:mod:`etwincms.extraction`).
"""

from __future__ import annotations

from typing import Any

from flask import (
    Blueprint,
    current_app,
    flash,
    g,
    jsonify,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_babel import format_decimal, ngettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from werkzeug.datastructures import FileStorage

from ..db import commit, get_session
from ..errors import NotFound, PermissionDenied, ValidationError
from ..extraction import errors as extraction_errors
from ..extraction import executor as extraction
from ..models import Material, Page, Project
from ..models.material import TextStatus
from ..permissions import can
from ..services import links, materials, quota, spaces, tree
from .file_responses import protect
from .helpers import signed_in_user

bp = Blueprint("materials", __name__)
# Set up with the app (never at import): commits storing documents wake the extractor.
bp.record_once(lambda state: extraction.install(state.app))

#: (kind, what its media type contains), first match wins: csv is a sheet, not text.
KIND_PATTERNS = (
    ("pdf", ("application/pdf",)),
    ("sheet", ("spreadsheet", "excel", "text/csv")),
    ("slides", ("presentation", "powerpoint")),
    ("doc", ("wordprocessing", "msword", "opendocument.text", "rtf")),
    ("archive", ("zip", "x-tar", "gzip", "x-7z", "x-rar")),
    ("audio", ("audio/",)),
    ("video", ("video/",)),
    ("image", ("image/",)),
    ("text", ("text/",)),
)
KIND_LABELS = {
    "pdf": _l("PDF document"),
    "sheet": _l("Spreadsheet"),
    "slides": _l("Presentation"),
    "doc": _l("Text document"),
    "archive": _l("Archive"),
    "audio": _l("Audio"),
    "video": _l("Video"),
    "image": _l("Image (download only)"),
    "text": _l("Plain text"),
    "other": _l("File"),
}
#: Kinds served with their own media type: none of them runs as a page or a script.
PASSIVE_KINDS = frozenset(
    {"pdf", "sheet", "slides", "doc", "archive", "audio", "video"}
)
PLAIN_TEXT = frozenset({"text/plain", "text/csv", "text/markdown"})
#: Why a file's text was not extracted (:mod:`etwincms.extraction.errors`), for people.
TEXT_REASONS = {
    extraction_errors.TOO_LARGE: _l(
        "the file is larger than the limit for reading text"
    ),
    extraction_errors.TOO_BIG_UNPACKED: _l("the document unpacks to too much data"),
    extraction_errors.BOMB: _l(
        "the document is compressed far more than documents are"
    ),
    extraction_errors.UNSAFE_XML: _l("the document contains XML that is not allowed"),
    extraction_errors.ENCRYPTED: _l("the file is protected with a password"),
    extraction_errors.UNREADABLE: _l(
        "the file is damaged or in a variant we cannot read"
    ),
    extraction_errors.NO_TEXT: _l(
        "no text was found in it (is it a scanned document?)"
    ),
    extraction_errors.TIMEOUT: _l("reading it took too long"),
    extraction_errors.MEMORY: _l("reading it needed too much memory"),
    extraction_errors.CRASHED: _l("the text reader stopped unexpectedly"),
    extraction_errors.MISSING: _l("the stored file is missing"),
}


def library_space(slug: str) -> Project:
    """The space (NotFound for those who may not see it), with Materials highlighted."""
    project = spaces.get_space(get_session(), signed_in_user(), slug)
    g.active_nav = "materials"
    return project


def load(slug: str, material_id: int) -> tuple[Project, Material]:
    project = library_space(slug)
    session, user = get_session(), signed_in_user()
    return project, materials.get_material(session, user, project, material_id)


def load_shown(slug: str, material_id: int) -> Material:
    """A material for its bytes: members, and readers of a page that uses it."""
    session, user = get_session(), signed_in_user()
    project = spaces.get_space(session, user, slug)
    return materials.get_shown_material(session, user, project, material_id)


def back_to_library(project: Project, **args: Any) -> ResponseReturnValue:
    return redirect(url_for("materials.library", slug=project.slug, **args))


def back_to_detail(project: Project, material: Material) -> ResponseReturnValue:
    return redirect(detail_url(project, material))


def refused(error: ValidationError) -> None:
    get_session().rollback()
    flash(str(error), "error")


# ---------------------------------------------------------------- addresses and kinds


def detail_url(project: Project, material: Material) -> str:
    return url_for("materials.detail", slug=project.slug, material_id=material.id)


def file_url(project: Project, material: Material) -> str:
    """The address pages link to; parentheses escaped so Markdown keeps it whole."""
    url = url_for(
        "materials.file",
        slug=project.slug,
        material_id=material.id,
        name=material.original_name,
    )
    return url.replace("(", "%28").replace(")", "%29")


def thumbnail_url(project: Project, material: Material) -> str | None:
    if not materials.is_image(material):
        return None
    return url_for("materials.thumbnail", slug=project.slug, material_id=material.id)


def file_kind(material: Material) -> str:
    media_type = material.media_type
    for kind, needles in KIND_PATTERNS:
        if any(needle in media_type for needle in needles):
            return kind
    return "other"


def kind_label(material: Material) -> str:
    if materials.is_image(material):
        return _("Image")
    return str(KIND_LABELS[file_kind(material)])


def icon_text(material: Material) -> str:
    """The few letters on a file's icon: its extension, else what kind it is."""
    name = material.original_name
    if "." in name.strip("."):
        return name.rsplit(".", 1)[1][:4].upper()
    return file_kind(material)[:4].upper()


def text_reason(material: Material) -> str:
    """Why the material's text was not extracted, in the reader's language."""
    reason = TEXT_REASONS.get(material.text_reason or "")
    return str(reason) if reason else _("the file could not be read")


def human_size(size: int) -> str:
    if size < 1024:
        return _("%(n)s bytes", n=format_decimal(size))
    if size < 1024 * 1024:
        return _("%(n)s KB", n=format_decimal(round(size / 1024, 1)))
    if size < 1024**3:
        return _("%(n)s MB", n=format_decimal(round(size / (1024 * 1024), 1)))
    return _("%(n)s GB", n=format_decimal(round(size / 1024**3, 1)))


@bp.context_processor
def material_helpers() -> dict[str, Any]:
    return {
        "detail_url": detail_url,
        "file_url": file_url,
        "thumbnail_url": thumbnail_url,
        "file_kind": file_kind,
        "kind_label": kind_label,
        "icon_text": icon_text,
        "human_size": human_size,
        "text_reason": text_reason,
        "is_image": materials.is_image,
        "markdown_for": markdown_for,
    }


# ---------------------------------------------------------------- the library


@bp.route("/s/<slug>/-/materials")
def library(slug: str) -> ResponseReturnValue:
    project = library_space(slug)
    session, user = get_session(), signed_in_user()
    listed = materials.list_materials(session, user, project)
    return render_template(
        "materials/library.html",
        project=project,
        images=[m for m in listed if materials.is_image(m)],
        files=[m for m in listed if not materials.is_image(m)],
        trashed=materials.list_trashed_materials(session, user, project),
        uploaded=request.args.get("uploaded", type=int),
        usage=quota.usage(session, project),
    )


@bp.post("/s/<slug>/-/materials")
def upload(slug: str) -> ResponseReturnValue:
    """Store every ``file`` field; JSON for scripts that ask for it, else a redirect."""
    project = library_space(slug)
    try:
        uploaded = store_uploads(project)
    except ValidationError as error:
        get_session().rollback()
        if wants_json():
            return jsonify(error=str(error)), 400
        flash(str(error), "error")
        return back_to_library(project)
    except PermissionDenied:
        if wants_json():
            return jsonify(error=_("You may not upload files here.")), 403
        raise
    commit()
    if wants_json():
        return jsonify(materials=[as_json(project, m) for m in uploaded]), 201
    count = len(uploaded)
    flash(ngettext("%(num)d file uploaded.", "%(num)d files uploaded.", count), "info")
    return back_to_library(project)


def store_uploads(project: Project) -> list[Material]:
    files = chosen_files()
    if not files:
        raise ValidationError(_("Choose at least one file to upload."), "file")
    session, user, page = get_session(), signed_in_user(), page_from_form(project)
    return [
        materials.attach_material(
            session, user, project, f.stream, filename=f.filename or "", page=page
        )
        for f in files
    ]


def chosen_files(field: str = "file") -> list[FileStorage]:
    """The files sent in ``field``. A part without a name counts only when it holds
    bytes: browsers send an empty nameless part for a file input left empty, while a
    client may send a real file with no name (it is kept, named ``file``)."""
    return [f for f in request.files.getlist(field) if f.filename or has_bytes(f)]


def has_bytes(upload: FileStorage) -> bool:
    here = upload.stream.tell()
    found = upload.stream.read(1) != b""
    upload.stream.seek(here)
    return found


def page_from_form(project: Project) -> Page | None:
    page_id = request.form.get("page", type=int)
    if not page_id:
        return None
    try:
        return tree.get_page_by_id(get_session(), signed_in_user(), project, page_id)
    except NotFound:
        raise ValidationError(_("That page was not found."), "page") from None


def wants_json() -> bool:
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return best == "application/json"


def as_json(project: Project, material: Material) -> dict[str, Any]:
    """One uploaded file as the editor needs it, with the Markdown that shows it."""
    return {
        "id": material.id,
        "name": material.original_name,
        "url": file_url(project, material),
        "thumbnail_url": thumbnail_url(project, material),
        "is_image": materials.is_image(material),
        "markdown": markdown_for(project, material),
    }


def markdown_for(project: Project, material: Material) -> str:
    """``![name](url)`` for an image, ``[name](url)`` for another file."""
    label = material.original_name
    for char in ("\\", "[", "]"):
        label = label.replace(char, "\\" + char)
    link = f"[{label}]({file_url(project, material)})"
    return "!" + link if materials.is_image(material) else link


# ---------------------------------------------------------------- one material


@bp.route("/s/<slug>/-/materials/<int:material_id>")
def detail(slug: str, material_id: int) -> ResponseReturnValue:
    project, material = load(slug, material_id)
    session, user = get_session(), signed_in_user()
    if material.text_status == TextStatus.PENDING:
        extraction.nudge(current_app._get_current_object())  # type: ignore[attr-defined]
    return render_template(
        "materials/detail.html",
        project=project,
        material=material,
        used_on=links.pages_using(session, user, project, material),
        uploader=materials.uploader_of(session, material),
        names_visible=can(user, "member.view", project),
        preview=materials.text_preview(material),
        may_rename=materials.may_rename(user, project, material),
    )


@bp.post("/s/<slug>/-/materials/<int:material_id>/rename")
def rename(slug: str, material_id: int) -> ResponseReturnValue:
    project, material = load(slug, material_id)
    name = request.form.get("name", "")
    try:
        materials.rename_material(
            get_session(), signed_in_user(), project, material, name
        )
    except ValidationError as error:
        refused(error)
        return back_to_detail(project, material)
    commit()
    flash(_("Renamed to “%(name)s”.", name=material.original_name), "info")
    return back_to_detail(project, material)


@bp.post("/s/<slug>/-/materials/<int:material_id>/delete")
def delete(slug: str, material_id: int) -> ResponseReturnValue:
    project, material = load(slug, material_id)
    materials.delete_material(get_session(), signed_in_user(), project, material)
    commit()
    flash(
        _(
            "“%(name)s” is in the trash: it can be restored from the materials page.",
            name=material.original_name,
        ),
        "info",
    )
    return back_to_library(project)


@bp.post("/s/<slug>/-/materials/<int:material_id>/restore")
def restore(slug: str, material_id: int) -> ResponseReturnValue:
    project = library_space(slug)
    session, user = get_session(), signed_in_user()
    material = materials.get_trashed_material(session, user, project, material_id)
    materials.restore_material(session, user, project, material)
    commit()
    flash(_("“%(name)s” is back.", name=material.original_name), "info")
    return back_to_detail(project, material)


# ---------------------------------------------------------------- the bytes


@bp.route("/s/<slug>/-/materials/<int:material_id>/<path:name>", endpoint="file")
def serve_file(slug: str, material_id: int, name: str) -> ResponseReturnValue:
    """The file; ``name`` is for people and links only (a renamed file keeps working)."""
    return send_material(load_shown(slug, material_id), thumbnail=False)


@bp.route("/s/<slug>/-/materials/<int:material_id>/-/thumbnail")
def thumbnail(slug: str, material_id: int) -> ResponseReturnValue:
    return send_material(load_shown(slug, material_id), thumbnail=True)


def send_material(material: Material, *, thumbnail: bool) -> ResponseReturnValue:
    """Images inline, anything else as an attachment; never sniffed, never cached stale.

    ``no-cache`` with an ETag (the bytes' SHA-256): browsers keep the file but ask each
    time, so a file moved to the trash or a member removed stops being served at once.
    """
    inline = thumbnail or materials.is_image(material)
    response = send_file(
        materials.open_file(material, thumbnail=thumbnail),
        mimetype="image/webp" if thumbnail else served_type(material),
        etag=material.sha256 + ("-thumbnail" if thumbnail else ""),
        max_age=0,
        conditional=True,
    )
    if response.status_code == 200 and not thumbnail:
        response.content_length = material.size
    response.cache_control.private = True
    name = material.original_name + (".webp" if thumbnail else "")
    return protect(response, name, inline=inline)


def served_type(material: Material) -> str:
    """An image's own type; a passive file's own type; anything else plain bytes.

    The recorded type already comes from the bytes; this second filter also covers rows
    typed by their name before that was so (an SVG or HTML file stays plain bytes).
    """
    media_type = material.media_type
    if materials.is_image(material) or media_type in PLAIN_TEXT:
        return media_type
    if file_kind(material) in PASSIVE_KINDS:
        return media_type
    return "application/octet-stream"
