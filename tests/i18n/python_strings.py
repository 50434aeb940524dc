"""Find user-facing string literals in Python code that are not marked for translation.

A message is user-facing when it is handed to ``flash()``, to the errors users read
(``ValidationError``, ``PermissionDenied``'s message) or to the label-like
fields of the plugin contract's types (``NavItem.label``, ``Permission.description`` ...).
Such a message must be a gettext call (``_("...")``, ``_l("...")``, ``ngettext``), never a
bare literal, an f-string or a ``%``-formatted literal: those reach users in English only.
Subclasses of those errors count too (``class AlreadyAnswered(ValidationError)``), and
so does a module's string constant handed over by name (``ValidationError(DAMAGED)``).
``NotFound`` is left out: its message names the missing object for API clients
(``"post 12"``), and people get the translated 404 page instead.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

#: Callables whose argument at this position (or keyword) users read.
MESSAGE_ARGUMENTS: dict[str, tuple[tuple[int, str], ...]] = {
    "flash": ((0, "message"),),
    "ValidationError": ((0, "message"),),
    "PermissionDenied": ((1, "message"),),
    "NavItem": ((1, "label"),),
    "ItemAction": ((0, "label"),),
    "SettingSpec": ((1, "label"), (4, "help")),
    "ContentType": ((1, "label"),),
    "BlockType": ((1, "label"),),
    "ProjectTemplate": ((1, "label"), (2, "description")),
    "Permission": ((1, "description"),),
    "PluginMeta": ((1, "title"), (2, "description")),
}
GETTEXT_NAMES = frozenset(
    {"_", "_l", "gettext", "lazy_gettext", "ngettext", "lazy_ngettext", "pgettext"}
)
LETTERS = re.compile(r"[^\W\d_]{2,}")


@dataclass(frozen=True)
class Unmarked:
    path: Path
    line: int
    call: str
    text: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.call}({self.text!r}) is not translated"


def callee_name(call: ast.Call) -> str:
    func = call.func
    if isinstance(func, ast.Attribute):
        return func.attr
    return func.id if isinstance(func, ast.Name) else ""


def message_nodes(call: ast.Call, name: str) -> Iterator[ast.expr]:
    for position, keyword in MESSAGE_ARGUMENTS[name]:
        if position < len(call.args):
            yield call.args[position]
        yield from (k.value for k in call.keywords if k.arg == keyword)


ERROR_CLASSES = ("ValidationError", "PermissionDenied")


def error_subclasses(trees: list[ast.Module]) -> dict[str, str]:
    """Every class deriving (at any depth) from a checked error: name -> checked base."""
    found = {name: name for name in ERROR_CLASSES}
    classes = [
        n for tree in trees for n in ast.walk(tree) if isinstance(n, ast.ClassDef)
    ]
    changed = True
    while changed:
        changed = False
        for cls in classes:
            bases = [
                b.attr if isinstance(b, ast.Attribute) else getattr(b, "id", "")
                for b in cls.bases
            ]
            base = next((found[b] for b in bases if b in found), None)
            if base and cls.name not in found:
                found[cls.name] = base
                changed = True
    return found


def module_constants(tree: ast.Module) -> dict[str, ast.expr]:
    """``NAME = "text"`` and ``NAME: Final = "text"`` at a module's top level."""
    constants: dict[str, ast.expr] = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target, value = node.targets[0], node.value
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            target, value = node.target, node.value
        else:
            continue
        if isinstance(target, ast.Name):
            constants[target.id] = value
    return constants


def literal_text(node: ast.expr) -> str | None:
    """The English text a node puts in front of users unmarked, or None if it is fine."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value if LETTERS.search(node.value) else None
    if isinstance(node, ast.JoinedStr):
        return ast.unparse(node)
    if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Mod, ast.Add)):
        return literal_text(node.left) or literal_text(node.right)
    if isinstance(node, ast.IfExp):
        return literal_text(node.body) or literal_text(node.orelse)
    return None


def unmarked_in_source(
    path: Path, source: str, subclasses: dict[str, str] | None = None
) -> Iterator[Unmarked]:
    tree = ast.parse(source, filename=str(path))
    checked = {name: name for name in MESSAGE_ARGUMENTS} | (subclasses or {})
    constants = module_constants(tree)
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or callee_name(node) not in checked:
            continue
        name = callee_name(node)
        for argument in message_nodes(node, checked[name]):
            if isinstance(argument, ast.Name) and argument.id in constants:
                argument = constants[argument.id]
            text = literal_text(argument)
            if text is not None:
                yield Unmarked(path, argument.lineno, name, text)


def unmarked_strings(paths: list[Path]) -> list[Unmarked]:
    sources = {path: path.read_text(encoding="utf-8") for path in paths}
    subclasses = error_subclasses([ast.parse(source) for source in sources.values()])
    found: list[Unmarked] = []
    for path, source in sources.items():
        found.extend(unmarked_in_source(path, source, subclasses))
    return found
