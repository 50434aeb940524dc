"""The licences a space may publish its dissemination export under.

A small fixed list (the Creative Commons licences schools use, and "all rights
reserved"): each has a stable key stored per space, a label shown in the interface and
on every exported page, and the address of its legal text (an ordinary link, which the
export never loads by itself).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask_babel import lazy_gettext as _l


@dataclass(frozen=True, slots=True)
class Licence:
    key: str
    label: Any
    url: str = ""


LICENCES: tuple[Licence, ...] = (
    Licence(
        "cc-by-4.0",
        _l("Creative Commons Attribution 4.0 (CC BY 4.0)"),
        "https://creativecommons.org/licenses/by/4.0/",
    ),
    Licence(
        "cc-by-sa-4.0",
        _l("Creative Commons Attribution-ShareAlike 4.0 (CC BY-SA 4.0)"),
        "https://creativecommons.org/licenses/by-sa/4.0/",
    ),
    Licence(
        "cc-by-nc-sa-4.0",
        _l(
            "Creative Commons Attribution-NonCommercial-ShareAlike 4.0 (CC BY-NC-SA 4.0)"
        ),
        "https://creativecommons.org/licenses/by-nc-sa/4.0/",
    ),
    Licence("all-rights-reserved", _l("All rights reserved")),
)
DEFAULT_LICENCE = "all-rights-reserved"


def licence(key: str | None) -> Licence:
    """The licence with this key; the default for an unknown or missing key."""
    for known in LICENCES:
        if known.key == key:
            return known
    return licence(DEFAULT_LICENCE)


def is_known(key: str) -> bool:
    return any(known.key == key for known in LICENCES)
