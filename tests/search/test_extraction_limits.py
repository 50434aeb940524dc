"""Hostile and huge files cannot stall the site, and every failure leaves a reason.

A real HTTP server (werkzeug, threaded) answers page requests while the extraction of a
50 MB document runs in the background; a zip bomb is refused before it is unpacked; a
file that makes its extractor run out of time or memory is marked "not extracted" and
the next file is read as usual. The readers' own caps (zip entries, member sizes,
compression ratio, XML entities, text length) are checked on the functions directly.
"""

from __future__ import annotations

import io
import sys
import threading
import time
import zipfile
from collections.abc import Iterator
from typing import Any

import pytest
import requests
from click.testing import CliRunner
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.serving import make_server

from etwincms.cli import main
from etwincms.extraction import errors, runner, sniff
from etwincms.extraction.child import extract
from etwincms.extraction.errors import Refused
from etwincms.extraction.office import ZipLimits, office_text
from etwincms.extraction.runner import Limits
from etwincms.extraction.sink import TextSink
from etwincms.models.material import TextStatus
from etwincms.testing import PASSWORD, AuthActions, SpaceWithMembers, csrf_token
from tests.search.cli_settings import cli_settings
from tests.search.test_extraction import (
    CONTENT_TYPES,
    docx,
    material_row,
    pdf,
    pdf_from_streams,
    search_page,
    upload,
    wait_done,
    word_xml,
    zipped,
)
from tests.search.test_extraction import (
    stop_extractor as stop_extractor,  # the same teardown here
)

MB = 1024 * 1024
#: A page request while an extraction runs must be answered within this (it takes
#: milliseconds; the bound leaves room for a busy two-core machine).
FAST_SECONDS = 2.0


@pytest.fixture
def app_config(app_config: dict[str, Any]) -> dict[str, Any]:
    return {**app_config, "EXTRACT_MODE": "thread"}


def slow_pdf(size: int) -> bytes:
    """A PDF of about ``size`` bytes that is all drawing operators: slow, no text."""
    line = b"1 0 0 1 0 0 cm 0 0 m 10 10 l S\n"
    ops = line * (size // len(line))
    return pdf_from_streams([b"BT /F1 12 Tf 72 720 Td (cover) Tj ET\n" + ops])


def bomb_docx(unpacked: int = 200 * MB) -> bytes:
    """A DOCX whose document.xml unpacks to ``unpacked`` bytes from a few hundred KB."""
    filler = "<w:p><w:r><w:t>" + "a" * (unpacked - 200) + "</w:t></w:r></w:p>"
    return zipped(
        [
            ("[Content_Types].xml", CONTENT_TYPES),
            ("word/document.xml", word_xml(filler)),
        ]
    )


# ---------------------------------------------------------------- a real server


class LiveSite:
    """The app served over real HTTP in a thread, with a signed-in teacher's session."""

    def __init__(self, app: Flask) -> None:
        self.server = make_server("127.0.0.1", 0, app, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        self.http = requests.Session()

    def login(self, username: str) -> None:
        token = csrf_token(self.http.get(self.url + "/login").text)
        form = {"username": username, "password": PASSWORD, "csrf_token": token}
        assert self.http.post(self.url + "/login", data=form).ok

    def upload(self, slug: str, body: bytes, name: str) -> int:
        token = csrf_token(self.http.get(self.url + "/spaces").text)
        response = self.http.post(
            f"{self.url}/s/{slug}/-/materials",
            data={"csrf_token": token},
            files={"file": (name, body)},
            headers={"Accept": "application/json"},
        )
        assert response.status_code == 201, response.text
        return response.json()["materials"][0]["id"]

    def timed_get(self, path: str) -> float:
        started = time.monotonic()
        response = self.http.get(self.url + path)
        assert response.status_code == 200
        return time.monotonic() - started

    def close(self) -> None:
        self.http.close()
        self.server.shutdown()
        self.server.server_close()
        self.thread.join()


@pytest.fixture
def site(app: Flask, space: SpaceWithMembers) -> Iterator[LiveSite]:
    live = LiveSite(app)
    live.login(space.users["teacher"].username)
    yield live
    live.close()


def requests_while_pending(
    app: Flask, site: LiveSite, path: str, material_id: int
) -> list[float]:
    """Time page requests for as long as the material's extraction is not done."""
    timings = []
    while material_row(app, material_id).text_status == TextStatus.PENDING:
        timings.append(site.timed_get(path))
        time.sleep(0.05)
    return timings


def test_a_50_mb_document_does_not_block_other_requests(
    app: Flask, site: LiveSite, space: SpaceWithMembers
) -> None:
    app.config.update(EXTRACT_MAX_BYTES=60 * MB, EXTRACT_TIMEOUT=4)
    body = slow_pdf(50_000_000)  # under MAX_MATERIAL_BYTES (50 MiB)
    assert len(body) >= 50_000_000
    started = time.monotonic()
    material_id = site.upload(space.project.slug, body, "huge-drawing.pdf")
    assert time.monotonic() - started < 30  # the upload itself does not wait for it
    library = f"/s/{space.project.slug}/-/materials"
    timings = requests_while_pending(app, site, library, material_id)
    assert len(timings) >= 5, "the extraction should have run for seconds"
    assert max(timings) < FAST_SECONDS, timings
    done = wait_done(app, material_id)
    assert done.text_status == TextStatus.NOT_EXTRACTED
    assert done.text_reason in {errors.TIMEOUT, errors.MEMORY}
    assert (
        "Text not extracted: reading it"
        in site.http.get(f"{site.url}{library}/{material_id}").text
    )


def test_a_zip_bomb_is_refused_without_blocking_requests(
    app: Flask, site: LiveSite, space: SpaceWithMembers
) -> None:
    body = bomb_docx()
    assert len(body) < MB
    material_id = site.upload(space.project.slug, body, "innocent.docx")
    timings = requests_while_pending(app, site, "/spaces", material_id)
    assert all(t < FAST_SECONDS for t in timings), timings
    done = wait_done(app, material_id)
    assert done.text_status == TextStatus.NOT_EXTRACTED
    assert done.text_reason == errors.BOMB
    html = site.http.get(f"{site.url}/s/{space.project.slug}/-/materials/{material_id}")
    assert "compressed far more than documents are" in html.text


def test_files_over_the_size_limit_are_not_read(
    app: Flask, client: FlaskClient, auth: AuthActions, space: SpaceWithMembers
) -> None:
    app.config["EXTRACT_MAX_BYTES"] = 1000
    space.login(auth, "teacher")
    material_id = upload(client, space, b"word " * 300, "long.txt")
    done = wait_done(app, material_id)
    assert (done.text_status, done.text_reason) == ("not_extracted", errors.TOO_LARGE)


@pytest.mark.skipif(sys.platform == "win32", reason="rlimits are POSIX")
def test_a_file_that_kills_its_extractor_does_not_stop_the_next_one(
    app: Flask, site: LiveSite, space: SpaceWithMembers
) -> None:
    slug = space.project.slug
    app.config.update(EXTRACT_TIMEOUT=2)  # past its CPU seconds the child is killed
    slow = site.upload(slug, slow_pdf(20 * MB), "slow.pdf")
    assert wait_done(app, slow).text_reason == errors.TIMEOUT
    app.config.update(EXTRACT_TIMEOUT=30, EXTRACT_MEMORY_BYTES=90 * MB)
    greedy = site.upload(slug, slow_pdf(21 * MB), "greedy.pdf")
    assert wait_done(app, greedy).text_reason == errors.MEMORY
    fine = site.upload(slug, docx("The wombatninth digs"), "fine.docx")
    assert wait_done(app, fine).text_status == TextStatus.EXTRACTED
    assert "fine.docx" in site.http.get(f"{site.url}/search?q=wombatninth").text


def test_an_extractor_that_dies_leaves_a_reason(
    app: Flask,
    client: FlaskClient,
    auth: AuthActions,
    space: SpaceWithMembers,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    suicide = [sys.executable, "-c", "import os, signal; os.kill(os.getpid(), 9)"]
    monkeypatch.setattr(runner, "command", lambda limits: suicide)
    space.login(auth, "teacher")
    material_id = upload(client, space, pdf("never read"), "doomed.pdf")
    done = wait_done(app, material_id)
    assert (done.text_status, done.text_reason) == ("not_extracted", errors.CRASHED)


def test_an_extractor_that_floods_its_output_is_cut_off() -> None:
    flood = [sys.executable, "-c", "import sys; sys.stdout.write('x' * 10**7)"]
    outcome = run_with(flood, b"hello")
    assert (outcome.status, outcome.reason) == ("not_extracted", errors.CRASHED)


def run_with(command: list[str], data: bytes) -> runner.Outcome:
    original = runner.command
    runner.command = lambda limits: command  # type: ignore[assignment]
    try:
        return runner.run(io.BytesIO(data), Limits(max_chars=100))
    finally:
        runner.command = original  # type: ignore[assignment]


# ---------------------------------------------------------------- the CLI


def cli_env(app: Flask, monkeypatch: pytest.MonkeyPatch, **settings: str) -> None:
    for name, value in cli_settings(app, **settings).items():
        monkeypatch.setenv(name, value)


def test_rebuild_extracts_what_is_pending_and_status_counts_it(
    app: Flask,
    client: FlaskClient,
    auth: AuthActions,
    space: SpaceWithMembers,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    app.config["EXTRACT_MODE"] = "off"
    space.login(auth, "teacher")
    good = upload(client, space, docx("The gerenukten runs"), "good.docx")
    bad = upload(client, space, b"PK\x03\x04 not really a zip", "bad.docx")
    cli_env(app, monkeypatch, EXTRACT_MODE="off")
    runner_ = CliRunner()
    before = runner_.invoke(main, ["search", "status"])
    assert "materials waiting for text extraction: 2" in before.output, before.output
    rebuilt = runner_.invoke(main, ["search", "rebuild"])
    assert rebuilt.exit_code == 0, rebuilt.output
    assert "text extracted from 2 materials" in rebuilt.output
    after = runner_.invoke(main, ["search", "status"])
    assert "materials waiting for text extraction: 0" in after.output
    assert "materials whose text was not extracted: 1" in after.output
    assert wait_done(app, good).text_status == TextStatus.EXTRACTED
    assert wait_done(app, bad).text_reason == errors.UNREADABLE
    assert "good.docx" in search_page(client, "gerenukten")


def test_the_worker_extracts_in_worker_mode(
    app: Flask,
    client: FlaskClient,
    auth: AuthActions,
    space: SpaceWithMembers,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    app.config.update(EXTRACT_MODE="worker", SEARCH_DRAIN="worker")
    space.login(auth, "teacher")
    material_id = upload(client, space, docx("The dikdikeleventh hides"), "dik.docx")
    time.sleep(0.3)
    # the web process leaves it to the worker
    assert material_row(app, material_id).text_status == TextStatus.PENDING
    cli_env(app, monkeypatch, SEARCH_DRAIN="worker")  # EXTRACT_MODE follows it
    result = CliRunner().invoke(main, ["search", "worker", "--once", "--nice", "0"])
    assert result.exit_code == 0, result.output
    assert "extracted the text of 1 materials" in result.output
    assert wait_done(app, material_id).text_status == TextStatus.EXTRACTED
    assert "dik.docx" in search_page(client, "dikdikeleventh")


# ---------------------------------------------------------------- the readers' caps


def office(data: bytes, limits: ZipLimits | None = None, chars: int = 10_000) -> str:
    sink = TextSink(chars)
    office_text(data, sink, limits)
    return sink.text()


def refused(data: bytes, limits: ZipLimits | None = None) -> str:
    with pytest.raises(Refused) as caught:
        office(data, limits)
    return caught.value.reason


def test_office_readers_keep_paragraphs_and_skip_markup() -> None:
    assert office(docx("One & two", "<three>")) == "One & two\n<three>"


def test_zip_caps_refuse_too_many_entries_and_too_much_data() -> None:
    many = zipped([(f"word/media/{n}.xml", "x") for n in range(30)])
    assert refused(many, ZipLimits(members=20)) == errors.TOO_BIG_UNPACKED
    document = docx("x" * 5000)
    assert refused(document, ZipLimits(member_bytes=1000)) == errors.TOO_BIG_UNPACKED
    assert refused(document, ZipLimits(total_bytes=1000)) == errors.TOO_BIG_UNPACKED
    assert refused(document, ZipLimits(ratio=2, ratio_from=100)) == errors.BOMB


def test_a_member_lying_about_its_size_is_cut_off() -> None:
    """The zip says 100 bytes; the stream holds 5 MB: never more than declared is read."""
    honest = bomb_docx(5 * MB)
    info = zipfile.ZipFile(io.BytesIO(honest)).getinfo("word/document.xml")
    lying = patch_sizes(honest, info.file_size, 100)
    assert refused(lying) == errors.UNREADABLE  # zipfile finds the data disagree


def patch_sizes(data: bytes, real: int, fake: int) -> bytes:
    """Rewrite the declared uncompressed size in the local and central headers."""
    return data.replace(real.to_bytes(4, "little"), fake.to_bytes(4, "little"))


@pytest.mark.parametrize(
    "prolog",
    [
        '<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>',
        '<!DOCTYPE x [<!ENTITY ext SYSTEM "file:///etc/passwd">]>',
        '<!DOCTYPE x SYSTEM "http://example.invalid/x.dtd">',
    ],
)
def test_xml_with_a_dtd_or_entities_is_refused(prolog: str) -> None:
    xml = word_xml("<w:p><w:r><w:t>&lol2;</w:t></w:r></w:p>").replace(
        "?>", "?>" + prolog, 1
    )
    data = zipped([("[Content_Types].xml", CONTENT_TYPES), ("word/document.xml", xml)])
    assert refused(data) == errors.UNSAFE_XML


def test_text_is_capped_and_cleaned() -> None:
    assert extract(b"a\x07b\x0bc\r\n" + b"word " * 100, max_chars=20) == (
        "a b c\nword word wor"  # 20 characters read, then cleaned
    )
    assert extract("caf\u00e9".encode("cp1252"), max_chars=20) == "caf\u00e9"
    assert extract(b"\xff\xfeh\x00i\x00", max_chars=20) == "hi"


def test_types_come_from_the_bytes_not_the_name() -> None:
    assert sniff.kind(pdf("x")) == "pdf"
    assert sniff.kind(docx("x")) == "zip"
    assert sniff.kind("plain words, é".encode()) == "text"
    assert sniff.kind(bytes(range(256))) is None
    with pytest.raises(Refused) as caught:
        extract(zipped([("song.mp3", b"\x00" * 10)]), max_chars=10)
    assert caught.value.reason == errors.UNSUPPORTED


def test_an_encrypted_pdf_is_refused_as_encrypted() -> None:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf("secret words"))))
    writer.encrypt(user_password="pupils", algorithm="RC4-128")
    locked = io.BytesIO()
    writer.write(locked)
    outcome = runner.run(io.BytesIO(locked.getvalue()), Limits())
    assert (outcome.status, outcome.reason) == ("not_extracted", errors.ENCRYPTED)


def test_the_child_answers_within_its_limits() -> None:
    outcome = runner.run(io.BytesIO(pdf("Hello from the child")), Limits())
    assert (outcome.status, outcome.text) == ("extracted", "Hello from the child")
