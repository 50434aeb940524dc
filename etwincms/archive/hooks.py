"""The archive facility's hook implementations: its commands on the ``etwincms`` line.

``export-space`` and ``import`` carry one space between installations; ``retention run``
applies the retention schedule to pupil accounts (see docs/archive.md).
"""

from __future__ import annotations

import click

from .. import hookimpl


@hookimpl
def register_cli_commands(cli: click.Group) -> None:
    from .cli import register

    register(cli)
