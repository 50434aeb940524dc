"""Lazily compiled URL builders build exactly what werkzeug's own rules build."""

from __future__ import annotations

from werkzeug.routing import Map, Rule

from etwincms.routing import LazyBuildRule

RULES = (
    ("/s/<slug>/", "space"),
    ("/s/<slug>/-/materials/<int:material_id>/<path:name>", "file"),
    ("/s/<slug>/feed.atom", "feed"),
)
VALUES = (
    ("space", {"slug": "green roots"}),
    ("file", {"slug": "a", "material_id": 7, "name": "dir/ü x.pdf"}),
    ("file", {"slug": "a", "material_id": 7, "name": "n", "q": "1 2", "page": 3}),
    ("feed", {"slug": "b", "lang": "es"}),
)


def urls(rule_class: type[Rule]) -> list[str]:
    adapter = Map([rule_class(path, endpoint=name) for path, name in RULES]).bind("x")
    built = [adapter.build(name, values) for name, values in VALUES]
    return built + [adapter.build(name, values) for name, values in VALUES]  # twice


def test_lazy_rules_build_the_same_urls_and_match_the_same() -> None:
    assert urls(LazyBuildRule) == urls(Rule)
    adapter = Map([LazyBuildRule(path, endpoint=name) for path, name in RULES]).bind(
        "x"
    )
    assert adapter.match("/s/a/-/materials/7/d/f.pdf") == (
        "file",
        {"slug": "a", "material_id": 7, "name": "d/f.pdf"},
    )
