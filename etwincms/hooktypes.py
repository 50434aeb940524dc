"""The frozen dataclasses that hooks return; the core validates and mounts them."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

CAPABILITY_NAME = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$")


@dataclass(frozen=True, slots=True)
class Permission:
    """A capability that ``can()`` answers for.

    :param name: Dotted name, ``<area>.<verb>``: ``page.edit``, ``forum.moderate``.
    :param description: One sentence shown to space admins when they override roles.
    :param default_roles: Role values (``"admin"``, ``"teacher"``, ``"pupil_lead"``,
        ``"pupil"``, ``"observer"``) that hold the capability unless a space overrides it.
    :param writes: True when the capability changes content; archived spaces refuse
        every writing capability.
    :param pupil_grantable: False for capabilities a space may never give to pupils
        (managing members, publishing): overrides that try are rejected.
    :param site_kinds: For site-level capabilities (checked with ``project=None``): the
        user kinds (``"teacher"``, ``"staff"``, ``"pupil"``) that hold it.
    """

    name: str
    description: str
    default_roles: frozenset[str] = frozenset()
    writes: bool = False
    pupil_grantable: bool = True
    site_kinds: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        if not CAPABILITY_NAME.match(self.name):
            raise ValueError(f"capability name {self.name!r} is not <area>.<verb>")


@dataclass(frozen=True, slots=True)
class NavItem:
    """An entry in a space's navigation.

    :param key: Stable identifier (``"pages"``, ``"forum"``), used for the active state.
    :param label: Text shown (pass a lazy gettext string so it follows the locale).
    :param endpoint: Flask endpoint the item links to.
    :param endpoint_args: Extra ``url_for`` arguments besides the space's ``slug``.
    :param order: Lower comes first; the core uses 0-99.
    """

    key: str
    label: Any
    endpoint: str
    endpoint_args: Mapping[str, Any] = field(default_factory=dict)
    order: int = 100
