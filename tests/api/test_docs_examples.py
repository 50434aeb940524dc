"""The examples of docs/api.md are real: they run, in order, against a live server.

The server is a real WSGI server on a loopback port with the demo space loaded through
the migrations, as ``make run`` serves it. ``bash`` blocks run in bash with ``ETWINCMS``
and ``TOKEN`` set (the block that only exports them is skipped); ``python`` blocks run
in one shared namespace, so later examples use what earlier ones made. Each block must
finish without an error, and what it prints is checked for the expected values.
"""

from __future__ import annotations

import contextlib
import io
import re
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from werkzeug.serving import make_server

from etwincms import migrate
from etwincms.app import create_app
from etwincms.cli import app_session
from etwincms.demo import load_demo
from etwincms.models import User
from etwincms.services import tokens

DOC = Path(__file__).resolve().parents[2] / "docs" / "api.md"
BLOCK = re.compile(r"^```(python|bash)\n(.*?)^```", re.M | re.S)


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    instance = tmp_path_factory.mktemp("api-docs")
    app = create_app(
        {"INSTANCE_PATH": str(instance), "SECRET_KEY": "docs", "PASSWORD_HASH": "fast"}
    )
    migrate.upgrade(app)
    with app_session(app) as session:
        load_demo(session)
        maria = session.query(User).filter_by(username="maria").one()
        _token, secret = tokens.create_token(
            session, maria, name="docs", scopes=["read", "write"]
        )
        session.commit()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield {"ETWINCMS": f"http://127.0.0.1:{server.server_port}", "TOKEN": secret}
    server.shutdown()
    thread.join(timeout=10)
    app.extensions["etwincms"].db.engine.dispose()


def blocks() -> list[tuple[str, str]]:
    return [
        (kind, code)
        for kind, code in BLOCK.findall(DOC.read_text())
        if "export " not in code
    ]


def run_bash(code: str, env: dict[str, str]) -> str:
    done = subprocess.run(  # noqa: S603 - the docs' own examples
        ["/bin/bash", "-euo", "pipefail", "-c", code],
        env={"PATH": "/usr/bin:/bin", **env},
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    )
    return done.stdout


def run_python(code: str, namespace: dict[str, Any]) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code, str(DOC), "exec"), namespace)  # noqa: S102 - the docs' own code
    return out.getvalue()


def test_the_walk_through_runs_as_written(
    served: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, value in served.items():
        monkeypatch.setenv(name, value)
    namespace: dict[str, Any] = {}
    printed = []
    for kind, code in blocks():
        output = (
            run_bash(code, served) if kind == "bash" else run_python(code, namespace)
        )
        printed.append(output)
    text = "\n".join(printed)
    assert '"username": "maria"' in text or '"username":"maria"' in text
    assert "['Day 1: arrival', 'Day 2: the olive mill']" in text
    assert "mill.png image/png ![mill.png](" in text
    assert "412 " in text
    assert "public" in text
    assert "200 *" in text
    assert namespace["visitor"].json()["title"] == "Exchange diary 2027"
    assert (
        '"title":"Exchange diary 2027","visibility":"public"' in text
    )  # curl, anonymous


def test_the_docs_have_examples_of_each_kind() -> None:
    kinds = [kind for kind, _code in blocks()]
    assert kinds.count("bash") >= 2 and kinds.count("python") >= 5
