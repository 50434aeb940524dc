"""``etwincms export-space``, ``etwincms import`` and ``etwincms retention run`` on the
command line, between two instance folders (SQLite: what is checked here is the command
line itself; the round trip tests cover the databases)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from etwincms.cli import main

from .sites import build_demo, installation, plugin_names


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in list(os.environ):
        if name.startswith("ETWINCMS_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("ETWINCMS_PASSWORD_HASH", "fast")
    monkeypatch.setenv("ETWINCMS_SECRET_KEY", "cli-test-secret")
    monkeypatch.setenv("ETWINCMS_PLUGINS", plugin_names())


def run_in(folder: Path, monkeypatch: pytest.MonkeyPatch, *args: str) -> Result:
    """Run ``etwincms ARGS`` on the installation of ``folder`` (as sites.installation makes)."""
    monkeypatch.setenv("ETWINCMS_INSTANCE_PATH", str(folder / "instance"))
    monkeypatch.setenv("ETWINCMS_DATABASE_URL", f"sqlite:///{folder / 'test.db'}")
    return CliRunner().invoke(main, list(args))


def test_a_space_moves_between_installations_on_the_command_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source, target, archive = tmp_path / "a", tmp_path / "b", tmp_path / "space.tar.gz"
    with installation(source) as app:
        slug = build_demo(app)
    with installation(target):
        pass  # an empty installation: its schema, no rows
    exported = run_in(source, monkeypatch, "export-space", slug, str(archive))
    assert exported.exit_code == 0, exported.output
    assert (
        f"Space {slug} written to {archive}" in exported.output
        and "3 files" in exported.output
    )
    imported = run_in(target, monkeypatch, "import", str(archive))
    assert imported.exit_code == 0, imported.output
    assert f"Imported the space /s/{slug}/" in imported.output
    again = run_in(target, monkeypatch, "import", str(archive))
    assert (
        again.exit_code == 1
        and "--slug" in again.output
        and "Traceback" not in again.output
    )
    missing = run_in(source, monkeypatch, "export-space", "no-such-space", str(archive))
    assert missing.exit_code == 1 and "No space has the address" in missing.output


def test_retention_run_prints_a_summary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with installation(tmp_path) as app:
        build_demo(app)
    result = run_in(tmp_path, monkeypatch, "retention", "run", "--dry-run")
    assert result.exit_code == 0, result.output
    assert (
        "Retention: 9 pupil accounts checked, 0 disabled, 0 erased (dry run"
        in result.output
    )
