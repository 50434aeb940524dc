"""The plugin contract, enforced: documentation, import graph, privacy, zero plugins, and a
third-party plugin installed from a folder.

- docs/plugins.md documents every hookspec with its exact arguments, and nothing else;
- the core imports no plugin, no plugin imports another, example plugins import etwincms;
- every column referencing a user belongs to a plugin (or the core) that answers both
  privacy hooks;
- the core boots and is tested with zero plugins;
- the tutorial's plugin, written from the code blocks of docs/plugins.md, is installed with
  pip into a temporary folder, discovered through its entry point, migrated, switched on in
  one space (404 in another), listed by ``etwincms plugins list``, and passes its own tests.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import os
import re
import subprocess
import sys
import tomllib
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from click.testing import CliRunner
from flask import Flask
from sqlalchemy import ForeignKey, MetaData
from sqlalchemy import inspect as sql_inspect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from etwincms import hookimpl, hookspecs, migrate
from etwincms.app import create_app
from etwincms.cli import main
from etwincms.db import Base, commit, get_session
from etwincms.plugins import CORE_PLUGINS, ENTRY_POINT_GROUP
from etwincms.services import plugins as switches
from etwincms.testing import (
    AuthActions,
    Factory,
    make_config,
)
from tests.core.test_hooks import EXAMPLES, hookspec_names

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs" / "plugins.md"
FIXTURE_PLUGINS = ROOT / "tests" / "fixtures" / "plugins"
#: Deliberately broken plugins for start-up failures (see tests/core/test_plugins.py).
BROKEN_FIXTURES = {"clashing", "typo"}
CORE_PRIVACY = "etwincms.core_plugins.privacy"
USER_ID = "user_account.id"


def first_party_packages() -> list[str]:
    return sorted(
        path.name
        for path in (ROOT / "plugins").glob("etwincms_*")
        if (path / "__init__.py").is_file()
    )


def importable_first_party() -> list[ModuleType]:
    modules = []
    for name in first_party_packages():
        try:
            modules.append(importlib.import_module(name))
        except ImportError:
            continue  # reported by test_first_party_plugins_are_importable
    return modules


# -- Documentation -------------------------------------------------------------------

HEADING = re.compile(r"^### `(?P<name>\w+)\((?P<args>[^)]*)\)`$", re.MULTILINE)


def documented_hooks() -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for match in HEADING.finditer(DOCS.read_text(encoding="utf-8")):
        args = [arg.strip() for arg in match["args"].split(",") if arg.strip()]
        assert match["name"] not in found, f"{match['name']} is documented twice"
        found[match["name"]] = args
    return found


@pytest.mark.parametrize("name", hookspec_names())
def test_every_hookspec_is_documented_with_its_exact_arguments(name: str) -> None:
    expected = list(inspect.signature(getattr(hookspecs, name)).parameters)
    documented = documented_hooks()
    assert name in documented, f'add "### `{name}({", ".join(expected)})`"'
    assert documented[name] == expected


def test_nothing_is_documented_that_is_not_a_hook() -> None:
    assert set(documented_hooks()) - set(hookspec_names()) == set()


def hook_sections() -> dict[str, str]:
    text_ = DOCS.read_text(encoding="utf-8")
    reference = text_.split("\n## Hook reference\n", 1)[1]
    parts = re.split(r"^### `(\w+)\(", reference, flags=re.MULTILINE)
    return dict(zip(parts[1::2], parts[2::2], strict=True))


@pytest.mark.parametrize("name", hookspec_names())
def test_every_hook_points_to_an_example_that_implements_it(name: str) -> None:
    section = hook_sections()[name]
    examples = re.findall(r"`(tests/fixtures/plugins/[\w/.]+\.py)`", section)
    assert examples, f"the reference of {name} names no example plugin"
    implemented = False
    for example in examples:
        path = ROOT / example
        assert path.is_file(), f"{example} does not exist"
        tree = ast.parse(path.read_text(encoding="utf-8"))
        implemented |= any(
            isinstance(node, ast.FunctionDef) and node.name == name
            for node in tree.body
        )
    assert implemented, f"none of {examples} implements {name}"


def test_the_entry_point_group_and_the_docs_agree() -> None:
    docs = DOCS.read_text(encoding="utf-8")
    assert ENTRY_POINT_GROUP == "etwincms.plugins"
    assert f'[project.entry-points."{ENTRY_POINT_GROUP}"]' in docs
    assert "docs/plugins.md" in (ROOT / "README.md").read_text(encoding="utf-8")


def test_first_party_plugins_register_through_the_entry_point() -> None:
    """They are installed exactly as a third party's: an entry point named as the plugin."""
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    entry_points = pyproject["project"]["entry-points"][ENTRY_POINT_GROUP]
    assert sorted(entry_points.values()) == first_party_packages()
    for name, package in entry_points.items():
        module = pytest.importorskip(package, reason=f"{package} is not importable")
        assert module.PLUGIN.name == name


# -- Import graph --------------------------------------------------------------------


def imports(path: Path, module: str) -> Iterator[tuple[str, int]]:
    """Absolute names of what ``module`` (at ``path``) imports, with line numbers.

    Relative imports are resolved; one that climbs above the top package yields
    ``"<outside>"``. ``importlib.import_module("x")`` with a constant counts too.
    """
    is_package = path.name == "__init__.py"
    package = module.split(".") if is_package else module.split(".")[:-1]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, node.lineno
        elif isinstance(node, ast.ImportFrom):
            if node.level == 0:
                yield node.module or "", node.lineno
                continue
            if node.level - 1 > len(package) - 1:
                yield "<outside>", node.lineno
                continue
            base = package[: len(package) - (node.level - 1)]
            yield (
                ".".join([*base, *([node.module] if node.module else [])]),
                node.lineno,
            )
        elif (
            isinstance(node, ast.Call)
            and getattr(node.func, "attr", getattr(node.func, "id", "")) in IMPORTERS
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            yield node.args[0].value, node.lineno


IMPORTERS = {"import_module", "__import__"}


def modules_under(root: Path, folder: Path) -> Iterator[tuple[Path, str]]:
    for path in sorted(folder.rglob("*.py")):
        parts = path.relative_to(root).with_suffix("").parts
        yield path, ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def within(name: str, package: str) -> bool:
    return name == package or name.startswith(package + ".")


def is_plugin_package(name: str) -> bool:
    return name.split(".", 1)[0].startswith("etwincms_")


def core_violations() -> list[str]:
    return [
        f"{path.relative_to(ROOT)}:{line} imports {name}"
        for path, module in modules_under(ROOT, ROOT / "etwincms")
        for name, line in imports(path, module)
        if is_plugin_package(name) or within(name, "tests") or within(name, "plugins")
    ]


def plugin_violations(folder: Path, root: Path, top: str) -> list[str]:
    """What a plugin imports besides itself, etwincms and third-party libraries."""
    return [
        f"{path.relative_to(root)}:{line} imports {name}"
        for path, module in modules_under(root, folder)
        for name, line in imports(path, module)
        if not within(name, top)
        and (
            name == "<outside>"
            or is_plugin_package(name)
            or within(name, "tests")
            or within(name, "plugins")
        )
    ]


def test_the_core_imports_no_plugin() -> None:
    assert core_violations() == []


@pytest.mark.parametrize("package", first_party_packages())
def test_a_first_party_plugin_imports_no_other_plugin(package: str) -> None:
    folder = ROOT / "plugins" / package
    assert plugin_violations(folder, ROOT / "plugins", package) == []


def fixture_plugins() -> list[str]:
    names = [
        path.stem if path.is_file() else path.name
        for path in FIXTURE_PLUGINS.iterdir()
        if (path.suffix == ".py" and path.stem != "__init__")
        or (path / "__init__.py").is_file()
    ]
    return sorted(names)


@pytest.mark.parametrize("name", fixture_plugins())
def test_example_plugins_import_only_etwincms_and_libraries(name: str) -> None:
    top = f"tests.fixtures.plugins.{name}"
    path = FIXTURE_PLUGINS / name
    if path.is_dir():
        violations = plugin_violations(path, ROOT, top)
    else:
        file = path.with_suffix(".py")
        violations = [
            f"{file.relative_to(ROOT)}:{line} imports {imported}"
            for imported, line in imports(file, top)
            if not within(imported, top)
            and (
                is_plugin_package(imported)
                or within(imported, "tests")
                or imported == "<outside>"
            )
        ]
    assert violations == []


def test_the_import_check_finds_violations(tmp_path: Path) -> None:
    """The checks above can fail: a plugin importing another, and a climbing import."""
    plugin = tmp_path / "etwincms_alpha"
    plugin.mkdir()
    (plugin / "__init__.py").write_text("import etwincms\nimport flask\n")
    (plugin / "views.py").write_text(
        "from etwincms_beta import x\nfrom .. import gamma\nfrom . import y\n"
        "import importlib\nimportlib.import_module('etwincms_beta.models')\n"
    )
    found = [
        line.rsplit(" imports ", 1)[1]
        for line in plugin_violations(plugin, tmp_path, "etwincms_alpha")
    ]
    assert found == ["etwincms_beta", "<outside>", "etwincms_beta.models"]


# -- Privacy contract ----------------------------------------------------------------


def user_columns(metadata: MetaData) -> dict[str, list[str]]:
    """Table name -> columns with a foreign key to ``user_account.id``."""
    return {
        table.name: cols
        for table in metadata.tables.values()
        if (
            cols := [
                column.name
                for column in table.columns
                if any(fk.target_fullname == USER_ID for fk in column.foreign_keys)
            ]
        )
    }


def table_owners(app: Flask) -> dict[str, str]:
    """Table name -> the plugin answering for it (the core's privacy module for its own)."""
    owners = {
        mapper.local_table.name: CORE_PRIVACY
        for mapper in Base.registry.mappers
        if mapper.class_.__module__.startswith("etwincms.models")
    }
    for plugin_name, models in app.extensions["etwincms"].registries.models.items():
        for model in models:
            owners[model.__table__.name] = plugin_name
    return owners


def privacy_problems(app: Flask, metadata: MetaData) -> list[str]:
    pm = app.extensions["etwincms"].plugins.pm
    answering = {
        hook: {impl.plugin_name for impl in getattr(pm.hook, hook).get_hookimpls()}
        for hook in ("personal_data_export", "personal_data_erase")
    }
    owners = table_owners(app)
    problems = []
    for table, columns in user_columns(metadata).items():
        owner = owners.get(table)
        if owner is None:
            problems.append(f"{table}.{columns} references users; no plugin owns it")
            continue
        for hook, plugins in answering.items():
            if owner not in plugins:
                problems.append(f"{table}.{columns}: {owner} does not implement {hook}")
    return problems


def test_whoever_stores_user_references_exports_and_erases_them(tmp_path: Path):
    """Core, first-party and example plugins together own every user reference."""
    app = create_app(
        make_config(tmp_path, None), plugins=[*importable_first_party(), *EXAMPLES]
    )
    assert "diary_entry" in user_columns(Base.metadata)  # the check sees plugins
    assert {"membership", "revision"} <= set(user_columns(Base.metadata))
    assert privacy_problems(app, Base.metadata) == []


@pytest.mark.parametrize("package", first_party_packages())
def test_first_party_plugins_are_importable(package: str) -> None:
    """The privacy check above covers the first-party plugins that import; say which not."""
    pytest.importorskip(
        package, reason=f"{package} is not importable yet: its privacy is not checked"
    )


class ScratchBase(DeclarativeBase):
    """A separate metadata, so the negative test leaves the shared one untouched."""


class Scribble(ScratchBase):
    __tablename__ = "scribble_note"
    id: Mapped[int] = mapped_column(primary_key=True)
    author_id: Mapped[int] = mapped_column(ForeignKey(USER_ID))


class Orphan(ScratchBase):
    __tablename__ = "orphan_note"
    id: Mapped[int] = mapped_column(primary_key=True)
    writer_id: Mapped[int] = mapped_column(ForeignKey(USER_ID))


def test_the_privacy_check_finds_what_is_missing(tmp_path: Path) -> None:
    scribble = ModuleType("etwincms_scribble")
    scribble.PLUGIN_NAME = "scribble"
    scribble.register_models = hookimpl(lambda: [Scribble])
    scribble.personal_data_export = hookimpl(lambda user: None)
    app = create_app(make_config(tmp_path, None), plugins=[scribble])
    assert sorted(privacy_problems(app, ScratchBase.metadata)) == [
        "orphan_note.['writer_id'] references users; no plugin owns it",
        "scribble_note.['author_id']: scribble does not implement personal_data_erase",
    ]


# -- Zero plugins --------------------------------------------------------------------


def test_the_core_boots_with_zero_plugins(tmp_path: Path) -> None:
    app = create_app(make_config(tmp_path, None), plugins=[])
    state = app.extensions["etwincms"]
    assert state.plugins.optional_plugins == frozenset()
    assert len(state.registries.plugins) == 0
    # Only the core's own facilities (phases, moderation...) bring migration branches.
    owners = set(state.registries.migrations.owner.values())
    assert owners <= set(CORE_PLUGINS)
    response = app.test_client().get("/login")
    assert response.status_code == 200


def test_the_core_suite_runs_with_zero_plugins(plugins: list[Any]) -> None:
    """The ``plugins`` fixture's default is empty, so the core's tests use no plugin."""
    assert plugins == []


@pytest.mark.parametrize("left_out", first_party_packages())
def test_leaving_out_a_first_party_plugin_leaves_the_others_working(
    tmp_path: Path, left_out: str
):
    others = [m for m in importable_first_party() if m.__name__ != left_out]
    app = create_app(make_config(tmp_path, None), plugins=others)
    assert app.test_client().get("/login").status_code == 200
    assert (
        left_out.removeprefix("etwincms_")
        not in app.extensions["etwincms"].plugins.optional_plugins
    )


# -- A third-party plugin, from a folder to `etwincms plugins list` ------------------

FILE_LABEL = re.compile(r"^(?:# |\{# )(?P<path>[\w./-]+\.(?:py|toml|html))(?: #\})?$")
FENCE = re.compile(r"^```[\w-]*\n(?P<body>.*?)^```$", re.MULTILINE | re.DOTALL)


def tutorial_files() -> dict[str, str]:
    """The files of the tutorial: code blocks whose first line names their path."""
    docs = DOCS.read_text(encoding="utf-8")
    tutorial = docs.split("\n## Tutorial", 1)[1].split("\n## Rules", 1)[0]
    files: dict[str, str] = {}
    for block in FENCE.finditer(tutorial):
        first = block["body"].partition("\n")[0]
        label = FILE_LABEL.match(first)
        if label:
            assert label["path"] not in files, f"{label['path']} appears twice"
            files[label["path"]] = block["body"]
    return files


def test_the_tutorial_has_every_file_of_the_plugin() -> None:
    assert set(tutorial_files()) == {
        "pyproject.toml",
        "etwincms_hello/__init__.py",
        "etwincms_hello/models.py",
        "etwincms_hello/views.py",
        "etwincms_hello/templates/hello/board.html",
        "etwincms_hello/migrations/versions/hello_0001.py",
        "tests/conftest.py",
        "tests/test_board.py",
        "tests/test_migrations.py",
    }


@pytest.fixture(scope="module")
def hello_dist(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The tutorial's plugin, written from the docs and installed with pip."""
    root = tmp_path_factory.mktemp("hello")
    source, site = root / "etwincms-hello", root / "site"
    for relative, content in tutorial_files().items():
        target = source / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(content, encoding="utf-8")
    result = subprocess.run(  # noqa: S603  (our own interpreter, fixed arguments)
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "--no-index",
            "--disable-pip-version-check",
            "--target",
            str(site),
            str(source),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    if (
        "bdist_wheel" in result.stderr
        or "No module named 'setuptools'" in result.stderr
    ):
        pytest.fail(
            "Building the plugin without build isolation needs setuptools>=70.1, or "
            "setuptools with the 'wheel' package, in the venv:\n" + result.stderr
        )
    assert result.returncode == 0, result.stdout + result.stderr
    return source, site


@pytest.fixture
def hello_installed(
    hello_dist: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> Iterator[Path]:
    """The installed plugin on sys.path; forgotten again afterwards."""
    site = hello_dist[1]
    monkeypatch.syspath_prepend(str(site))
    importlib.invalidate_caches()
    yield site
    for name in [m for m in sys.modules if within(m, "etwincms_hello")]:
        del sys.modules[name]
    table = Base.metadata.tables.get("hello_note")
    if table is not None:
        Base.metadata.remove(table)


def test_a_third_party_plugin_installed_from_a_folder(
    hello_installed: Path,
    tmp_path: Path,
    empty_database_url: str,
    monkeypatch: pytest.MonkeyPatch,
):
    config = make_config(tmp_path, empty_database_url, DEFAULT_PLUGINS=[])
    app = create_app(config)  # no plugins=: discovered through its entry point
    hello = app.extensions["etwincms"].plugins.pm.get_plugin("hello")
    assert hello is not None
    assert Path(hello.__file__).is_relative_to(hello_installed)

    assert migrate.current(app) == ()
    migrate.upgrade(app)
    engine = migrate.engine_of(app)
    assert "hello_note" in sql_inspect(engine).get_table_names()
    assert migrate.drift(app) == []
    assert not migrate.pending(app)

    with app.test_request_context("/"):
        session = get_session()
        make = Factory(session)
        teacher = make.user("teacher")
        on = make.space(teacher, title="Hello on")
        off = make.space(teacher, title="Hello off")
        switches.enable_plugin(session, teacher, on, "hello")
        commit(session)
    client = app.test_client()
    AuthActions(client).login("teacher")
    board = client.get(f"/s/{on.slug}/-/hello/")
    assert board.status_code == 200
    assert "No notes yet." in board.get_data(as_text=True)
    assert client.get(f"/s/{off.slug}/-/hello/").status_code == 404
    engine.dispose()

    for name in list(os.environ):
        if name.startswith("ETWINCMS_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("ETWINCMS_INSTANCE_PATH", str(tmp_path / "cli-instance"))
    monkeypatch.setenv("ETWINCMS_DATABASE_URL", empty_database_url)
    monkeypatch.setenv("ETWINCMS_SECRET_KEY", "a-secret-key-for-the-cli-test")
    result = CliRunner().invoke(main, ["plugins", "list"])
    assert result.exit_code == 0, result.output
    assert "hello  0.1.0  [on in 1 space(s)]" in result.output
    assert "migrations: hello_0001   templates" in result.output


def test_the_tutorial_plugin_passes_its_own_tests(
    hello_dist: tuple[Path, Path],
) -> None:
    source, site = hello_dist
    path = os.pathsep.join([str(site), os.environ.get("PYTHONPATH", "")])
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests"],
        cwd=source,
        env={**os.environ, "PYTHONPATH": path},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "3 passed" in result.stdout
