"""The adversarial corpus (``tests/data/adversarial``): payload files and the XSS oracle.

The oracle is a third-party file kept verbatim, so it is loaded by path rather than made
part of the test package.
"""

from __future__ import annotations

import importlib.util
from functools import cache
from pathlib import Path
from types import ModuleType

CORPUS = Path(__file__).resolve().parent.parent / "data" / "adversarial"


@cache
def oracle() -> ModuleType:
    """``oracle.py``: ``is_dangerous(html) -> list[str]`` and ``load_corpus(path)``."""
    spec = importlib.util.spec_from_file_location(
        "adversarial_oracle", CORPUS / "oracle.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@cache
def payloads(name: str) -> tuple[str, ...]:
    """Every line of a corpus file (``"xss_vectors.txt"``...), escapes decoded."""
    return tuple(oracle().load_corpus(str(CORPUS / name)))


def is_dangerous(html: str) -> list[str]:
    """What the oracle finds executable in served HTML (``[]``: nothing)."""
    return oracle().is_dangerous(html)
