"""The hooks the embed plugin publishes and the privacy hooks it implements.

A plugin adds a provider with ``register_embed_providers``: its share URLs become
embeds and its embed host joins the sanitizer's ``iframe_hosts`` (what the core's
``frame-src`` is built from). ``embed_saved`` and ``embed_deleted`` arrive after the
commit. The privacy export lists a person's embeds; erasing detaches them.
"""

from __future__ import annotations

import types
from pathlib import Path
from typing import Any
from urllib.parse import SplitResult

import pytest

import etwincms_embed
from etwincms import hookimpl
from etwincms.app import create_app
from etwincms.db import commit, get_session
from etwincms.hooktypes import PluginMeta
from etwincms.testing import make_config
from etwincms_embed import privacy, registry, services
from etwincms_embed.providers import BUILT_IN

from .conftest import EmbedSpace

HEARD: list[tuple[str, Any]] = []


def tool(url: SplitResult) -> str | None:
    return (
        f"https://player.tool.example{url.path}" if url.path.startswith("/s/") else None
    )


def make_listener() -> types.ModuleType:
    module = types.ModuleType("embed_listener")

    @hookimpl
    def register_plugin() -> PluginMeta:
        return PluginMeta(name="embed_listener", title="Listener")

    @hookimpl(optionalhook=True)
    def register_embed_providers() -> list[dict[str, Any]]:
        return [
            {
                "name": "tool",
                "label": "Tool",
                "hosts": ["tool.example"],
                "embed_host": "player.tool.example",
                "convert": tool,
            }
        ]

    @hookimpl(optionalhook=True)
    def embed_saved(embed: Any, is_new: bool) -> None:
        HEARD.append(("saved", is_new))

    @hookimpl(optionalhook=True)
    def embed_deleted(embed_id: int) -> None:
        HEARD.append(("deleted", embed_id))

    for function in (
        register_plugin,
        register_embed_providers,
        embed_saved,
        embed_deleted,
    ):
        setattr(module, function.__name__, function)
    return module


def test_iframe_hosts_are_exactly_the_providers_embed_hosts(tmp_path: Path) -> None:
    app = create_app(
        make_config(tmp_path, None), plugins=[etwincms_embed, make_listener()]
    )
    hosts = app.extensions["etwincms"].sanitizer.iframe_hosts
    assert hosts == {p.embed_host for p in BUILT_IN} | {"player.tool.example"}
    with app.test_request_context("/"):
        names = [provider.name for provider in registry.site_providers()]
        assert names[-1] == "tool"


@pytest.fixture
def plugins() -> list[Any]:
    return [etwincms_embed, make_listener()]


def test_other_plugins_providers_and_events(embeds: EmbedSpace) -> None:
    HEARD.clear()
    item = embeds.item("teacher", url="https://tool.example/s/abc")
    assert (item.provider, item.embed_url) == (
        "tool",
        "https://player.tool.example/s/abc",
    )
    services.update(
        embeds.session, embeds.user("teacher"), embeds.project, item, title="T"
    )
    commit(embeds.session)
    item_id = item.id
    services.delete(embeds.session, embeds.user("teacher"), embeds.project, item)
    commit(embeds.session)
    assert [("saved", True), ("saved", False), ("deleted", item_id)] == HEARD


def test_export_lists_a_persons_embeds_and_erase_detaches_them(
    embeds: EmbedSpace,
) -> None:
    item = embeds.item("pupil_lead", title="Our wall")
    pupil = embeds.user("pupil_lead")
    exported = privacy.export(pupil)
    assert [row["title"] for row in exported["embeds"]] == ["Our wall"]
    privacy.erase(pupil)
    commit(get_session())
    embeds.session.expire_all()
    assert item.author_id is None and privacy.export(pupil) == {"embeds": []}
