"""The archive facility's hook implementations: its commands on the ``etwincms`` line.

``export-space`` and ``import`` carry one space between installations; ``retention run``
applies the retention schedule to pupil accounts (see docs/archive.md). An archived
space's home page says so, with the schedule's dates for those who may reopen it.
"""

from __future__ import annotations

from typing import Any

import click
from markupsafe import Markup

from .. import hookimpl


@hookimpl
def register_cli_commands(cli: click.Group) -> None:
    from .cli import register

    register(cli)


@hookimpl
def template_slot(slot: str, context: dict[str, Any]) -> Markup | None:
    if slot != "space_home":
        return None
    from .notice import space_home_notice

    return space_home_notice(context)
