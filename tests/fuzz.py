"""How hard the generated tests try: short and fixed in `make test`, long in `make fuzz`.

The schemathesis suites take their example counts from :func:`examples`, which reads
``ETWINCMS_FUZZ_EXAMPLES`` (unset: each suite's own small number, so CI time stays put).
The Hypothesis property tests use the profile named by ``HYPOTHESIS_PROFILE``: ``ci``
(the default: derandomized, so a CI failure is the same failure on every run) or
``fuzz`` (many more random examples, for a nightly-style run).
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

#: Slow tests (a request, a database round trip per example) must not fail for it.
QUIET = list(HealthCheck)

settings.register_profile(
    "ci",
    max_examples=60,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=QUIET,
)
settings.register_profile(
    "fuzz",
    max_examples=int(os.environ.get("ETWINCMS_FUZZ_EXAMPLES") or 500),
    deadline=None,
    database=None,
    suppress_health_check=QUIET,
)


def profile(ci_examples: int | None = None) -> settings:
    """The property tests' settings: the ``HYPOTHESIS_PROFILE`` profile, else ``ci``.

    ``ci_examples`` lowers the ``ci`` count for a test that pays a database round trip
    per example; the ``fuzz`` profile keeps its own count.
    """
    name = os.environ.get("HYPOTHESIS_PROFILE") or "ci"
    chosen = settings.get_profile(name)
    if name == "ci" and ci_examples is not None:
        return settings(chosen, max_examples=ci_examples)
    return chosen


def examples(default: int) -> settings:
    """Settings for a schemathesis suite: ``default`` examples per operation, unless
    ``ETWINCMS_FUZZ_EXAMPLES`` asks for more."""
    wanted = os.environ.get("ETWINCMS_FUZZ_EXAMPLES")
    return settings(
        max_examples=int(wanted) if wanted else default,
        deadline=None,
        database=None,
        suppress_health_check=QUIET,
    )
