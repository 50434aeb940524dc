"""Find user-facing string literals in Python code that are not marked for translation.

A message is user-facing when it is handed to ``flash()``, to the errors users read
(``ValidationError``, ``PermissionDenied``'s message) or to the label-like
fields of the plugin contract's types (``NavItem.label``, ``Permission.description`` ...).
Such a message must be a gettext call (``_("...")``, ``_l("...")``, ``ngettext``), never a
bare literal, an f-string or a ``%``-formatted literal: those reach users in English only.
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


def unmarked_in_source(path: Path, source: str) -> Iterator[Unmarked]:
    for node in ast.walk(ast.parse(source, filename=str(path))):
        if not isinstance(node, ast.Call):
            continue
        name = callee_name(node)
        if name not in MESSAGE_ARGUMENTS:
            continue
        for argument in message_nodes(node, name):
            text = literal_text(argument)
            if text is not None:
                yield Unmarked(path, argument.lineno, name, text)


def unmarked_strings(paths: list[Path]) -> list[Unmarked]:
    found: list[Unmarked] = []
    for path in paths:
        found.extend(unmarked_in_source(path, path.read_text(encoding="utf-8")))
    return found
