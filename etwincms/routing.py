"""URL rules that write their URL builders on first use.

Werkzeug turns every rule into a regular expression (to match requests) and, at the same
time, generates and compiles two Python functions to build its URLs. Building those
functions is most of the cost of registering a route, and an application has hundreds of
routes of which a request builds a handful: every worker and every test pays for the
rest at start-up. :class:`LazyBuildRule` compiles a rule's builder the first time a URL
is built with it; matching is unchanged.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from werkzeug.routing import Rule


class LazyBuildRule(Rule):
    """A rule whose URL builders are compiled when first asked for."""

    def _compile_builder(
        self, append_unknown: bool = True
    ) -> Callable[..., tuple[str, str]]:
        attribute = "_build_unknown" if append_unknown else "_build"
        compile_real = super()._compile_builder

        def build_once(rule: LazyBuildRule, **values: Any) -> tuple[str, str]:
            real = compile_real(append_unknown).__get__(rule, None)
            setattr(rule, attribute, real)  # later builds go straight to it
            return real(**values)

        return build_once
