"""``etwincms blog-publish-due`` publishes scheduled posts whose time has come."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from click.testing import CliRunner

import etwincms.cli
import etwincms_blog
from etwincms.app import create_app
from etwincms.db import commit, utcnow
from etwincms.services.search import SearchQuery, search
from etwincms_blog.models import Post

from .conftest import BlogSpace


def test_the_command_publishes_due_posts_everywhere(
    blog: BlogSpace, app_config: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    diary = blog.make_blog()
    soon = utcnow() + timedelta(hours=1)
    post = blog.write(
        "teacher",
        diary,
        "Scheduled",
        body="Terraces",
        status="scheduled",
        publish_at=soon,
    )
    blog.write("teacher", diary, "Draft", status="draft")
    post.publish_at = utcnow() - timedelta(minutes=1)
    commit(blog.session)
    monkeypatch.setattr(
        etwincms.cli,
        "create_app",
        lambda: create_app(app_config, plugins=[etwincms_blog]),
    )
    monkeypatch.setattr(etwincms.cli.main, "commands", dict(etwincms.cli.main.commands))
    monkeypatch.setattr(etwincms.cli.main, "_plugins_loaded", False, raising=False)
    result = CliRunner().invoke(etwincms.cli.main, ["blog-publish-due"])
    assert result.exit_code == 0, result.output
    assert result.output == "1 scheduled post(s) published\n"
    blog.session.expire_all()
    assert blog.session.get(Post, post.id).status == "published"
    found = search(blog.session, blog.user("pupil"), SearchQuery("terraces"))
    assert [hit.title for hit in found.hits] == ["Scheduled"]
    again = CliRunner().invoke(etwincms.cli.main, ["blog-publish-due"])
    assert again.output == "0 scheduled post(s) published\n"
